import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ADMIN_TOKEN, CALLS, USERS, startAgentApi, type AgentApiTestApp } from '../../test/agent-api.fixture.js';

describe('admin-minted tokens with scopes, tool and tag limits, read-only', () => {
  let app: AgentApiTestApp;
  const clients: Client[] = [];

  beforeAll(async () => {
    app = await startAgentApi();
  });

  afterAll(async () => {
    for (const c of clients) await c.close();
    await app?.close();
  });

  const connect = async (token: string): Promise<Client> => {
    const client = new Client({ name: 'scoped-test', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(`${app.service.url}/mcp`), { requestInit: { headers: { authorization: `Bearer ${token}` } } }));
    clients.push(client);
    return client;
  };
  const get = (token: string, path: string): Promise<Response> => fetch(`${app.service.url}${path}`, { headers: { authorization: `Bearer ${token}` } });

  it('creates a scoped token through the admin API and shows its limits', async () => {
    const res = await fetch(`${app.service.url}/admin/tokens`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ user: USERS.alice.email, toolTags: ['accounts'], readOnly: true, expiresIn: '1d' }),
    });
    expect(res.status).toBe(201);
    await expect(res.json()).resolves.toMatchObject({ scopes: ['gong:read'], tools: null, toolTags: ['accounts'], readOnly: true, expiresAt: expect.any(String) });
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['an unknown tool', { tools: ['drop_database'] }, 'tools: unknown tool drop_database'],
    ['an unknown tag', { toolTags: ['hr'] }, 'toolTags: unknown tag hr'],
    ['an unknown scope', { scopes: ['gong:everything'] }, 'scopes: unknown scope gong:everything'],
    ['a scopes field of the wrong type', { scopes: 'gong:read' }, 'scopes'],
  ])('refuses %s with 400 naming the field', async (_, body, message) => {
    const res = await fetch(`${app.service.url}/admin/tokens`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ user: USERS.alice.email, ...body }),
    });
    expect(res.status).toBe(400);
    await expect(res.json()).resolves.toMatchObject({ error: { code: 'VALIDATION_FAILED', message: expect.stringContaining(message) } });
  });

  it('a tool-limited token lists and calls only its tools, and REST follows the same limit', async () => {
    const token = await app.token({ user: USERS.alice.email, tools: ['search_calls', 'whoami'] });
    const client = await connect(token);
    expect((await client.listTools()).tools.map((t) => t.name).sort()).toEqual(['search_calls', 'whoami']);
    const refused = await client.callTool({ name: 'get_call', arguments: { callId: CALLS.aliceAcme } }).then(
      (r) => ({ ok: r }),
      (e: unknown) => ({ error: e instanceof Error ? e.message : String(e) }),
    );
    expect(refused).toEqual({ error: expect.stringContaining('get_call is not allowed for this token') });
    expect((await get(token, '/v1/search?q=budget')).status).toBe(200);
    const calls = await get(token, `/v1/calls/${CALLS.aliceAcme}`);
    expect(calls.status).toBe(403);
    await expect(calls.json()).resolves.toMatchObject({ error: { code: 'ACCESS_DENIED', message: expect.stringContaining('limited to other tools or tags') } });
    expect(calls.headers.get('www-authenticate')).toBeNull();
  });

  it('a tag-limited read-only token sees the tools of its tag', async () => {
    const client = await connect(await app.token({ user: USERS.alice.email, toolTags: ['calls'], readOnly: true }));
    expect((await client.listTools()).tools.map((t) => t.name).sort()).toEqual(['call_summary', 'get_call', 'get_transcript', 'list_calls', 'search_calls']);
  });

  it('a token without gong:read lists only the write tools of its scope and gets 403 insufficient_scope on REST reads', async () => {
    const token = await app.token({ user: USERS.alice.email, scopes: ['gong:tasks:write'] });
    const client = await connect(token);
    expect((await client.listTools()).tools.map((t) => t.name)).toEqual(['update_task']);
    const res = await get(token, '/v1/calls');
    expect(res.status).toBe(403);
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer error="insufficient_scope", scope="gong:read", resource_metadata="http:\/\/127\.0\.0\.1:\d+\/\.well-known\/oauth-protected-resource\/mcp"$/);
  });

  it('an unknown static token gets 401 invalid_token with the metadata URL', async () => {
    const res = await get('gca_not-a-token', '/v1/calls');
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer error="invalid_token", resource_metadata=/);
  });
});
