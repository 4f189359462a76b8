import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { TestBrowser } from '@gong-connector/testing';
import { startAgentApi, type AgentApiTestApp } from '../../test/agent-api.fixture.js';

type Operation = { operationId?: string; security?: Record<string, string[]>[]; requestBody?: unknown; tags?: string[]; parameters?: unknown[] };
type Document = { servers: { url: string }[]; components: { securitySchemes: Record<string, { type: string }> }; paths: Record<string, Record<string, Operation>> };

describe('/docs: the OpenAPI document in Swagger UI', () => {
  let app: AgentApiTestApp;
  let browser: TestBrowser;

  beforeAll(async () => {
    app = await startAgentApi({ AGENT_API_OAUTH_ISSUER: 'https://idp.example.com/oauth2/default' });
    browser = await TestBrowser.launch();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  const document = async (): Promise<Document> => (await (await fetch(`${app.service.url}/docs/openapi.json`)).json()) as Document;

  it('gives every operation a unique operationId, names the server, and keeps admin security apart from user security', async () => {
    const doc = await document();
    expect(doc.servers).toEqual([{ url: app.service.url }]);
    expect(Object.keys(doc.components.securitySchemes).sort()).toEqual(['admin', 'bearer', 'companyIdp']);
    const ops = Object.entries(doc.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ path, method, op })));
    const ids = ops.map((o) => o.op.operationId);
    expect(ids.every((id) => typeof id === 'string' && /^[a-z][A-Za-z]+$/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    for (const { path, method, op } of ops) {
      const schemes = (op.security ?? []).flatMap((s) => Object.keys(s));
      if (path.startsWith('/admin')) expect({ path, schemes }).toEqual({ path, schemes: ['admin'] });
      else if (path.startsWith('/.well-known')) expect(schemes).toEqual([]);
      else expect({ path, schemes }).toEqual({ path, schemes: ['bearer', 'companyIdp'] });
      if (method === 'post' && !path.endsWith('/revoke') && !/\{id\}\/redeliver$/.test(path)) expect({ path, body: op.requestBody !== undefined }).toEqual({ path, body: true });
    }
    const create = doc.paths['/admin/tokens']!['post']!.requestBody as { content: { 'application/json': { schema: { properties: Record<string, unknown> } } } };
    expect(Object.keys(create.content['application/json'].schema.properties)).toEqual(expect.arrayContaining(['user', 'scopes', 'tools', 'toolTags', 'readOnly', 'expiresIn']));
    // The coaching routes, each path parameter named as in its path.
    for (const path of ['/v1/users/{id}/coaching', '/v1/teams/{managerId}/activity', '/v1/scorecards', '/v1/library/folders', '/v1/library/folders/{id}/clips']) {
      const params = (doc.paths[path]?.['get']?.parameters ?? []) as Array<{ name: string; in: string }>;
      expect({ path, inPath: params.filter((p) => p.in === 'path').map((p) => `{${p.name}}`).filter((n) => path.includes(n)).length }).toEqual({ path, inPath: (path.match(/\{/g) ?? []).length });
    }
    expect((doc.paths['/v1/library/folders']!['get']!.parameters as Array<{ name: string }>).map((p) => p.name)).toEqual(['limit', 'cursor']);
  });

  it('renders every operation in Chromium', async () => {
    const doc = await document();
    const count = Object.values(doc.paths).reduce((n, methods) => n + Object.keys(methods).length, 0);
    const page = await browser.newPage();
    try {
      await page.goto(`${app.service.url}/docs`);
      await page.waitForSelector('.opblock', { timeout: 30_000 });
      expect(await page.locator('.opblock').count()).toBe(count);
      await expect(page.locator('.title').first().innerText()).resolves.toContain('Gong connector agent API');
      const paths = await page.locator('.opblock-summary-path').allInnerTexts();
      expect(paths.map((p) => p.replace(/\u200b/g, ''))).toEqual(expect.arrayContaining(['/v1/search', '/mcp', '/admin/tokens']));
    } finally {
      await page.close();
    }
  }, 60_000);
});
