import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import type { CallRecord, TranscriptRecord } from '@gong-connector/persistence';
import { CALLS, USERS, acme, globex, indexCalls, makeCall, seedCompany, startAgentApi, type AgentApiTestApp } from '../../test/agent-api.fixture.js';
import type { CompetitorTrendsView } from './competitor-trends.schemas.js';

const ALICE_CORVID = '7000000000000000101';
const BOB_DATALYTE = '7000000000000000102';
const ALICE_OPEN = '7000000000000000103';

const opportunity = (id: string, stage: string) => ({
  system: 'Salesforce',
  objectType: 'Opportunity',
  objectId: id,
  name: `Deal ${id}`,
  timing: 'Now',
  fields: [{ name: 'StageName', value: stage }],
});
const mentioning = (base: CallRecord, phrase: string, opp: ReturnType<typeof opportunity>): CallRecord => ({
  ...base,
  context: [...base.context, opp],
  trackers: [
    {
      trackerId: '9000000000000000001',
      name: 'Competitors',
      type: 'KEYWORD',
      count: 2,
      occurrences: [{ startTime: 4.5, speakerId: '2' }, { startTime: 10, speakerId: '1' }],
      phrases: [{ phrase, count: 2, occurrences: [{ startTime: 4.5, speakerId: '2' }, { startTime: 10, speakerId: '1' }] }],
    },
  ],
});
const transcript = (callId: string, competitor: string, secret: string): TranscriptRecord => ({
  callId,
  fetchedAt: '2026-01-20T00:00:00.000Z',
  monologues: [
    { speakerId: '1', topic: null, sentences: [{ start: 0, end: 4000, text: 'Thanks for making the time today.' }] },
    { speakerId: '2', topic: 'Competition', sentences: [{ start: 4000, end: 9000, text: `We are also evaluating ${competitor}, ${secret} is what worries us.` }] },
    { speakerId: '1', topic: 'Competition', sentences: [{ start: 9000, end: 12000, text: `Where we win against ${competitor} is time to value.` }] },
  ],
});

/**
 * Competitor trends count, share and quote only the calls the asking user may see: a rep never
 * learns of a competitor named only in another rep's call, nor sees its quotes, deals or outcomes;
 * a manager who sees every call gets both, with win rates from the deals' CRM stages.
 */
describe('competitor trends (leak test)', () => {
  let app: AgentApiTestApp;
  const tokens: Record<string, string> = {};
  const trends = async (who: string, query = 'from=2026-01-01&to=2026-01-31') => {
    const res = await fetch(`${app.service.url}/v1/competitors?${query}`, { headers: { authorization: `Bearer ${tokens[who]}` } });
    return { status: res.status, text: await res.clone().text(), body: (await res.json()) as CompetitorTrendsView & { error?: { code: string; message: string } } };
  };
  const byName = (view: CompetitorTrendsView) => new Map(view.competitors.map((c) => [c.name, c]));

  beforeAll(async () => {
    app = await startAgentApi(
      {},
      {
        seed: async (db) => {
          await seedCompany(db);
          await indexCalls(
            db,
            [
              mentioning(makeCall(ALICE_CORVID, USERS.alice, acme, '2026-01-12T15:00:00.000Z', 'Acme evaluation'), 'Corvid', opportunity('006WON', 'Closed Won')),
              mentioning(makeCall(BOB_DATALYTE, USERS.bob, globex, '2026-01-13T15:00:00.000Z', 'Globex evaluation'), 'Datalyte', opportunity('006LOST', 'Closed Lost')),
              { ...makeCall(ALICE_OPEN, USERS.alice, acme, '2026-01-14T15:00:00.000Z', 'Acme follow-up'), trackers: [], context: [opportunity('006OPEN', 'Proposal')] },
            ],
            [transcript(ALICE_CORVID, 'Corvid', 'alicesecret'), transcript(BOB_DATALYTE, 'Datalyte', 'bobsecret')],
          );
        },
      },
    );
    for (const [who, u] of Object.entries(USERS)) tokens[who] = await app.token({ user: u.email });
  });
  afterAll(async () => {
    await app?.close();
  });

  it("a rep sees only competitors, quotes and deals of calls they may see", async () => {
    const { status, body, text } = await trends('alice');
    expect(status).toBe(200);
    const corvid = byName(body).get('Corvid');
    expect(byName(body).has('Datalyte')).toBe(false);
    expect(text).not.toMatch(/bobsecret|Datalyte|006LOST|Globex/);
    expect(body.visibleCalls).toBe(3); // her seeded Acme discovery, ALICE_CORVID, ALICE_OPEN
    expect(corvid).toEqual(
      expect.objectContaining({ mentions: 2, calls: 1, callShare: 0.333, deals: 1, dealShare: 0.5, mentionsByWeek: [{ week: '2026-01-12', mentions: 2, calls: 1 }] }),
    );
    expect(corvid!.winRate).toEqual({ withMention: { won: 1, lost: 0, rate: 1 }, withoutMention: { won: 0, lost: 0, rate: null } });
    expect(body.deals).toEqual(expect.objectContaining({ counted: 2, closed: 1 }));
    expect(corvid!.quotes.newest[0]).toEqual(
      expect.objectContaining({ callId: ALICE_CORVID, text: 'We are also evaluating Corvid, alicesecret is what worries us.', side: 'customer', atSeconds: 4.5 }),
    );
    expect(corvid!.quotes.mostRelevant.length).toBeGreaterThan(0);
    expect(corvid!.quotes.mostRelevant[0]).toEqual(expect.objectContaining({ callId: ALICE_CORVID, side: 'customer' }));
  });

  it('another rep sees the other competitor and none of the first one', async () => {
    const { status, body, text } = await trends('bob');
    expect(status).toBe(200);
    expect(byName(body).has('Corvid')).toBe(false);
    expect(text).not.toMatch(/alicesecret|Corvid|006WON|006OPEN/);
    expect(byName(body).get('Datalyte')!.winRate.withMention).toEqual({ won: 0, lost: 1, rate: 0 });
    for (const q of [...byName(body).get('Datalyte')!.quotes.newest, ...byName(body).get('Datalyte')!.quotes.mostRelevant]) expect(q.callId).toBe(BOB_DATALYTE);
  });

  it('a manager who sees every call gets both, with win rates with and without each mention', async () => {
    // The deals replica wins over the CRM context: a deal it holds as won counts as won.
    await app.db.database.query(
      `INSERT INTO deals (id, system, stage, outcome, first_call_at, last_call_at, call_count) VALUES ('006OPEN', 'Salesforce', 'Closed Won', 'won', now(), now(), 1)`,
    );
    const { body } = await trends('manager', 'from=2026-01-01&to=2026-01-31&competitor=corvid,datalyte');
    expect([...byName(body).keys()].sort()).toEqual(['Corvid', 'Datalyte']);
    expect(body.visibleCalls).toBe(6);
    expect(byName(body).get('Corvid')!.winRate).toEqual({ withMention: { won: 1, lost: 0, rate: 1 }, withoutMention: { won: 1, lost: 1, rate: 0.5 } });
    expect(byName(body).get('Datalyte')!.winRate).toEqual({ withMention: { won: 0, lost: 1, rate: 0 }, withoutMention: { won: 2, lost: 0, rate: 1 } });
    expect(body.deals).toEqual(expect.objectContaining({ counted: 3, closed: 3 }));
  });

  it('groups by tracker on request, and counts a tracker without phrase detail by its name', async () => {
    const { body } = await trends('manager', 'from=2026-01-01&to=2026-01-31&by=tracker');
    expect(body.competitors.map((c) => c.name)).toEqual(['Competitors']);
    expect(body.competitors[0]!.calls).toBe(5); // the three seeded calls (a count, no phrases) and the two mentioning ones
    expect(CALLS.aliceAcme).toBeDefined();
  });

  it('refuses bad input with a 400 naming the field', async () => {
    for (const q of ['by=word', 'quotes=11', 'from=2026-02-30', 'from=2026-02-01&to=2026-01-01', 'limit=0', 'extra=1']) {
      const { status, body } = await trends('alice', q);
      expect({ q, status }).toEqual({ q, status: 400 });
      expect(body.error?.code).toBe('VALIDATION_FAILED');
    }
  });

  it('the MCP tool answers the same, filtered for the user', async () => {
    const mcp = new Client({ name: 'competitors-leak', version: '1.0.0' });
    await mcp.connect(new StreamableHTTPClientTransport(new URL(`${app.service.url}/mcp`), { requestInit: { headers: { authorization: `Bearer ${tokens.alice}` } } }));
    try {
      const result = (await mcp.callTool({ name: 'competitor_trends', arguments: { from: '2026-01-01', to: '2026-01-31' } })) as {
        isError?: boolean;
        structuredContent: CompetitorTrendsView;
        content: { text: string }[];
      };
      expect(result.isError).toBeFalsy();
      expect(result.structuredContent.competitors.map((c) => c.name)).toContain('Corvid');
      expect(JSON.stringify(result)).not.toMatch(/bobsecret|Datalyte/);
      expect(result.content[0]!.text).toMatch(/Corvid: 2 mentions in 1 calls/);
    } finally {
      await mcp.close();
    }
  });
});
