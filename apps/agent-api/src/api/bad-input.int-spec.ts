import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { USERS, startAgentApi, type AgentApiTestApp } from '../../test/agent-api.fixture.js';

const b64 = (v: unknown): string => Buffer.from(JSON.stringify(v)).toString('base64url');
type ErrorBody = { error: { code: string; message: string; details: { path: string; message: string }[] } };

/**
 * Each input that once answered 500 (issue 22): a NUL in a free-text filter (PostgreSQL refuses the
 * byte), a list cursor whose sort value PostgreSQL cannot read, a search cursor whose score is no
 * float4, MCP `arguments` sent as a string. Each is now a 400 (or JSON-RPC -32602) naming the field.
 */
describe('bad input answers 400 naming the field, never 500', () => {
  let app: AgentApiTestApp;
  let token: string;

  beforeAll(async () => {
    app = await startAgentApi();
    token = await app.token({ user: USERS.manager.email });
  });

  afterAll(async () => {
    await app?.close();
  });

  const get = async (path: string): Promise<{ status: number; body: unknown }> => {
    const res = await fetch(`${app.service.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
    return { status: res.status, body: await res.json() };
  };
  const mcp = async (body: unknown): Promise<{ status: number; text: string }> => {
    const res = await fetch(`${app.service.url}/mcp`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        'mcp-protocol-version': '2025-11-25',
      },
      body: JSON.stringify(body),
    });
    return { status: res.status, text: await res.text() };
  };
  /** The JSON-RPC answer of a response sent as JSON or as one SSE event. */
  const rpc = (text: string): { id: unknown; error?: { code: number; message: string }; result?: { isError?: boolean; content: { text: string }[] } } => {
    const data = text.startsWith('{') ? text : text.split('\n').find((l) => l.startsWith('data: '))!.slice(6);
    return JSON.parse(data) as never;
  };

  it.each([
    ['/v1/search?q=%00', 'q'],
    ['/v1/search?q=pricing%00', 'q'],
    ['/v1/calls?text=%00', 'text'],
    ['/v1/calls?account=acme%00', 'account'],
    ['/v1/calls?participant=%00', 'participant'],
    ['/v1/search?speakerEmail=%00', 'speakerEmail[0]'],
    ['/v1/search?speakerEmail=a%40b.example,%00x', 'speakerEmail[1]'],
    ['/v1/search?account=%00', 'account[0]'],
    ['/v1/search?tracker=%00', 'tracker[0]'],
    ['/v1/search?topic=%00', 'topic[0]'],
    ['/v1/search?q=x&cursor=%00', 'cursor'],
    ['/v1/accounts?q=%00', 'q'],
    ['/v1/accounts/acme%00/research', 'id'],
    ['/v1/accounts/acme/research?q=%00', 'q'],
    ['/v1/trackers?q=%00', 'q'],
    ['/v1/calls/7000000000000000001/transcript?cursor=%00', 'cursor'],
    // Unpaired surrogates cannot arrive through a URL (they are not UTF-8); %ED%A0%80 decodes to U+FFFD.
    [`/v1/calls?cursor=${b64({ s: '1', i: '1' })}`, 'cursor'],
    [`/v1/calls?cursor=${b64({ s: '+275760-09-13T00:00:00.000Z', i: '7000000000000000001' })}`, 'cursor'],
    [`/v1/calls?cursor=${b64({ s: '0000-01-01T00:00:00Z', i: '7000000000000000001' })}`, 'cursor'],
    [`/v1/calls?cursor=${b64({ s: '2026-02-30T00:00:00Z', i: '7000000000000000001' })}`, 'cursor'],
    [`/v1/calls?cursor=${b64({ s: '2026-01-05T15:00:00.000Z', i: '7\u0000' })}`, 'cursor'],
  ])('GET %s is 400 with details[].path %s', async (path, field) => {
    const { status, body } = await get(path);
    expect({ status, body }).toMatchObject({ status: 400, body: { error: { code: 'VALIDATION_FAILED' } } });
    expect((body as ErrorBody).error.details.map((d) => d.path)).toContain(field);
  });

  it('a list cursor made by the API still pages (the stricter check refuses only unreadable ones)', async () => {
    const first = await get('/v1/calls?limit=1');
    const cursor = (first.body as { nextCursor: string }).nextCursor;
    expect(typeof cursor).toBe('string');
    const second = await get(`/v1/calls?limit=1&cursor=${cursor}`);
    expect(second.status).toBe(200);
    expect((second.body as { calls: unknown[] }).calls).toHaveLength(1);
  });

  it('a search cursor whose score PostgreSQL cannot read (1e308) is 400 naming cursor; the untampered one pages', async () => {
    const first = await get('/v1/search?q=pricing&limit=1&facets=0');
    expect(first.status).toBe(200);
    const cursor = (first.body as { nextCursor: string }).nextCursor;
    expect(typeof cursor).toBe('string');
    const decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Record<string, unknown>;
    await expect(get(`/v1/search?q=pricing&limit=1&facets=0&cursor=${cursor}`)).resolves.toMatchObject({ status: 200 });
    for (const tampered of [{ s: 1e308 }, { s: -1e308 }, { b: 2 ** 40 }, { id: 'x\u0000' }]) {
      const { status, body } = await get(`/v1/search?q=pricing&limit=1&facets=0&cursor=${b64({ ...decoded, ...tampered })}`);
      expect({ tampered, status }).toEqual({ tampered, status: 400 });
      expect((body as ErrorBody).error.details.map((d) => d.path)).toContain('cursor');
    }
  });

  it.each([
    ['a string', '{"q":"pricing"}', 'not a string'],
    ['an array', ['pricing'], 'not an array'],
    ['null', null, 'not null'],
  ])('MCP tools/call with arguments as %s is JSON-RPC -32602 with a readable message', async (_kind, args, says) => {
    const { status, text } = await mcp({ jsonrpc: '2.0', id: 7, method: 'tools/call', params: { name: 'search_calls', arguments: args } });
    expect(status).toBe(200);
    const answer = rpc(text);
    expect(answer.id).toBe(7);
    expect(answer.error?.code).toBe(-32602);
    expect(answer.error?.message).toContain('params.arguments must be a JSON object');
    expect(answer.error?.message).toContain(says);
    expect(answer.error?.message).not.toContain('invalid_type');
  });

  it('MCP tools/call without a tool name is -32602 naming params.name', async () => {
    const answer = rpc((await mcp({ jsonrpc: '2.0', id: 'a', method: 'tools/call', params: { arguments: {} } })).text);
    expect(answer.error).toMatchObject({ code: -32602, message: expect.stringContaining('params.name') });
  });

  it.each([
    ['search_calls', { q: '\u0000' }],
    ['search_calls', { q: 'x', speakerEmail: ['\u0000'] }],
    ['search_calls', { q: 'pricing \ud83d' }],
    ['list_calls', { text: '\u0000' }],
    ['list_calls', { participant: '\u0000' }],
    ['list_calls', { cursor: b64({ s: '1', i: '1' }) }],
    ['account_research', { accountName: 'acme\u0000' }],
    ['list_trackers', { q: '\u0000' }],
  ])('MCP %s with %j is refused as invalid input, naming the field, not an internal error', async (name, args) => {
    const answer = rpc((await mcp({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name, arguments: args } })).text);
    const message = answer.error?.message ?? answer.result?.content[0]?.text ?? '';
    expect(answer.error?.code === -32602 || answer.result?.isError === true).toBe(true);
    expect(message).toMatch(/NUL|unpaired surrogate|not a cursor/);
    expect(message).not.toMatch(/Internal error/);
  });
});
