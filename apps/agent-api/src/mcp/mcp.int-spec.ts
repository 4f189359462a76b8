import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Client as V2Client, StreamableHTTPClientTransport as V2HttpTransport } from '@modelcontextprotocol/client';
import { Client as V1Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport as V1HttpTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { context as otelContext, propagation, trace } from '@opentelemetry/api';
import { InMemorySpanExporter, NodeTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-node';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { ACME, CALLS, GLOBEX, USERS, startAgentApi, type AgentApiTestApp } from '../../test/agent-api.fixture.js';
import { ApiRequestSchemas } from '../api/api-request.schemas.js';

type ToolResult = { structuredContent?: Record<string, unknown>; content: { type: string; text?: string }[]; isError?: boolean };
type Listed = { name: string; description?: string; annotations?: Record<string, unknown>; inputSchema: { properties?: Record<string, unknown> }; outputSchema?: Record<string, unknown> };

/** What the spec needs of an MCP client, v1 SDK or v2 SDK alike. */
interface McpClient {
  readonly kind: string;
  listTools(): Promise<{ tools: Listed[] }>;
  call(name: string, args: Record<string, unknown>, meta?: Record<string, unknown>): Promise<ToolResult>;
  protocolVersion(): string | undefined;
  instructions(): string | undefined;
  close(): Promise<void>;
}

const MODERN = '2026-07-28';

/** The clients the connector must serve: the v2 SDK on 2026-07-28, and the v1 SDK (2025-11-25) and a 2025-06-18 client. */
const CLIENT_KINDS = ['v2 SDK, 2026-07-28', 'v1 SDK, 2025-11-25', 'v2 SDK, 2025-06-18'] as const;
type ClientKind = (typeof CLIENT_KINDS)[number];

describe('MCP over Streamable HTTP, with the v1 and v2 SDK clients, as two users with different access', () => {
  let app: AgentApiTestApp;
  const clients: McpClient[] = [];
  const url = (): URL => new URL(`${app.service.url}/mcp`);
  const auth = (token: string) => ({ requestInit: { headers: { authorization: `Bearer ${token}` } } });

  const connect = async (token: string, kind: ClientKind = 'v2 SDK, 2026-07-28'): Promise<McpClient> => {
    let client: McpClient;
    if (kind === 'v1 SDK, 2025-11-25') {
      const c = new V1Client({ name: 'agent-api-test-v1', version: '1.0.0' });
      const transport = new V1HttpTransport(url(), auth(token));
      await c.connect(transport);
      client = {
        kind,
        listTools: async () => (await c.listTools()) as { tools: Listed[] },
        call: async (name, args, meta) => (await c.callTool({ name, arguments: args, ...(meta ? { _meta: meta } : {}) })) as ToolResult,
        protocolVersion: () => transport.protocolVersion,
        instructions: () => c.getInstructions(),
        close: () => c.close(),
      };
    } else {
      const modern = kind === 'v2 SDK, 2026-07-28';
      const c = new V2Client(
        { name: 'agent-api-test-v2', version: '1.0.0' },
        modern ? { versionNegotiation: { mode: { pin: MODERN } } } : { supportedProtocolVersions: ['2025-06-18'] },
      );
      await c.connect(new V2HttpTransport(url(), auth(token)));
      client = {
        kind,
        listTools: async () => (await c.listTools()) as { tools: Listed[] },
        call: async (name, args, meta) => (await c.callTool({ name, arguments: args, ...(meta ? { _meta: meta } : {}) })) as ToolResult,
        protocolVersion: () => c.getNegotiatedProtocolVersion(),
        instructions: () => c.getInstructions(),
        close: () => c.close(),
      };
    }
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    app = await startAgentApi();
  });

  afterAll(async () => {
    for (const c of clients) await c.close();
    await app?.close();
  });

  it.each(CLIENT_KINDS)('serves the %s client: its protocol revision, the instructions, the tools and a call', async (kind) => {
    const client = await connect(await app.token({ user: USERS.alice.email }), kind);
    expect(client.protocolVersion()).toBe(kind.split(', ')[1]);
    expect(client.instructions()).toMatch(/what the signed-in Gong user may see/);
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual([
      'account_research', 'call_summary', 'competitor_trends', 'deal_risk', 'flows_for_prospects', 'get_call', 'get_transcript', 'library', 'list_calls', 'list_flows', 'list_tasks',
      'list_trackers', 'meeting_prep', 'rep_scorecard', 'scorecards', 'search_calls', 'team_activity', 'whoami',
    ]);
    for (const t of tools) {
      expect(t.description!.length).toBeGreaterThan(80);
      // The Engage reads answer live from Gong (an open world); the others from the replica.
      const live = ['list_flows', 'flows_for_prospects', 'list_tasks', 'meeting_prep'].includes(t.name);
      expect(t.annotations).toEqual({ readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: live });
      expect(t.outputSchema).toMatchObject({ type: 'object' });
    }
    const who = await client.call('whoami', {});
    expect(who.structuredContent).toMatchObject({ user: { id: USERS.alice.id } });
    const hits = await client.call('search_calls', { q: 'budget' });
    expect(new Set((hits.structuredContent!.passages as { callId: string }[]).map((p) => p.callId))).toEqual(new Set([CALLS.aliceAcme]));
  });

  it('takes W3C trace context in _meta on 2026-07-28 calls', async () => {
    const client = await connect(await app.token({ user: USERS.alice.email }));
    // Tracing on in this process for the call: the tool call's span is a child of the client's span in _meta.
    const exporter = new InMemorySpanExporter();
    const provider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
    provider.register();
    try {
      const traced = await client.call('whoami', {}, { traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01', tracestate: 'gc=1' });
      expect(traced.isError).toBeFalsy();
      expect(traced.structuredContent).toMatchObject({ user: { id: USERS.alice.id } });
      const span = exporter.getFinishedSpans().find((s) => s.name === 'tools/call whoami');
      expect(span?.spanContext().traceId).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
      expect(span?.parentSpanContext?.spanId).toBe('00f067aa0ba902b7');
      expect(span?.attributes).toMatchObject({ 'mcp.method.name': 'tools/call', 'gen_ai.tool.name': 'whoami' });
    } finally {
      await provider.shutdown();
      trace.disable();
      propagation.disable();
      otelContext.disable();
    }
  });

  it('answers every tool with structured content valid against its published output schema (real data, both clients)', async () => {
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    const calls: [string, Record<string, unknown>][] = [
      ['whoami', {}],
      ['search_calls', { q: 'budget', facets: 5 }],
      ['list_calls', {}],
      ['get_call', { callId: CALLS.bobAcme }],
      ['get_transcript', { callId: CALLS.bobAcme, limit: 2 }],
      ['account_research', { accountName: 'acme', q: 'security review' }],
      ['account_research', {}],
    ];
    for (const kind of ['v2 SDK, 2026-07-28', 'v1 SDK, 2025-11-25'] as const) {
      const manager = await connect(await app.token({ user: USERS.manager.email }), kind);
      const { tools } = await manager.listTools();
      for (const [name, args] of calls) {
        const result = await manager.call(name, args);
        expect({ name, isError: result.isError ?? false }).toEqual({ name, isError: false });
        const validate = ajv.compile(tools.find((t) => t.name === name)!.outputSchema!);
        const valid = validate(result.structuredContent);
        expect({ name, kind, errors: valid ? null : validate.errors }).toEqual({ name, kind, errors: null });
      }
    }
  });

  it('publishes date parameters as a short pattern with a description, and still refuses a bad date', async () => {
    const client = await connect(await app.token({ user: USERS.manager.email }));
    const { tools } = await client.listTools();
    for (const name of ['search_calls', 'list_calls']) {
      const from = tools.find((t) => t.name === name)!.inputSchema.properties!.from as { type: string; pattern: string; description: string };
      expect(from).toMatchObject({ type: 'string' });
      expect(from.pattern.length).toBeLessThan(80);
      expect(from.description).toMatch(/ISO 8601/);
    }
    for (const t of tools) for (const [param, schema] of Object.entries(t.inputSchema.properties ?? {})) expect({ tool: t.name, param, described: typeof (schema as { description?: unknown }).description }).toEqual({ tool: t.name, param, described: 'string' });
    for (const from of ['2026-02-30T25:00:00Z', '2026-13-01', '2026-02-30']) {
      const bad = await client.call('list_calls', { from });
      expect({ from, isError: bad.isError }).toEqual({ from, isError: true });
      expect(bad.content[0]!.text).toMatch(/ISO 8601/);
    }
    const good = await client.call('list_calls', { from: '2026-01-08T00:00:00Z' });
    expect((good.structuredContent!.calls as { id: string }[]).map((c) => c.id).sort()).toEqual([CALLS.bobAcme, CALLS.bobGlobex].sort());
  });

  it.each(['v2 SDK, 2026-07-28', 'v1 SDK, 2025-11-25'] as const)('searches and reads transcripts with the %s client; the restricted user never sees the other user’s calls', async (kind) => {
    const alice = await connect(await app.token({ user: USERS.alice.email }), kind);
    const manager = await connect(await app.token({ user: USERS.manager.email }), kind);

    const managerHits = await manager.call('search_calls', { q: 'budget', limit: 10 });
    const managerCalls = new Set((managerHits.structuredContent!.passages as { callId: string }[]).map((p) => p.callId));
    expect(managerCalls).toEqual(new Set(Object.values(CALLS)));

    const aliceHits = await alice.call('search_calls', { q: 'budget', limit: 10 });
    const aliceCalls = new Set((aliceHits.structuredContent!.passages as { callId: string }[]).map((p) => p.callId));
    expect(aliceCalls).toEqual(new Set([CALLS.aliceAcme]));
    expect(aliceHits.content[0]!.text).toContain('Acme discovery');
    for (const word of ['anvils', 'turbines', 'Globex']) {
      const probe = await alice.call('search_calls', { q: word });
      expect(probe.structuredContent).toMatchObject({ total: 0, passages: [] });
    }

    const mine = await alice.call('get_transcript', { callId: CALLS.aliceAcme, limit: 2 });
    expect(mine.isError).toBeFalsy();
    expect(mine.structuredContent).toMatchObject({ callId: CALLS.aliceAcme, totalMonologues: 3, nextCursor: '2' });
    expect(mine.content[0]!.text).toContain('Alice Rep (Internal): Thanks for joining');
    const rest = await alice.call('get_transcript', { callId: CALLS.aliceAcme, cursor: '2' });
    expect(rest.structuredContent).toMatchObject({ nextCursor: null });

    const theirs = await alice.call('get_transcript', { callId: CALLS.bobAcme });
    expect(theirs.isError).toBe(true);
    expect(theirs.content[0]!.text).toMatch(/^NOT_FOUND/);
    expect(JSON.stringify(theirs)).not.toContain('anvils');
    const theirCall = await alice.call('get_call', { callId: CALLS.bobAcme });
    expect(theirCall.isError).toBe(true);
    expect(JSON.stringify(theirCall)).not.toContain('negotiation');
    const managerReads = await manager.call('get_transcript', { callId: CALLS.bobAcme });
    expect(managerReads.content[0]!.text).toContain('anvils');

    const listed = await alice.call('list_calls', {});
    expect((listed.structuredContent!.calls as { id: string }[]).map((c) => c.id)).toEqual([CALLS.aliceAcme]);
    const research = await alice.call('account_research', { accountName: 'acme', q: 'security review' });
    expect(research.structuredContent).toMatchObject({ callCount: 1, account: { name: 'Acme Corp' } });
    expect((research.structuredContent!.passages as { callId: string }[]).every((p) => p.callId === CALLS.aliceAcme)).toBe(true);
    const hiddenAccount = await alice.call('account_research', { accountName: 'globex' });
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
    expect(callsOf(await manager.call('search_calls', { q: 'budget', account: [ACME] }))).toEqual(acmeCalls);
    expect(callsOf(await manager.call('search_calls', { q: 'budget', account: ACME }))).toEqual(acmeCalls);
    const external = await manager.call('search_calls', { q: 'budget', speakerAffiliation: ['External'] });
    expect((external.structuredContent!.passages as { speaker: { affiliation: string } }[]).map((p) => p.speaker.affiliation)).toEqual(['External', 'External', 'External']);
    const internal = await manager.call('search_calls', { speakerAffiliation: 'Internal', call: CALLS.bobGlobex });
    expect(internal.structuredContent).toMatchObject({ total: 2 });
    const page = await manager.call('search_calls', { q: '"budget"', limit: '2' });
    expect(page.structuredContent).toMatchObject({ total: 3, nextCursor: expect.any(String) });
    expect(page.structuredContent!.passages).toHaveLength(2);

    const ids = (r: ToolResult): string[] => (r.structuredContent!.calls as { id: string }[]).map((c) => c.id);
    expect(ids(await manager.call('list_calls', { account: GLOBEX }))).toEqual([CALLS.bobGlobex]);
    expect(ids(await manager.call('list_calls', { text: 'negotiation', limit: 5 }))).toEqual([CALLS.bobAcme]);
    const ranged = await manager.call('get_transcript', { callId: CALLS.bobAcme, fromMs: 5000, toMs: 8000 });
    expect((ranged.structuredContent!.monologues as { speaker: { affiliation: string } }[]).map((m) => m.speaker.affiliation)).toEqual(['External']);

    // Arguments are checked like REST's query string: a name the request does not have is refused, and named.
    const unknown = await manager.call('search_calls', { query: 'budget' });
    expect(unknown.isError).toBe(true);
    expect(unknown.content[0]!.text).toContain('query');
    const outOfRange = await manager.call('list_calls', { limit: 0 });
    expect(outOfRange.isError).toBe(true);
  });

  it.each(['v2 SDK, 2026-07-28', 'v1 SDK, 2025-11-25'] as const)('refuses a %s connection without a valid token', async (kind) => {
    if (kind === 'v1 SDK, 2025-11-25') {
      const client = new V1Client({ name: 'anonymous', version: '1.0.0' });
      await expect(client.connect(new V1HttpTransport(url()))).rejects.toThrow(/401|UNAUTHENTICATED|Unauthorized/i);
    } else {
      const client = new V2Client({ name: 'anonymous', version: '1.0.0' }, { versionNegotiation: { mode: { pin: MODERN } } });
      await expect(client.connect(new V2HttpTransport(url(), auth('gca_not-a-token')))).rejects.toThrow(/401|UNAUTHENTICATED|Unauthorized/i);
    }
  });

  it('answers malformed MCP requests 4xx (or a JSON-RPC error), never 500', async () => {
    const token = await app.token({ user: USERS.alice.email });
    const post = (body: string, headers: Record<string, string> = {}) =>
      fetch(url(), { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers }, body });
    const envelope = { 'io.modelcontextprotocol/protocolVersion': MODERN, 'io.modelcontextprotocol/clientInfo': { name: 'raw', version: '1' }, 'io.modelcontextprotocol/clientCapabilities': {} };
    const cases: [string, Response][] = [
      ['not JSON-RPC', await post('{}')],
      ['an empty batch', await post('[]')],
      ['not JSON', await post('{"jsonrpc":')],
      ['2026-07-28 without its headers', await post(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'whoami', arguments: {}, _meta: envelope } }))],
      ['Mcp-Name naming another tool', await post(JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'whoami', arguments: {}, _meta: envelope } }), { 'mcp-protocol-version': MODERN, 'mcp-method': 'tools/call', 'mcp-name': 'get_call' })],
      ['an unknown revision', await post(JSON.stringify({ jsonrpc: '2.0', id: 3, method: 'tools/list', params: { _meta: { ...envelope, 'io.modelcontextprotocol/protocolVersion': '2099-01-01' } } }), { 'mcp-protocol-version': '2099-01-01', 'mcp-method': 'tools/list' })],
    ];
    for (const [what, res] of cases) {
      const body = await res.text();
      expect({ what, serverError: res.status >= 500 }).toEqual({ what, serverError: false });
      if (res.status === 200) expect({ what, body }).toEqual({ what, body: expect.stringContaining('"error"') });
    }
    const ok = await post(JSON.stringify({ jsonrpc: '2.0', id: 4, method: 'tools/call', params: { name: 'whoami', arguments: {}, _meta: envelope } }), { 'mcp-protocol-version': MODERN, 'mcp-method': 'tools/call', 'mcp-name': 'whoami' });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('ratelimit-policy')).toMatch(/^"per-token";q=\d+;w=\d+$/);
    await expect(ok.json()).resolves.toMatchObject({ id: 4, result: { structuredContent: { user: { id: USERS.alice.id } } } });
  });

  it('answers GET and DELETE on /mcp with 405 (stateless: no stream or session to open or end)', async () => {
    const token = await app.token({ user: USERS.alice.email });
    for (const method of ['GET', 'DELETE']) {
      const res = await fetch(url(), { method, headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' } });
      expect({ method, status: res.status }).toEqual({ method, status: 405 });
    }
  });
});
