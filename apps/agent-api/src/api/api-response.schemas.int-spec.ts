import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { ACME, ADMIN_TOKEN, CALLS, USERS, startAgentApi, type AgentApiTestApp } from '../../test/agent-api.fixture.js';

type Operation = { responses: Record<string, { content?: Record<string, { schema: Record<string, unknown> }> }> };
type OpenApi = { paths: Record<string, Record<string, Operation>> };

/**
 * The OpenAPI document describes every REST answer with the zod schemas of api-response.schemas.ts,
 * and real answers validate against what it publishes; the MCP tools publish the same schemas as
 * their output schemas.
 */
describe('REST response schemas in OpenAPI, shared with the MCP tools', () => {
  let app: AgentApiTestApp;
  let doc: OpenApi;
  let token: string;
  const ajv = new Ajv2020({ strict: false, allErrors: true });

  beforeAll(async () => {
    app = await startAgentApi();
    doc = (await (await fetch(`${app.service.url}/docs/openapi.json`)).json()) as OpenApi;
    token = await app.token({ user: USERS.manager.email });
  });

  afterAll(async () => {
    await app?.close();
  });

  const schemaOf = (path: string, status: string, method = 'get'): Record<string, unknown> => doc.paths[path]![method]!.responses[status]!.content!['application/json']!.schema;
  const get = async (url: string) => {
    const res = await fetch(`${app.service.url}${url}`, { headers: { authorization: `Bearer ${token}` } });
    return { status: res.status, body: (await res.json()) as unknown };
  };

  it.each([
    ['/v1/me', '/v1/me'],
    ['/v1/calls', '/v1/calls?limit=2'],
    ['/v1/calls/{callId}', `/v1/calls/${CALLS.bobAcme}`],
    ['/v1/calls/{callId}/transcript', `/v1/calls/${CALLS.bobAcme}/transcript?limit=2`],
    ['/v1/search', '/v1/search?q=budget&facets=5'],
    ['/v1/accounts', '/v1/accounts'],
    ['/v1/accounts/{id}/research', `/v1/accounts/${encodeURIComponent(ACME)}/research?q=security`],
  ])('%s: a real 200 answer validates against the published schema', async (path, url) => {
    const { status, body } = await get(url);
    expect(status).toBe(200);
    const validate = ajv.compile(schemaOf(path, '200'));
    expect({ path, errors: validate(body) ? null : validate.errors }).toEqual({ path, errors: null });
  });

  it('every operation describes its success answer with a schema', () => {
    for (const [path, operations] of Object.entries(doc.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        const success = Object.entries(operation.responses).find(([status]) => status.startsWith('2'));
        const content = success?.[1].content ?? {};
        expect({ path, method, schema: Object.values(content)[0]?.schema !== undefined }).toEqual({ path, method, schema: true });
      }
    }
  });

  it('admin answers validate against the published schemas, and the MCP answer against JSON-RPC', async () => {
    const admin = async (method: string, url: string, body?: unknown) => {
      const res = await fetch(`${app.service.url}${url}`, { method, headers: { authorization: `Bearer ${ADMIN_TOKEN}`, ...(body ? { 'content-type': 'application/json' } : {}) }, ...(body ? { body: JSON.stringify(body) } : {}) });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };
    const check = (path: string, method: string, status: string, body: unknown) => {
      const validate = ajv.compile(schemaOf(path, status, method));
      expect({ path, method, errors: validate(body) ? null : validate.errors }).toEqual({ path, method, errors: null });
    };
    const created = await admin('POST', '/admin/tokens', { user: USERS.alice.email });
    expect(created.status).toBe(201);
    check('/admin/tokens', 'post', '201', created.body);
    check('/admin/tokens', 'get', '200', (await admin('GET', '/admin/tokens')).body);
    check('/admin/tokens/{id}/expire', 'post', '200', (await admin('POST', `/admin/tokens/${String(created.body.id)}/expire`, {})).body);
    const other = await admin('POST', '/admin/tokens', { user: USERS.bob.email });
    check('/admin/tokens/{id}/revoke', 'post', '200', (await admin('POST', `/admin/tokens/${String(other.body.id)}/revoke`)).body);
    const subscription = await admin('POST', '/admin/webhooks', { url: 'https://hooks.example.com/gong', events: ['call.indexed'], principal: { kind: 'user', user: 'someone@example.com' } });
    expect(subscription.status).toBe(201);
    check('/admin/webhooks', 'post', '201', subscription.body);
    check('/admin/webhooks', 'get', '200', (await admin('GET', '/admin/webhooks')).body);
    check('/admin/webhooks/deliveries', 'get', '200', (await admin('GET', '/admin/webhooks/deliveries?status=dead')).body);
    check('/admin/webhooks/deliveries/redeliver', 'post', '200', (await admin('POST', '/admin/webhooks/deliveries/redeliver', { ids: ['00000000-0000-4000-8000-000000000001'] })).body);

    const rpc = await fetch(`${app.service.url}/mcp`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } } }),
    });
    const text = await rpc.text();
    const message = JSON.parse(text.startsWith('{') ? text : text.split('\n').find((l) => l.startsWith('data: '))!.slice(6)) as unknown;
    check('/mcp', 'post', '200', message);
  });

  it('an answer missing a field the schema requires does not validate (the check can fail)', async () => {
    const { body } = await get(`/v1/calls/${CALLS.bobAcme}`);
    const { parties: _parties, ...withoutParties } = body as Record<string, unknown>;
    expect(ajv.compile(schemaOf('/v1/calls/{callId}', '200'))(withoutParties)).toBe(false);
    expect(ajv.compile(schemaOf('/v1/calls/{callId}', '200'))({ ...(body as object), id: 7 })).toBe(false);
  });

  it('404 and 400 answers validate against the published error schema', async () => {
    const missing = await get('/v1/calls/7999999999999999999');
    expect(missing.status).toBe(404);
    expect(ajv.compile(schemaOf('/v1/calls/{callId}', '404'))(missing.body)).toBe(true);
    const bad = await get('/v1/calls?limit=0&from=yesterday');
    expect(bad.status).toBe(400);
    expect(ajv.compile(schemaOf('/v1/calls', '400'))(bad.body)).toBe(true);
  });

  it('the MCP tools publish the REST response schemas as their output schemas', async () => {
    const client = new Client({ name: 'schemas', version: '1.0.0' }, { versionNegotiation: { mode: { pin: '2026-07-28' } } });
    await client.connect(new StreamableHTTPClientTransport(new URL(`${app.service.url}/mcp`), { requestInit: { headers: { authorization: `Bearer ${token}` } } }));
    const { tools } = await client.listTools();
    await client.close();
    const propertiesOf = (schema: unknown): string[] => Object.keys((schema as { properties: Record<string, unknown> }).properties).sort();
    const tool = (name: string) => tools.find((t) => t.name === name)!.outputSchema;
    expect(propertiesOf(tool('get_call'))).toEqual(propertiesOf(schemaOf('/v1/calls/{callId}', '200')));
    expect(propertiesOf(tool('list_calls'))).toEqual(propertiesOf(schemaOf('/v1/calls', '200')));
    expect(propertiesOf(tool('get_transcript'))).toEqual(propertiesOf(schemaOf('/v1/calls/{callId}/transcript', '200')));
    expect(propertiesOf(tool('search_calls'))).toEqual(propertiesOf(schemaOf('/v1/search', '200')));
  });
});
