import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CallReadRepository, CallWriteRepository, type CallRecord } from '@gong-connector/persistence';
import { CALLS, USERS, acme, indexCalls, makeCall, makeTranscript, seedCompany, startAgentApi, type AgentApiTestApp } from '../../test/agent-api.fixture.js';

/** An internal deal review about Acme, hosted by Bob with his manager; no customer on it. */
const DEAL_REVIEW = '7000000000000000009';
const dealReview = (): CallRecord => {
  const base = makeCall(DEAL_REVIEW, USERS.bob, acme, '2026-01-10T15:00:00.000Z', 'Deal review: Acme Corp');
  return {
    ...base,
    url: `https://app.gong.io/call?id=${DEAL_REVIEW}`,
    scope: 'Internal',
    context: [],
    parties: [
      { ...base.parties[0]! },
      { ...base.parties[1]!, userId: USERS.manager.id, email: USERS.manager.email, name: 'Maria Manager', title: 'VP Sales', affiliation: 'Internal' },
    ],
    // As CallRecordMapper links it when stored: the one account its title names.
    accounts: [{ ...base.accounts[0]!, source: 'title' }],
  };
};

/** An Acme negotiation whose CRM context shows Acme's opportunity 006ACMERENEWAL beside Acme's Account object. */
const OPP_SOURCE = '7000000000000000010';
/** An internal forecast call of Bob's whose CRM context holds only that opportunity (no Account object, no account in its title). */
const OPP_REVIEW = '7000000000000000011';
const renewal = { system: 'Salesforce', objectType: 'Opportunity', objectId: '006ACMERENEWAL', name: 'Acme renewal', timing: 'Now', fields: [] };
const oppCalls = (): CallRecord[] => {
  const source = makeCall(OPP_SOURCE, USERS.bob, acme, '2026-01-11T15:00:00.000Z', 'Acme renewal negotiation');
  const review = makeCall(OPP_REVIEW, USERS.bob, acme, '2026-01-12T15:00:00.000Z', 'Forecast call');
  return [
    { ...source, context: [...source.context, renewal] },
    { ...review, url: `https://app.gong.io/call?id=${OPP_REVIEW}`, scope: 'Internal', isPrivate: true, parties: [review.parties[0]!], context: [renewal], accounts: [] },
  ];
};

/**
 * Deal reviews appear under their account, marked internal, for a user who may see them (the host,
 * a manager who sees the workspace) and never for one who may not (another rep): not in research,
 * not in its passages, not in the account's call list, not in search by account.
 */
describe('internal deal reviews under their account (leak test)', () => {
  let app: AgentApiTestApp;
  const tokens: Record<string, string> = {};
  const get = async (path: string, who: string) => {
    const res = await fetch(`${app.service.url}${path}`, { headers: { authorization: `Bearer ${tokens[who]}` } });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  beforeAll(async () => {
    app = await startAgentApi(
      {},
      {
        seed: async (db) => {
          await seedCompany(db);
          await indexCalls(db, [dealReview()], [makeTranscript(DEAL_REVIEW, 'zeppelins')]);
          // The forecast call (its transcript worded apart from the deal review's, so neither collapses into the other) is stored unlinked, then linked through its opportunity (as after a sync) and indexed.
          const writes = new CallWriteRepository(db.database);
          await writes.upsertCalls(oppCalls(), 'test');
          await expect(writes.linkCallsByOpportunity()).resolves.toEqual([OPP_REVIEW]);
          const linked = await new CallReadRepository(db.database).getCalls([OPP_SOURCE, OPP_REVIEW]);
          await indexCalls(db, linked, [makeTranscript(OPP_SOURCE, 'airships'), makeTranscript(OPP_REVIEW, 'zeppelins and blimps')]);
        },
      },
    );
    for (const [who, u] of Object.entries(USERS)) tokens[who] = await app.token({ user: u.email });
  });
  afterAll(async () => {
    await app?.close();
  });

  type Research = { recentCalls: { id: string; internal: boolean; url: string | null }[]; passages: { callId: string; call: { internal: boolean } }[] };
  const research = (who: string) => get(`/v1/accounts/${encodeURIComponent('Acme Corp')}/research?q=zeppelins&from=2026-01-01&to=2026-01-31`, who);

  it.each(['bob', 'manager'])('shows the deal review to %s, marked internal, with its passages and Gong URL', async (who) => {
    const { status, body } = await research(who);
    expect(status).toBe(200);
    const r = body as unknown as Research;
    expect(r.recentCalls.find((c) => c.id === DEAL_REVIEW)).toEqual(expect.objectContaining({ internal: true, url: `https://app.gong.io/call?id=${DEAL_REVIEW}` }));
    expect(r.passages.length).toBeGreaterThan(0);
    for (const p of r.passages) expect([p.callId === DEAL_REVIEW || p.callId === OPP_REVIEW, p.call.internal]).toEqual([true, true]);
  });

  it.each(['bob', 'manager'])('shows %s the internal call linked through an opportunity of the account only where they may see it', async (who) => {
    const { body } = await research(who);
    const r = body as unknown as Research;
    // Private, hosted by Bob with no one else on it: Bob sees it, the manager (workspace access) does not.
    const seen = who === 'bob';
    expect(r.recentCalls.find((c) => c.id === OPP_REVIEW)).toEqual(seen ? expect.objectContaining({ internal: true, url: `https://app.gong.io/call?id=${OPP_REVIEW}` }) : undefined);
    expect(r.passages.some((p) => p.callId === OPP_REVIEW)).toBe(seen);
    const searched = await get(`/v1/search?q=zeppelins&account=${encodeURIComponent('Acme Corp')}`, who);
    expect((searched.body.passages as { callId: string }[]).some((p) => p.callId === OPP_REVIEW)).toBe(seen);
  });

  it('never shows it to a rep who may not see it, by any path', async () => {
    const { status, body } = await research('alice');
    expect(status).toBe(200);
    const r = body as unknown as Research;
    expect(r.recentCalls.map((c) => c.id)).toEqual([CALLS.aliceAcme]);
    expect(r.passages).toEqual([]);
    expect(String(body.emptyReason)).not.toContain('zeppelins');
    expect(String(body.emptyReason)).not.toContain('Forecast');
    const listed = await get(`/v1/calls?account=${encodeURIComponent('acme.example')}`, 'alice');
    expect((listed.body.calls as { id: string }[]).map((c) => c.id)).toEqual([CALLS.aliceAcme]);
    const searched = await get(`/v1/search?q=zeppelins&account=${encodeURIComponent('Acme Corp')}`, 'alice');
    expect(searched.body).toMatchObject({ passages: [], total: 0, totalCalls: 0 });
    const direct = await get(`/v1/calls/${DEAL_REVIEW}`, 'alice');
    expect(direct.status).toBe(404);
    expect((await get(`/v1/calls/${OPP_REVIEW}`, 'alice')).status).toBe(404);
  });
});
