import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { startGongSim, type GongSim } from '@gong-connector/testing/gong-sim';
import { startAgentApi, type AgentApiTestApp } from '../../test/agent-api.fixture.js';
import { replicateSimCompany, userSeeingAll, type SimCompany } from '../../test/sim-company.fixture.js';
import { MCP_RESULT_BUDGET_BYTES } from './agent-mcp.server-builder.js';

type ToolResult = { structuredContent?: Record<string, unknown>; content: { type: string; text: string }[]; isError?: boolean };
type Monologue = { index: number; startMs: number; text: string };

/** Bytes of a tool result as the client holds it: the text and the structured content. */
const bytesOf = (r: ToolResult): number => Buffer.byteLength(JSON.stringify({ content: r.content, structuredContent: r.structuredContent }), 'utf8');

/**
 * Results stay under the documented budget with the largest pages gong-sim can make: the longest
 * transcript (calls run up to an hour) asked in one page of 500 monologues, and a search page of 100
 * passages with 50 facet buckets. A page over budget is answered smaller, whole, with a cursor that
 * gives the rest: walking the cursors returns exactly what REST returns in one page.
 */
describe('MCP results stay under the budget with gong-sim’s largest transcript and search pages', () => {
  let sim: GongSim;
  let app: AgentApiTestApp;
  let company: SimCompany;
  let client: Client;
  let token: string;
  let longest: { id: string; bytes: number; monologues: number };

  const call = async (name: string, args: Record<string, unknown>): Promise<ToolResult> => (await client.callTool({ name, arguments: args })) as ToolResult;

  beforeAll(async () => {
    sim = await startGongSim({ port: 0, seed: 'mcp-result-budget', users: 20, accounts: 6, calls: 120, workspaces: 1, ratePerSecond: 100, transcriptDelayMs: 0 });
    app = await startAgentApi({}, { seed: async (db) => void (company = await replicateSimCompany(sim, db)) });
    // Private calls are seen by their participants only, not by the "all calls" user below.
    const open = new Set(company.calls.filter((c) => !c.isPrivate).map((c) => c.id));
    const byBytes = [...company.transcripts.values()]
      .filter((t) => open.has(t.callId))
      .map((t) => ({ id: t.callId, bytes: Buffer.byteLength(JSON.stringify(t.monologues)), monologues: t.monologues.length }))
      .sort((a, b) => b.bytes - a.bytes);
    longest = byBytes[0]!;
    const workspace = company.calls.find((c) => c.id === longest.id)!.workspaceId!;
    token = await app.token({ user: userSeeingAll(sim, workspace) });
    client = new Client({ name: 'budget-test', version: '1.0.0' }, { versionNegotiation: { mode: { pin: '2026-07-28' } } });
    await client.connect(new StreamableHTTPClientTransport(new URL(`${app.service.url}/mcp`), { requestInit: { headers: { authorization: `Bearer ${token}` } } }));
  }, 120_000);

  afterAll(async () => {
    await client?.close();
    await app?.close();
    await sim?.close();
  });

  it('the longest transcript is a real test: an hour-long call, far over the budget in one page', () => {
    const durationS = company.calls.find((c) => c.id === longest.id)!.durationS;
    expect(durationS).toBeGreaterThan(50 * 60);
    expect(longest.bytes).toBeGreaterThan(2 * MCP_RESULT_BUDGET_BYTES);
  });

  it('get_transcript answers whole pages under the budget whose cursors walk the whole transcript, as REST has it', async () => {
    const rest = (await (await fetch(`${app.service.url}/v1/calls/${longest.id}/transcript?limit=500`, { headers: { authorization: `Bearer ${token}` } })).json()) as {
      monologues: Monologue[];
      totalMonologues: number;
      nextCursor: string | null;
    };
    expect(rest.nextCursor).toBeNull();
    const walked: Monologue[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await call('get_transcript', { callId: longest.id, limit: 500, ...(cursor ? { cursor } : {}) });
      expect(page.isError).toBeFalsy();
      expect(bytesOf(page)).toBeLessThanOrEqual(MCP_RESULT_BUDGET_BYTES);
      const data = page.structuredContent as { monologues: Monologue[]; nextCursor: string | null; totalMonologues: number };
      expect(data.totalMonologues).toBe(rest.totalMonologues);
      walked.push(...data.monologues);
      cursor = data.nextCursor ?? undefined;
      if (cursor) expect(page.content[0]!.text).toContain(`cursor "${cursor}"`);
      pages++;
    } while (cursor && pages < 100);
    expect(pages).toBeGreaterThan(2);
    expect(walked).toEqual(rest.monologues);
  });

  it('search_calls answers its largest page (100 passages asked, 50 facet buckets) under the budget, and its cursors walk every passage once', async () => {
    const first = await call('search_calls', { limit: 100, facets: 50 });
    expect(first.isError).toBeFalsy();
    expect(bytesOf(first)).toBeLessThanOrEqual(MCP_RESULT_BUDGET_BYTES);
    expect(first.structuredContent!.nextCursor).toEqual(expect.any(String));

    const seen: string[] = [];
    let cursor: string | undefined;
    let total: number | undefined;
    let pages = 0;
    do {
      const page = await call('search_calls', { call: longest.id, limit: 100, facets: 50, ...(cursor ? { cursor } : {}) });
      expect(bytesOf(page)).toBeLessThanOrEqual(MCP_RESULT_BUDGET_BYTES);
      const data = page.structuredContent as { passages: { chunkId: string }[]; nextCursor: string | null; total: number };
      total = data.total;
      seen.push(...data.passages.map((p) => p.chunkId));
      cursor = data.nextCursor ?? undefined;
      pages++;
    } while (cursor && pages < 100);
    expect(seen.length).toBe(total);
    expect(new Set(seen).size).toBe(total);
    expect(pages).toBeGreaterThan(1);
  });

  it('list_calls and account_research at their largest stay under the budget', async () => {
    const listed = await call('list_calls', { limit: 100 });
    expect(listed.isError).toBeFalsy();
    expect(bytesOf(listed)).toBeLessThanOrEqual(MCP_RESULT_BUDGET_BYTES);
    const accounts = (await call('account_research', {})).structuredContent as { accounts: { id: string; callCount: number }[] };
    const biggest = [...accounts.accounts].sort((a, b) => b.callCount - a.callCount)[0]!;
    const research = await call('account_research', { accountId: biggest.id, q: 'pricing budget security timeline', passages: 50, recentCalls: 100 });
    expect(research.isError).toBeFalsy();
    expect(bytesOf(research)).toBeLessThanOrEqual(MCP_RESULT_BUDGET_BYTES);
  });
});
