import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { LocalPacer } from '@gong-connector/gong-client';
import { bootstrapService, createLogger, type ServiceHandle } from '@gong-connector/platform';
import { LogCapture } from '@gong-connector/testing';
import { startGongSim, type GongSim } from '@gong-connector/testing/gong-sim';
import { ADMIN_TOKEN, startAgentApi, startReplica, type AgentApiTestApp } from '../../test/agent-api.fixture.js';
import { replicateSimCompany } from '../../test/sim-company.fixture.js';
import { AgentApiModule } from '../agent-api.module.js';
import { estimateAiCredits } from './ai-credits.estimate.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- tool answers read in assertions

const BRIEF = 'GET /v2/entities/get-brief';
const ASK = 'GET /v2/entities/ask-entity';
const AI_TOOLS = ['list_briefs', 'gong_brief', 'ask_gong'];

/**
 * Gong's own AI over MCP (the SDK's client) and REST against gong-sim: refused while the deployment
 * has it off; a token without gong:ai never sees the tools; with both, a brief or answer is one Gong
 * request at first, then served from the cache (the sim's request log shows no second request),
 * counted in the metric and appended to the audit; a user who may not see any call of an account is
 * refused without a Gong request (leak test, against a reference model from the sim's ground
 * truth), and cited calls the user may not see are never named; when the sim's credits run out the
 * answer says so clearly (402 on REST).
 */
describe('Gong AI (gong_brief, ask_gong, list_briefs) against gong-sim', () => {
  let sim: GongSim;
  let app: AgentApiTestApp;
  let off: ServiceHandle;
  const clients: Client[] = [];
  const permits = new LocalPacer({ requestsPerSecond: 50 });
  let rep: { id: string; emailAddress: string };
  let visible: Set<string>;
  let seenAccount: string;
  let unseenAccount: string;
  let workspaceId: string;
  const tokens = { ai: '', read: '' };
  /** The agent API's clock: real time plus what a test skips ahead (the cache TTL). */
  let skippedMs = 0;
  const clock = { now: () => Date.now() + skippedMs };

  const connect = async (url: string, token: string): Promise<Client> => {
    const client = new Client({ name: 'gong-ai-test', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(`${url}/mcp`), { requestInit: { headers: { authorization: `Bearer ${token}` } } }));
    clients.push(client);
    return client;
  };
  const call = async (token: string, name: string, args: Json, url = app.service.url): Promise<{ isError: boolean; data: Json; text: string }> => {
    const r = await (await connect(url, token)).callTool({ name, arguments: args });
    return { isError: r.isError === true, data: (r.structuredContent ?? {}) as Json, text: (r.content as Array<{ text: string }>)[0]?.text ?? '' };
  };
  const post = async (path: string, token: string, body: Json, url = app.service.url) => {
    const res = await fetch(`${url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: res.status, body: (await res.json()) as Json };
  };
  const requests = (endpoint: string) => Object.values(sim.stats().byEndpoint[endpoint] ?? {}).reduce((a: number, n) => a + Number(n), 0);
  const audit = async (tool: string): Promise<Json[]> => {
    const res = await fetch(`${app.service.url}/admin/audit?tool=${tool}&user=${rep.id}`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    return ((await res.json()) as Json).lines;
  };
  const metric = async (tool: string, outcome: string): Promise<number> => {
    const text = await (await fetch(`${app.service.url}/metrics`)).text();
    const line = text.split('\n').find((l) => l.startsWith('agent_api_gong_ai_uses_total{') && l.includes(`tool="${tool}"`) && l.includes(`outcome="${outcome}"`));
    return line ? Number(line.split(' ').pop()) : 0;
  };

  beforeAll(async () => {
    sim = await startGongSim({ port: 0, seed: 'gong-ai-int', users: 16, accounts: 6, calls: 60, days: 30, transcriptDelayMs: 0, ratePerSecond: 1000 });
    // Reference model: a user whose every profile sees only their own calls; what they may see.
    const truth = sim.groundTruth({ includeCalls: true });
    const own = truth.users.filter((u) => u.active && !u.isAvatar && truth.profileAssignments.some((a) => a.userId === u.id) && truth.profileAssignments.filter((a) => a.userId === u.id).every((a) => a.callsAccessLevel === 'own'));
    const calls = truth.calls!.filter((c) => Date.parse(c.started) <= sim.clock.now());
    const visibleTo = (userId: string) =>
      new Set(calls.filter((c) => c.primaryUserId === userId || c.participantUserIds.includes(userId) || (!c.isPrivate && truth.usersAccess.some((g) => g.callId === c.id && g.userIds.includes(userId)))).map((c) => c.id));
    const accountsOf = (ids: Set<string>) => new Set(calls.filter((c) => ids.has(c.id) && c.hasCrmContext && c.accountCrmId).map((c) => c.accountCrmId!));
    const allAccounts = accountsOf(new Set(calls.map((c) => c.id)));
    const pick = own.find((u) => accountsOf(visibleTo(u.id)).size > 0 && [...allAccounts].some((a) => !accountsOf(visibleTo(u.id)).has(a)))!;
    expect(pick).toBeDefined();
    rep = { id: pick.id, emailAddress: pick.emailAddress };
    visible = visibleTo(rep.id);
    seenAccount = [...accountsOf(visible)][0]!;
    unseenAccount = [...allAccounts].find((a) => !accountsOf(visible).has(a))!;
    workspaceId = calls.find((c) => visible.has(c.id) && c.accountCrmId === seenAccount && c.hasCrmContext)!.workspaceId;

    app = await startAgentApi(
      {
        GONG_BASE_URL: sim.baseUrl,
        GONG_ACCESS_KEY: sim.credentials.accessKey,
        GONG_ACCESS_KEY_SECRET: sim.credentials.accessKeySecret,
        GONG_PERMIT_SOURCE: 'local',
        AGENT_API_GONG_AI: 'true',
      },
      { seed: async (db) => void (await replicateSimCompany(sim, db)), permits, clock },
    );
    // The same deployment with Gong AI off (the default): another instance over the same database.
    const logs = new LogCapture();
    off = await bootstrapService(
      AgentApiModule.forRoot({ ...app.config, AGENT_API_GONG_AI: false }, { logger: createLogger({ name: 'agent-api-off', level: 'silent', destination: logs }), liveCallSource: null, permits }),
      { port: 0, host: '127.0.0.1', handleSignals: false },
    );
    tokens.ai = await app.token({ user: rep.emailAddress, scopes: ['gong:read', 'gong:ai'] });
    tokens.read = await app.token({ user: rep.emailAddress });
  }, 120_000);

  afterAll(async () => {
    for (const c of clients) await c.close().catch(() => undefined);
    await off?.shutdown();
    await app?.close();
    await sim?.close();
  });

  const brief = { entityType: 'ACCOUNT', briefName: 'Account overview', period: 'ALL_CONVERSATIONS' };

  it('is refused while the deployment has it off: not listed, a clear error, no Gong request', async () => {
    const client = await connect(off.url, tokens.ai);
    const names = (await client.listTools()).tools.map((t) => t.name);
    expect(names).toContain('search_calls');
    for (const t of AI_TOOLS) expect(names).not.toContain(t);
    await expect(client.callTool({ name: 'gong_brief', arguments: { ...brief, entityId: seenAccount } })).rejects.toThrow(/off in this deployment.*AGENT_API_GONG_AI/);
    const rest = await post('/v1/gong-ai/brief', tokens.ai, { ...brief, entityId: seenAccount }, off.url);
    expect(rest.status).toBe(403);
    expect(rest.body.error.message).toMatch(/off in this deployment.*AGENT_API_GONG_AI=true/);
    expect(requests(BRIEF)).toBe(0);
  });

  it('never shows the tools to a token without gong:ai, and REST names the missing scope', async () => {
    const names = (await (await connect(app.service.url, tokens.read)).listTools()).tools.map((t) => t.name);
    expect(names).toContain('list_calls');
    for (const t of AI_TOOLS) expect(names).not.toContain(t);
    const rest = await post('/v1/gong-ai/brief', tokens.read, { ...brief, entityId: seenAccount });
    expect(rest.status).toBe(403);
    expect(rest.body.error.message).toContain('gong:ai');
    const withScope = (await (await connect(app.service.url, tokens.ai)).listTools()).tools.map((t) => t.name);
    expect(withScope).toEqual(expect.arrayContaining(AI_TOOLS));
  });

  it('lists the brief names', async () => {
    const r = await call(tokens.ai, 'list_briefs', { workspaceId });
    expect(r.isError).toBe(false);
    expect(r.data.briefs.map((b: Json) => b.briefName)).toEqual(['Account overview', 'Deal review', 'Pre-call prep']);
  });

  it('generates a brief with one Gong request, counts and audits it; the same brief again comes from the cache', async () => {
    const spentBefore = sim.aiCredits().spent;
    const first = await call(tokens.ai, 'gong_brief', { ...brief, entityId: seenAccount });
    expect(first.isError).toBe(false);
    expect(first.data).toMatchObject({ cached: false, workspaceId, entity: { type: 'ACCOUNT', id: seenAccount }, gongRequestId: expect.any(String) });
    expect(first.data.sections.length).toBeGreaterThan(0);
    expect(first.data.creditsEstimate).toBe(estimateAiCredits(first.data.numOfCallsSearched, first.data.numOfEmailsSearched));
    expect(sim.aiCredits().spent - spentBefore).toBe(first.data.creditsEstimate);
    expect(requests(BRIEF)).toBe(1);
    // Cited calls: only those the user may see are named, the others counted.
    for (const s of first.data.sections) for (const c of s.calls) expect(visible.has(c.id)).toBe(true);
    const newest = sim.company.data.calls
      .filter((c) => c.workspaceId === workspaceId && c.hasCrmContext && c.accountCrmId === seenAccount && c.completedAt <= sim.clock.now())
      .sort((a, b) => b.started - a.started)
      .slice(0, 5);
    expect(first.data.sections[0].calls.map((c: Json) => c.id)).toEqual(newest.filter((c) => visible.has(c.id)).map((c) => c.id));
    expect(first.data.sections[0].hiddenCalls).toBe(newest.filter((c) => !visible.has(c.id)).length);
    expect(first.data.sections[0].hiddenCalls).toBeGreaterThan(0); // the seed gives the redaction something to hide

    const again = await call(tokens.ai, 'gong_brief', { ...brief, entityId: seenAccount });
    expect(again.data).toMatchObject({ cached: true, creditsEstimate: 0, gongRequestId: first.data.gongRequestId, sections: first.data.sections });
    const rest = await post('/v1/gong-ai/brief', tokens.ai, { ...brief, briefName: 'account OVERVIEW', entityId: seenAccount });
    expect(rest.status).toBe(200);
    expect(rest.body.cached).toBe(true);
    expect(requests(BRIEF)).toBe(1);

    await expect(metric('gong_brief', 'gong')).resolves.toBe(1);
    await expect(metric('gong_brief', 'cached')).resolves.toBe(2);
    const lines = await audit('gong_brief');
    expect(lines.map((l) => l.outcome)).toEqual(['cached', 'cached', 'done']);
    expect(lines[2]).toMatchObject({ actingFor: rep.id, tokenKind: 'user', gongRequestIds: [first.data.gongRequestId], argsDigest: expect.stringMatching(/^[0-9a-f]{64}$/), detail: { entity: `ACCOUNT:${seenAccount}`, creditsUsed: first.data.creditsEstimate } });
    expect(lines[0].gongRequestIds).toEqual([]);
  });

  it('shares the cache with another replica (PostgreSQL): no second Gong request there', async () => {
    const other = await startReplica(app, { permits, clock });
    try {
      const r = await call(tokens.ai, 'gong_brief', { ...brief, entityId: seenAccount }, other.url);
      expect(r.data).toMatchObject({ cached: true, creditsEstimate: 0 });
      expect(requests(BRIEF)).toBe(1);
    } finally {
      await other.shutdown();
    }
  });

  it('caches ask_gong per question', async () => {
    const q = { entityType: 'ACCOUNT', entityId: seenAccount, period: 'LAST_90DAYS' };
    const a = await call(tokens.ai, 'ask_gong', { ...q, question: 'What did they say about pricing?' });
    expect(a.isError).toBe(false);
    expect(a.data.answer[0].items[0]).toContain('pricing');
    const b = await call(tokens.ai, 'ask_gong', { ...q, question: 'Who is the champion?' });
    expect(b.data.cached).toBe(false);
    const c = await call(tokens.ai, 'ask_gong', { ...q, question: '  what did they say   about PRICING? ' });
    expect(c.data.cached).toBe(true);
    expect(requests(ASK)).toBe(2);
    expect((await audit('ask_gong')).map((l) => l.outcome)).toEqual(['cached', 'done', 'done']);
  });

  it('asks Gong again once the cached answer is older than AGENT_API_GONG_AI_CACHE_MS', async () => {
    const q = { entityType: 'ACCOUNT', entityId: seenAccount, period: 'THIS_YEAR', question: 'Which competitors came up?' };
    await expect(call(tokens.ai, 'ask_gong', q)).resolves.toMatchObject({ data: { cached: false } });
    const before = requests(ASK);
    skippedMs += app.config.AGENT_API_GONG_AI_CACHE_MS - 1_000;
    await expect(call(tokens.ai, 'ask_gong', q)).resolves.toMatchObject({ data: { cached: true } });
    skippedMs += 2_000;
    await expect(call(tokens.ai, 'ask_gong', q)).resolves.toMatchObject({ data: { cached: false } });
    expect(requests(ASK)).toBe(before + 1);
  });

  it('answers about a deal and a contact the user may see a call of, and refuses those they may not', async () => {
    const seenCalls = sim.company.data.calls.filter((c) => visible.has(c.id));
    const deal = seenCalls.find((c) => c.hasCrmContext && c.opportunityCrmId)?.opportunityCrmId;
    const contact = seenCalls.flatMap((c) => c.parties).find((p) => p.contactCrmId)?.contactCrmId;
    expect(deal && contact).toBeTruthy();
    const q = { period: 'ALL_CONVERSATIONS', question: 'What are the open risks?' };
    const d = await call(tokens.ai, 'ask_gong', { ...q, entityType: 'DEAL', entityId: deal });
    expect(d.data).toMatchObject({ cached: false, entity: { type: 'DEAL', id: deal } });
    const c = await call(tokens.ai, 'ask_gong', { ...q, entityType: 'CONTACT', entityId: contact });
    expect(c.data).toMatchObject({ cached: false, entity: { type: 'CONTACT', id: contact } });
    const unseenDeal = sim.company.data.calls.find((x) => !visible.has(x.id) && x.hasCrmContext && x.opportunityCrmId && !seenCalls.some((y) => y.opportunityCrmId === x.opportunityCrmId))!.opportunityCrmId;
    const unseenContact = sim.company.data.contacts.find((k) => !seenCalls.some((x) => x.parties.some((p) => p.contactCrmId === k.crmId)))!.crmId;
    const before = requests(ASK);
    for (const [entityType, entityId] of [['DEAL', unseenDeal], ['CONTACT', unseenContact]]) {
      const r = await call(tokens.ai, 'ask_gong', { ...q, entityType, entityId });
      expect(r.text).toMatch(/^NOT_FOUND: /);
    }
    expect(requests(ASK)).toBe(before);
  });

  it('refuses an account the user may not see a call of, without a Gong request (leak test)', async () => {
    const before = requests(BRIEF) + requests(ASK);
    const r = await call(tokens.ai, 'gong_brief', { ...brief, entityId: unseenAccount });
    expect(r.isError).toBe(true);
    expect(r.text).toMatch(/^NOT_FOUND: No account .* with calls you may see/);
    const rest = await post('/v1/gong-ai/ask', tokens.ai, { entityType: 'ACCOUNT', entityId: unseenAccount, question: 'Anything?' });
    expect(rest.status).toBe(404);
    expect(JSON.stringify(rest.body)).not.toContain(sim.company.account(unseenAccount)!.name);
    expect(requests(BRIEF) + requests(ASK)).toBe(before);
    await expect(metric('gong_brief', 'refused')).resolves.toBe(1);
  });

  it('fails clearly when the Gong credits run out: 402 on REST, counted and audited', async () => {
    await call(tokens.ai, 'gong_brief', { ...brief, entityId: seenAccount }); // in the cache (again) before the credits run out
    sim.setAiCredits(0);
    try {
      const q = { entityType: 'ACCOUNT', entityId: seenAccount, question: 'What are the next steps?' };
      const r = await call(tokens.ai, 'ask_gong', q);
      expect(r.isError).toBe(true);
      expect(r.text).toMatch(/^GONG_CREDITS_EXHAUSTED: .*credits are spent.*402/);
      const rest = await post('/v1/gong-ai/ask', tokens.ai, q);
      expect(rest.status).toBe(402);
      expect(rest.body.error.code).toBe('GONG_CREDITS_EXHAUSTED');
      // A cached answer is still served.
      const cached = await call(tokens.ai, 'gong_brief', { ...brief, entityId: seenAccount });
      expect(cached.data.cached).toBe(true);
      await expect(metric('ask_gong', 'out_of_credits')).resolves.toBe(2);
      const lines = await audit('ask_gong');
      expect(lines.slice(0, 2).map((l) => l.outcome)).toEqual(['out_of_credits', 'out_of_credits']);
      expect(lines[0].detail).toMatchObject({ creditsUsed: 0, error: { code: 'GONG_CREDITS_EXHAUSTED' } });
    } finally {
      sim.setAiCredits(10_000);
    }
  });

  it('drops the cached answers when a person is erased (their text may name the person)', async () => {
    const q = { entityType: 'ACCOUNT', entityId: seenAccount, period: 'LAST_30DAYS', question: 'Who signs the contract?' };
    await expect(call(tokens.ai, 'ask_gong', q)).resolves.toMatchObject({ data: { cached: false } });
    await expect(call(tokens.ai, 'ask_gong', q)).resolves.toMatchObject({ data: { cached: true } });
    const res = await fetch(`${app.service.url}/admin/erasure`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'nobody-here@example.invalid', requestedBy: 'gong-ai test' }),
    });
    expect(res.status).toBeLessThan(300);
    await expect(call(tokens.ai, 'ask_gong', q)).resolves.toMatchObject({ data: { cached: false } });
  });

  it('answers bad input with a 400 that says what to fix', async () => {
    const r = await post('/v1/gong-ai/brief', tokens.ai, { entityType: 'ACCOUNT', entityId: seenAccount, briefName: 'Account overview', period: 'CUSTOM_RANGE' });
    expect(r.status).toBe(400);
    expect(r.body.error.message).toContain('CUSTOM_RANGE');
    const unknownBrief = await post('/v1/gong-ai/brief', tokens.ai, { ...brief, entityId: seenAccount, briefName: 'Nope' });
    expect(unknownBrief.status).toBe(404);
  });
});
