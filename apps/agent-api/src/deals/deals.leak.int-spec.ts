import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { CallWriteRepository, DealRepository, type CallRecord, type TranscriptRecord } from '@gong-connector/persistence';
import { DealRecordMapper } from '@gong-connector/replica';
import { ApiResponseSchemas } from '../api/api-response.schemas.js';
import { USERS, acme, globex, makeCall, seedCompany, startAgentApi, type AgentApiTestApp } from '../../test/agent-api.fixture.js';

// The answers are checked field by field below; their schemas by api-response.schemas.int-spec.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Body = Record<string, any>;

const ALICE_DEAL = '006ALICEDEAL01';
const BOB_DEAL = '006BOBDEAL0001';
const DEAL_CALLS = {
  aliceFirst: '7100000000000000001',
  bobOnAliceDeal: '7100000000000000002',
  aliceLast: '7100000000000000003',
  bobOwn: '7100000000000000004',
};
const SECRET = 'Zorblax';

/** A call of an opportunity, with CRM context now and at the time of the call, and a customer who mentions a competitor. */
function dealCall(id: string, host: (typeof USERS)[keyof typeof USERS], account: typeof acme, dealId: string, started: string, stage: string, closeDate: string, quote: string): CallRecord {
  const base = makeCall(id, host, account, started, `${account.name} ${stage}`);
  const opp = (timing: string, s: string, c: string) => ({
    system: 'Salesforce',
    objectType: 'Opportunity',
    objectId: dealId,
    name: null,
    timing,
    fields: [
      { name: 'Name', value: `${account.name} platform` },
      { name: 'StageName', value: s },
      { name: 'Amount', value: 50000 },
      { name: 'CloseDate', value: c },
    ],
  });
  return {
    ...base,
    context: [...base.context, opp('Now', 'Negotiation', '2026-03-31'), opp('TimeOfCall', stage, closeDate)],
    trackers: [
      {
        trackerId: '9000000000000000002',
        name: 'Competitors',
        type: 'KEYWORD',
        count: 1,
        occurrences: [{ startTime: 5, speakerId: '2' }],
        phrases: [{ phrase: quote.includes(SECRET) ? SECRET : 'Initech', count: 1, occurrences: [{ startTime: 5, speakerId: '2' }] }],
      },
    ],
    highlights: [{ title: 'Next steps', items: [{ text: `Send the proposal (${id})` }] }],
  };
}

function transcript(callId: string, quote: string): TranscriptRecord {
  return {
    callId,
    fetchedAt: '2026-01-20T00:00:00.000Z',
    monologues: [
      { speakerId: '1', topic: null, sentences: [{ start: 0, end: 4000, text: 'Thanks for joining today.' }] },
      { speakerId: '2', topic: null, sentences: [{ start: 4000, end: 9000, text: quote }] },
    ],
  };
}

/**
 * Deals leak test: deals obey `dealsAccess` (the manager's `all` sees both reps' deals; a rep's
 * `own` only the deals they own) and call visibility (a rep's deal with a teammate's call on it:
 * that call counts in the score, its evidence is counted, never shown), over REST and MCP.
 */
describe('deals endpoints (leak test)', () => {
  let app: AgentApiTestApp;
  const tokens: Record<string, string> = {};
  const get = async (path: string, who: string) => {
    const res = await fetch(`${app.service.url}${path}`, { headers: { authorization: `Bearer ${tokens[who]}` } });
    return { status: res.status, body: (await res.json()) as Body };
  };

  beforeAll(async () => {
    app = await startAgentApi(
      {},
      {
        seed: async (db) => {
          await seedCompany(db);
          const calls = [
            dealCall(DEAL_CALLS.aliceFirst, USERS.alice, acme, ALICE_DEAL, '2026-01-05T15:00:00.000Z', 'Discovery', '2026-02-28', 'We compare you with Initech.'),
            dealCall(DEAL_CALLS.bobOnAliceDeal, USERS.bob, acme, ALICE_DEAL, '2026-01-08T15:00:00.000Z', 'Discovery', '2026-03-15', `Honestly ${SECRET} is cheaper for us.`),
            dealCall(DEAL_CALLS.aliceLast, USERS.alice, acme, ALICE_DEAL, '2026-01-12T15:00:00.000Z', 'Negotiation', '2026-03-31', 'Initech offered a pilot.'),
            dealCall(DEAL_CALLS.bobOwn, USERS.bob, globex, BOB_DEAL, '2026-01-09T15:00:00.000Z', 'Discovery', '2026-04-30', `${SECRET} came up again.`),
          ];
          const writes = new CallWriteRepository(db.database);
          await writes.upsertCalls(calls, 'test');
          await writes.upsertTranscripts(calls.map((c, i) => transcript(c.id, ['We compare you with Initech.', `Honestly ${SECRET} is cheaper for us.`, 'Initech offered a pilot.', `${SECRET} came up again.`][i]!)));
          await new DealRepository(db.database).recordCalls(
            calls.map((c) => c.id),
            calls.flatMap((c) => DealRecordMapper.observations(c)),
          );
        },
      },
    );
    for (const [who, u] of Object.entries(USERS)) tokens[who] = await app.token({ user: u.email });
  });
  afterAll(async () => {
    await app?.close();
  });

  it('gives the manager every deal and all of its evidence', async () => {
    const list = await get('/v1/deals?status=all', 'manager');
    expect(list.status).toBe(200);
    expect(list.body.deals.map((d: Body) => d.id).sort()).toEqual([ALICE_DEAL, BOB_DEAL]);
    const { status, body } = await get(`/v1/deals/${ALICE_DEAL}/risk`, 'manager');
    expect(status).toBe(200);
    expect(body.deal).toMatchObject({ id: ALICE_DEAL, stage: 'Negotiation', closeDate: '2026-03-31', ownerUserId: USERS.alice.id, callCount: 3 });
    expect(body.score).toBeGreaterThanOrEqual(0);
    expect(body.score).toBeLessThanOrEqual(100);
    expect(body.hiddenCallCount).toBe(0);
    const pushed = body.factors.find((f: Body) => f.name === 'closeDatePushed');
    expect(pushed.evidence.map((e: Body) => e.callId)).toEqual([DEAL_CALLS.bobOnAliceDeal, DEAL_CALLS.aliceLast]);
    expect(JSON.stringify(body)).toContain(SECRET);
    // The answers are what the OpenAPI document and the tool's outputSchema publish.
    expect(() => ApiResponseSchemas.dealRisk.parse(body)).not.toThrow();
    expect(() => ApiResponseSchemas.listDeals.parse(list.body)).not.toThrow();
  });

  it("never shows a rep a teammate's deal: not listed, and answered like a missing deal", async () => {
    const list = await get('/v1/deals?status=all', 'alice');
    expect(list.body.deals.map((d: Body) => d.id)).toEqual([ALICE_DEAL]);
    const other = await get(`/v1/deals/${BOB_DEAL}/risk`, 'alice');
    const missing = await get('/v1/deals/006NOSUCHDEAL/risk', 'alice');
    expect(other.status).toBe(404);
    expect(other.body.error.code).toBe('NOT_FOUND');
    expect(other.body.error.message.replace(BOB_DEAL, 'X')).toBe(missing.body.error.message.replace('006NOSUCHDEAL', 'X'));
    expect(JSON.stringify(list.body)).not.toContain(BOB_DEAL);
  });

  it("counts, never shows, the evidence of a call on the rep's own deal that the rep may not see", async () => {
    const { status, body } = await get(`/v1/deals/${ALICE_DEAL}/risk`, 'alice');
    expect(status).toBe(200);
    expect(body.callCount).toBe(3);
    expect(body.hiddenCallCount).toBe(1);
    const json = JSON.stringify(body);
    expect(json).not.toContain(SECRET);
    expect(json).not.toContain(DEAL_CALLS.bobOnAliceDeal);
    expect(json).not.toContain(USERS.bob.id);
    const competitors = body.factors.find((f: Body) => f.name === 'competitorMentions');
    expect(competitors.hiddenEvidence).toBe(1);
    expect(competitors.evidence.map((e: Body) => e.callId)).toEqual([DEAL_CALLS.aliceFirst, DEAL_CALLS.aliceLast]);
    const pushed = body.factors.find((f: Body) => f.name === 'closeDatePushed');
    expect(pushed.hiddenEvidence).toBe(1);
    // Same score as the manager's: hidden calls count, they are only not shown.
    const manager = await get(`/v1/deals/${ALICE_DEAL}/risk`, 'manager');
    expect(body.score).toBe(manager.body.score);
  });

  it('answers the same over MCP (deal_risk), for one deal and for the list', async () => {
    const client = new Client({ name: 'deals-leak', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(`${app.service.url}/mcp`), { requestInit: { headers: { authorization: `Bearer ${tokens.alice}` } } }));
    try {
      const one = (await client.callTool({ name: 'deal_risk', arguments: { dealId: ALICE_DEAL } })) as Body;
      expect(one.isError).toBeFalsy();
      expect(one.structuredContent.risk.hiddenCallCount).toBe(1);
      expect(JSON.stringify(one)).not.toContain(SECRET);
      const list = (await client.callTool({ name: 'deal_risk', arguments: { status: 'all' } })) as Body;
      expect(list.structuredContent.list.deals.map((d: Body) => d.id)).toEqual([ALICE_DEAL]);
      const other = (await client.callTool({ name: 'deal_risk', arguments: { dealId: BOB_DEAL } })) as Body;
      expect(other.isError).toBe(true);
      expect(JSON.stringify(other)).not.toContain(SECRET);
    } finally {
      await client.close();
    }
  });

  it('refuses bad input with a 400 that says what to fix', async () => {
    const bad = await get('/v1/deals?risk=extreme', 'manager');
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('VALIDATION_FAILED');
    const cursor = await get('/v1/deals?cursor=%25%25', 'manager');
    expect(cursor.status).toBe(400);
    const id = await get('/v1/deals/bad%20id!/risk', 'manager');
    expect(id.status).toBe(400);
  });

  it('pages a filtered list with a cursor', async () => {
    const first = await get('/v1/deals?status=all&limit=1', 'manager');
    expect(first.body.deals).toHaveLength(1);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await get(`/v1/deals?status=all&limit=1&cursor=${first.body.nextCursor}`, 'manager');
    expect(second.body.deals.map((d: Body) => d.id)).not.toEqual(first.body.deals.map((d: Body) => d.id));
    const all = [...first.body.deals, ...second.body.deals].map((d: Body) => d.id).sort();
    expect(all).toEqual([ALICE_DEAL, BOB_DEAL]);
  });
});
