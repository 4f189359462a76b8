import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ACME, CALLS, GLOBEX, USERS, startAgentApi, type AgentApiTestApp } from '../../test/agent-api.fixture.js';
import { ApiRequestSchemas } from '../api/api-request.schemas.js';

type ToolResult = { structuredContent?: Record<string, unknown>; content: { type: string; text?: string }[]; isError?: boolean };

describe('MCP over Streamable HTTP, with the SDK client, as two users with different access', () => {
  let app: AgentApiTestApp;
  const clients: Client[] = [];

  const connect = async (token: string): Promise<Client> => {
    const client = new Client({ name: 'agent-api-test', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(`${app.service.url}/mcp`), { requestInit: { headers: { authorization: `Bearer ${token}` } } }));
    clients.push(client);
    return client;
  };
  const call = async (client: Client, name: string, args: Record<string, unknown>): Promise<ToolResult> => (await client.callTool({ name, arguments: args })) as ToolResult;

  beforeAll(async () => {
    app = await startAgentApi();
  });

  afterAll(async () => {
    for (const c of clients) await c.close();
    await app?.close();
  });

  it('lists the read-only tools with descriptions written for a model', async () => {
    const client = await connect(await app.token({ user: USERS.alice.email }));
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(['account_research', 'call_summary', 'get_call', 'get_transcript', 'list_calls', 'list_trackers', 'search_calls', 'whoami']);
    for (const t of tools) {
      expect(t.description!.length).toBeGreaterThan(80);
      expect(t.annotations?.readOnlyHint).toBe(true);
    }
    const who = await call(client, 'whoami', {});
    expect(who.structuredContent).toMatchObject({ user: { id: USERS.alice.id } });
  });

  it('searches and reads transcripts; the restricted user never sees the other user’s calls', async () => {
    const alice = await connect(await app.token({ user: USERS.alice.email }));
    const manager = await connect(await app.token({ user: USERS.manager.email }));

    const managerHits = await call(manager, 'search_calls', { q: 'budget', limit: 10 });
    const managerCalls = new Set((managerHits.structuredContent!.passages as { callId: string }[]).map((p) => p.callId));
    expect(managerCalls).toEqual(new Set(Object.values(CALLS)));

    const aliceHits = await call(alice, 'search_calls', { q: 'budget', limit: 10 });
    const aliceCalls = new Set((aliceHits.structuredContent!.passages as { callId: string }[]).map((p) => p.callId));
    expect(aliceCalls).toEqual(new Set([CALLS.aliceAcme]));
    expect(aliceHits.content[0]!.text).toContain('Acme discovery');
    for (const word of ['anvils', 'turbines', 'Globex']) {
      const probe = await call(alice, 'search_calls', { q: word });
      expect(probe.structuredContent).toMatchObject({ total: 0, passages: [] });
    }

    const mine = await call(alice, 'get_transcript', { callId: CALLS.aliceAcme, limit: 2 });
    expect(mine.isError).toBeFalsy();
    expect(mine.structuredContent).toMatchObject({ callId: CALLS.aliceAcme, totalMonologues: 3, nextCursor: '2' });
    expect(mine.content[0]!.text).toContain('Alice Rep (Internal): Thanks for joining');
    const rest = await call(alice, 'get_transcript', { callId: CALLS.aliceAcme, cursor: '2' });
    expect(rest.structuredContent).toMatchObject({ nextCursor: null });

    const theirs = await call(alice, 'get_transcript', { callId: CALLS.bobAcme });
    expect(theirs.isError).toBe(true);
    expect(theirs.content[0]!.text).toMatch(/^NOT_FOUND/);
    expect(JSON.stringify(theirs)).not.toContain('anvils');
    const managerReads = await call(manager, 'get_transcript', { callId: CALLS.bobAcme });
    expect(managerReads.content[0]!.text).toContain('anvils');

    const listed = await call(alice, 'list_calls', {});
    expect((listed.structuredContent!.calls as { id: string }[]).map((c) => c.id)).toEqual([CALLS.aliceAcme]);
    const research = await call(alice, 'account_research', { accountName: 'acme', q: 'security review' });
    expect(research.structuredContent).toMatchObject({ callCount: 1, account: { name: 'Acme Corp' } });
    expect((research.structuredContent!.passages as { callId: string }[]).every((p) => p.callId === CALLS.aliceAcme)).toBe(true);
    const hiddenAccount = await call(alice, 'account_research', { accountName: 'globex' });
    expect(hiddenAccount.structuredContent).toMatchObject({ accounts: [] });
  });

  it('takes the REST request’s arguments, as JSON (arrays, numbers) or as REST’s strings', async () => {
    const manager = await connect(await app.token({ user: USERS.manager.email }));
    const { tools } = await manager.listTools();
    const argsOf = (name: string): string[] => Object.keys(tools.find((t) => t.name === name)!.inputSchema.properties ?? {}).sort();
    expect(argsOf('search_calls')).toEqual(Object.keys(ApiRequestSchemas.search.shape).sort());
    expect(argsOf('list_calls')).toEqual(Object.keys(ApiRequestSchemas.listCalls.shape).sort());
    expect(argsOf('get_call')).toEqual(['callId']);
    expect(argsOf('get_transcript')).toEqual(['callId', ...Object.keys(ApiRequestSchemas.transcript.shape)].sort());
    expect(argsOf('account_research')).toEqual(['accountId', 'accountName', ...Object.keys(ApiRequestSchemas.accountResearch.shape)].sort());

    const callsOf = (r: ToolResult): Set<string> => new Set((r.structuredContent!.passages as { callId: string }[]).map((p) => p.callId));
    const acmeCalls = new Set([CALLS.aliceAcme, CALLS.bobAcme]);
    expect(callsOf(await call(manager, 'search_calls', { q: 'budget', account: [ACME] }))).toEqual(acmeCalls);
    expect(callsOf(await call(manager, 'search_calls', { q: 'budget', account: ACME }))).toEqual(acmeCalls);
    const external = await call(manager, 'search_calls', { q: 'budget', speakerAffiliation: ['External'] });
    expect((external.structuredContent!.passages as { speaker: { affiliation: string } }[]).map((p) => p.speaker.affiliation)).toEqual(['External', 'External', 'External']);
    const internal = await call(manager, 'search_calls', { speakerAffiliation: 'Internal', call: CALLS.bobGlobex });
    expect(internal.structuredContent).toMatchObject({ total: 2 });
    const page = await call(manager, 'search_calls', { q: 'budget', limit: '2' });
    expect(page.structuredContent).toMatchObject({ total: 3, nextCursor: expect.any(String) });
    expect(page.structuredContent!.passages).toHaveLength(2);

    const ids = (r: ToolResult): string[] => (r.structuredContent!.calls as { id: string }[]).map((c) => c.id);
    expect(ids(await call(manager, 'list_calls', { account: GLOBEX }))).toEqual([CALLS.bobGlobex]);
    expect(ids(await call(manager, 'list_calls', { text: 'negotiation', limit: 5 }))).toEqual([CALLS.bobAcme]);
    const ranged = await call(manager, 'get_transcript', { callId: CALLS.bobAcme, fromMs: 5000, toMs: 8000 });
    expect((ranged.structuredContent!.monologues as { speaker: { affiliation: string } }[]).map((m) => m.speaker.affiliation)).toEqual(['External']);

    // Arguments are checked like REST's query string: a name the request does not have is refused, and named.
    const unknown = await call(manager, 'search_calls', { query: 'budget' });
    expect(unknown.isError).toBe(true);
    expect(unknown.content[0]!.text).toContain('query');
    const outOfRange = await call(manager, 'list_calls', { limit: 0 });
    expect(outOfRange.isError).toBe(true);
  });

  it('refuses a connection without a valid token', async () => {
    const client = new Client({ name: 'anonymous', version: '1.0.0' });
    await expect(client.connect(new StreamableHTTPClientTransport(new URL(`${app.service.url}/mcp`)))).rejects.toThrow(/401|UNAUTHENTICATED|Unauthorized/i);
  });
});
