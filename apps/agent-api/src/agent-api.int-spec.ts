import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ACME, ADMIN_TOKEN, CALLS, GLOBEX, USERS, startAgentApi, type AgentApiTestApp } from '../test/agent-api.fixture.js';

describe('agent-api REST (tokens, access filtering, validation)', () => {
  let app: AgentApiTestApp;
  let alice: string;
  let manager: string;
  let service: string;
  const get = (path: string, token?: string, headers: Record<string, string> = {}) =>
    fetch(`${app.service.url}${path}`, { headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers } });

  beforeAll(async () => {
    app = await startAgentApi({ AGENT_API_RATE_LIMIT: '40' });
    alice = await app.token({ user: USERS.alice.email });
    manager = await app.token({ user: USERS.manager.id, expiresIn: '30d' });
    service = await app.token({ kind: 'service', actAs: true, name: 'copilot platform' });
  });

  afterAll(async () => {
    await app?.close();
  });

  it('answers 401 without a token or with a bad one, with the error shape', async () => {
    const none = await get('/v1/me');
    expect(none.status).toBe(401);
    await expect(none.json()).resolves.toMatchObject({ error: { code: 'UNAUTHENTICATED' } });
    expect((await get('/v1/calls', 'gca_not-a-real-token')).status).toBe(401);
    expect((await get('/mcp', 'nope')).status).toBe(401);
  });

  it('says who the token acts for', async () => {
    const res = await get('/v1/me', alice);
    expect(res.status).toBe(200);
    await expect(res.json()).resolves.toMatchObject({ user: { id: USERS.alice.id, email: USERS.alice.email, name: 'Alice Rep' }, tokenKind: 'user' });
  });

  it('lists only the calls the user may see', async () => {
    const mine = (await (await get('/v1/calls', alice)).json()) as { calls: { id: string }[] };
    expect(mine.calls.map((c) => c.id)).toEqual([CALLS.aliceAcme]);
    const all = (await (await get('/v1/calls?limit=2', manager)).json()) as { calls: { id: string }[]; nextCursor: string };
    expect(all.calls.map((c) => c.id)).toEqual([CALLS.bobGlobex, CALLS.bobAcme]);
    const rest = (await (await get(`/v1/calls?limit=2&cursor=${all.nextCursor}`, manager)).json()) as { calls: { id: string }[]; nextCursor: string | null };
    expect(rest).toMatchObject({ calls: [{ id: CALLS.aliceAcme }], nextCursor: null });
    const acme = (await (await get(`/v1/calls?account=${encodeURIComponent(ACME)}&participant=${USERS.bob.email}`, manager)).json()) as { calls: { id: string }[] };
    expect(acme.calls.map((c) => c.id)).toEqual([CALLS.bobAcme]);
  });

  it('answers 404 for a call the user may not see, exactly as for a missing call', async () => {
    const hidden = await get(`/v1/calls/${CALLS.bobAcme}`, alice);
    const missing = await get('/v1/calls/7999999999999999999', alice);
    expect(hidden.status).toBe(404);
    expect(missing.status).toBe(404);
    const [a, b] = [(await hidden.json()) as { error: { message: string } }, (await missing.json()) as { error: { message: string } }];
    expect(a.error.message.replace(CALLS.bobAcme, 'X')).toBe(b.error.message.replace('7999999999999999999', 'X'));
    expect((await get(`/v1/calls/${CALLS.bobAcme}/transcript`, alice)).status).toBe(404);
  });

  it('serves a visible call with parties, accounts, CRM context, topics, trackers, and its transcript with speakers', async () => {
    const call = await (await get(`/v1/calls/${CALLS.aliceAcme}`, alice)).json();
    expect(call).toMatchObject({
      id: CALLS.aliceAcme,
      accounts: [{ id: ACME, name: 'Acme Corp' }],
      parties: [{ name: 'Alice Rep', affiliation: 'Internal' }, { name: 'CTO of Acme Corp', affiliation: 'External' }],
      topics: [{ name: 'Pricing' }],
      trackers: [{ name: 'Competitors', count: 1 }],
      crmContext: [{ objectType: 'Account', name: 'Acme Corp' }],
    });
    const t = (await (await get(`/v1/calls/${CALLS.aliceAcme}/transcript?limit=2`, alice)).json()) as {
      monologues: { speaker: { name: string }; text: string }[];
      nextCursor: string;
      totalMonologues: number;
    };
    expect(t.totalMonologues).toBe(3);
    expect(t.monologues.map((m) => m.speaker.name)).toEqual(['Alice Rep', 'CTO of Acme Corp']);
    const next = (await (await get(`/v1/calls/${CALLS.aliceAcme}/transcript?cursor=${t.nextCursor}`, alice)).json()) as { monologues: { text: string }[]; nextCursor: null };
    expect(next).toMatchObject({ nextCursor: null, monologues: [{ text: 'Understood, I will send a proposal next week.' }] });
    const ranged = (await (await get(`/v1/calls/${CALLS.aliceAcme}/transcript?fromMs=5000&toMs=8000`, alice)).json()) as { monologues: { speaker: { affiliation: string } }[] };
    expect(ranged.monologues).toHaveLength(1);
    expect(ranged.monologues[0]!.speaker.affiliation).toBe('External');
  });

  it('searches passages with highlights and facets, never beyond the user’s calls', async () => {
    const own = (await (await get('/v1/search?q=budget', alice)).json()) as { passages: { callId: string; highlight: string }[]; total: number; facets: { accounts: { value: string }[] } };
    // A question also matches synonyms (budget: pricing talk), so several passages of the call may come back.
    expect([...new Set(own.passages.map((p) => p.callId))]).toEqual([CALLS.aliceAcme]);
    expect(own.passages[0]!.highlight).toContain('«budget»');
    expect(own.facets.accounts.map((b) => b.value)).toEqual([ACME]);
    const leak = (await (await get('/v1/search?q=anvils', alice)).json()) as { total: number };
    expect(leak.total).toBe(0);
    const mgr = (await (await get('/v1/search?q=budget&limit=5', manager)).json()) as { totalCalls: number };
    expect(mgr.totalCalls).toBe(3);
  });

  it('researches an account from the replica, with passages for a question, only over visible calls', async () => {
    const accounts = (await (await get('/v1/accounts', alice)).json()) as { accounts: { id: string; callCount: number }[] };
    expect(accounts.accounts).toEqual([expect.objectContaining({ id: ACME, callCount: 1 })]);
    expect((await get(`/v1/accounts/${encodeURIComponent(GLOBEX)}/research`, alice)).status).toBe(404);
    const [hidden, missing] = [await get(`/v1/accounts/${encodeURIComponent(GLOBEX)}/research?q=turbines`, alice), await get('/v1/accounts/crm%3Anope/research', alice)];
    expect([hidden.status, missing.status]).toEqual([404, 404]);
    const [h, m] = [(await hidden.json()) as { error: { code: string; message: string } }, (await missing.json()) as { error: { code: string; message: string } }];
    expect(h.error.code).toBe('NOT_FOUND');
    expect(h.error.message.replace(GLOBEX, 'X')).toBe(m.error.message.replace('crm:nope', 'X'));
    const r = (await (await get(`/v1/accounts/${encodeURIComponent(ACME)}/research?q=security%20review&from=2026-01-01&to=2026-01-31`, manager)).json()) as Record<string, unknown> & {
      passages: { callId: string; side: string; call: { started: string } }[];
      participants: { internal: { name: string }[]; external: { name: string }[] };
    };
    expect(r).toMatchObject({
      account: { id: ACME, name: 'Acme Corp' },
      callCount: 2,
      lastActivityAt: '2026-01-08T15:00:00.000Z',
      callsByMonth: [{ month: '2026-01', calls: 2 }],
      topicsByMonth: [{ month: '2026-01', name: 'Pricing', calls: 2 }],
      trackersByMonth: [{ month: '2026-01', name: 'Competitors', calls: 2, mentions: 2 }],
    });
    expect(r.participants.internal.map((p) => p.name).sort()).toEqual(['Alice Rep', 'Bob Rep']);
    expect(r.participants.external.map((p) => p.name)).toEqual(['CTO of Acme Corp']);
    expect(new Set(r.passages.map((p) => p.callId))).toEqual(new Set([CALLS.aliceAcme, CALLS.bobAcme]));
    expect(r.range).toEqual(expect.objectContaining({ from: '2026-01-01T00:00:00.000Z', to: '2026-02-01T00:00:00.000Z', timeZone: 'UTC', defaulted: false }));
    expect(new Set(r.passages.map((p) => p.side)).size).toBeGreaterThan(0);
  });

  it('resolves the account by its name, its bare CRM id or its domain, and says the default range', async () => {
    for (const ref of ['Acme Corp', 'acme', '001ACME']) {
      const res = await get(`/v1/accounts/${encodeURIComponent(ref)}/research?q=security`, manager);
      expect([ref, res.status]).toEqual([ref, 200]);
      const body = (await res.json()) as { account: { id: string; matchedBy: string }; range: { defaulted: boolean; note: string }; emptyReason: string | null };
      expect(body.account.id).toBe(ACME);
      expect(body.range.defaulted).toBe(true);
      expect(body.range.note).toContain('last 90 days');
    }
    const byDomain = await get(`/v1/calls?account=${encodeURIComponent('someone@acme.example')}`, manager);
    expect(byDomain.status).toBe(200);
    const listed = (await byDomain.json()) as { calls: { accounts: { id: string }[]; url: string | null }[] };
    expect(listed.calls.length).toBeGreaterThan(0);
    for (const c of listed.calls) expect(c.accounts.map((a) => a.id)).toContain(ACME);
    // Alice sees no call of Globex: its name is answered like a name of nothing.
    const hidden = await get(`/v1/calls?account=Globex`, alice);
    expect(hidden.status).toBe(404);
  });

  it('reads days in the company time zone and answers an inverted range with a 400 naming both ends', async () => {
    const inverted = await get('/v1/search?q=budget&from=2026-02-01&to=2026-01-01', alice);
    expect(inverted.status).toBe(400);
    const body = (await inverted.json()) as { error: { code: string; message: string; details: { path: string }[] } };
    expect(body.error.code).toBe('VALIDATION_FAILED');
    expect(body.error.message).toContain('from (2026-02-01) must be before to (2026-01-01)');
    expect(body.error.details.map((d) => d.path)).toEqual(['from', 'to']);
    const day = (await (await get('/v1/calls?from=2026-01-05&to=2026-01-05', manager)).json()) as { calls: { started: string }[]; range: unknown };
    expect(day.range).toEqual({ from: '2026-01-05T00:00:00.000Z', to: '2026-01-06T00:00:00.000Z', timeZone: 'UTC' });
    for (const c of day.calls) expect(c.started.slice(0, 10)).toBe('2026-01-05');
    const badDay = (await (await get('/v1/calls?from=2026-02-31', manager)).json()) as { error: { details: { path: string; message: string }[] } };
    expect(badDay.error.details[0]).toMatchObject({ path: 'from', message: expect.stringContaining('2026-11-01') });
  });

  it('lists the company trackers (none replicated yet here) and validates the filter', async () => {
    await expect((await get('/v1/trackers', alice)).json()).resolves.toEqual({ trackers: [] });
    expect((await get('/v1/trackers?workspace=abc', alice)).status).toBe(400);
  });

  it('answers 400 naming the field and the problem', async () => {
    const bad = await get('/v1/calls?limit=0&from=yesterday', alice);
    expect(bad.status).toBe(400);
    const body = (await bad.json()) as { error: { code: string; details: { path: string }[] } };
    expect(body.error.code).toBe('VALIDATION_FAILED');
    expect(body.error.details.map((d) => d.path).sort()).toEqual(['from', 'limit']);
    const unknown = (await (await get('/v1/search?q=x&colour=red', alice)).json()) as { error: { message: string } };
    expect(unknown.error.message).toContain('colour');
    expect((await get('/v1/calls/not-an-id', alice)).status).toBe(400);
    const cursor = await get('/v1/calls?cursor=garbage', alice);
    await expect(cursor.json()).resolves.toMatchObject({ error: { details: [{ path: 'cursor' }] } });
  });

  it('lets a service token act for a named user only with the act-as right', async () => {
    const asAlice = (await (await get('/v1/calls', service, { 'x-gong-user': USERS.alice.email })).json()) as { calls: { id: string }[] };
    expect(asAlice.calls.map((c) => c.id)).toEqual([CALLS.aliceAcme]);
    expect((await get('/v1/calls', service)).status).toBe(400);
    const noRight = await app.token({ kind: 'service', name: 'no act-as' });
    expect((await get('/v1/calls', noRight, { 'x-gong-user': USERS.alice.email })).status).toBe(403);
    expect((await get('/v1/calls', alice, { 'x-gong-user': USERS.manager.email })).status).toBe(403);
  });

  it('manages tokens through the admin API: list, revoke (then 401), admin token required', async () => {
    expect((await fetch(`${app.service.url}/admin/tokens`)).status).toBe(401);
    const temp = await app.token({ user: USERS.bob.email });
    const list = (await (await fetch(`${app.service.url}/admin/tokens`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })).json()) as { tokens: { id: string; userEmail: string }[] };
    const entry = list.tokens.find((t) => t.userEmail === USERS.bob.email)!;
    expect(JSON.stringify(list)).not.toContain(temp);
    const revoked = await fetch(`${app.service.url}/admin/tokens/${entry.id}/revoke`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(revoked.status).toBe(200);
    expect((await get('/v1/me', temp)).status).toBe(401);
    const badBody = await fetch(`${app.service.url}/admin/tokens`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ user: 'x@y.example', expiresIn: 'forever' }),
    });
    expect(badBody.status).toBe(400);
    await expect(badBody.json()).resolves.toMatchObject({ error: { details: [{ path: 'expiresIn' }] } });
  });

  it('serves the OpenAPI document and the docs page without a token', async () => {
    const doc = (await (await fetch(`${app.service.url}/docs/openapi.json`)).json()) as { openapi: string; paths: Record<string, unknown> };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/v1/calls', '/v1/search', '/v1/accounts/{id}/research', '/mcp']));
    expect((await fetch(`${app.service.url}/docs`)).headers.get('content-type')).toContain('text/html');
  });

  it('rate-limits per token with RateLimit headers and a 429 that says when to retry', async () => {
    const limited = await app.token({ user: USERS.alice.email });
    const first = await get('/v1/me', limited);
    expect(first.headers.get('ratelimit-policy')).toBe('"per-token";q=40;w=60');
    expect(first.headers.get('ratelimit')).toMatch(/^"per-token";r=39;t=\d+$/);
    let last = first;
    for (let i = 0; i < 40; i++) last = await get('/v1/me', limited);
    expect(last.status).toBe(429);
    expect(Number(last.headers.get('retry-after'))).toBeGreaterThan(0);
    await expect(last.json()).resolves.toMatchObject({ error: { code: 'RATE_LIMITED' } });
    expect((await get('/v1/me', alice)).status).toBe(200);
  });

  it('never writes a token to the logs', () => {
    for (const secret of [alice, manager, service, ADMIN_TOKEN]) expect(app.logs.text).not.toContain(secret);
  });
});
