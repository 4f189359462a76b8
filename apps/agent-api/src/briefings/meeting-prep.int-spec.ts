import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { QUOTA_PRIORITIES, Requests, type QuotaStateV1 } from '@gong-connector/contracts';
import type { CallRecord } from '@gong-connector/persistence';
import { NatsClient, RpcServer, createLogger } from '@gong-connector/platform';
import type { TestDatabase } from '@gong-connector/testing';
import { ACME, CALLS, USERS, acme, globex, indexCalls, makeCall, makeTranscript, seedCompany, startAgentApi, type AgentApiTestApp } from '../../test/agent-api.fixture.js';
import type { LiveCallSource } from '../calls/live-call.source.js';
import type { BriefingView } from './briefing.schemas.js';

const HOUR = 3_600_000;
const LIVE = { alice: '7000000000000000010', bob: '7000000000000000011', aliceGlobex: '7000000000000000012' } as const;

/** The seeded Acme calls with what meeting prep reads: an opportunity, the customer's objection and competitor mention, Gong's summary. */
function withSignals(call: CallRecord, stage: string): CallRecord {
  return {
    ...call,
    brief: `Brief of ${call.title}`,
    callOutcome: { id: '1', category: 'Positive', name: 'Next meeting scheduled' },
    keyPoints: [{ text: `Key point of ${call.title}` }],
    highlights: [{ title: 'Next steps', items: [{ text: `Send the proposal after ${call.title}` }] }],
    context: [
      ...call.context,
      {
        system: 'Salesforce',
        objectType: 'Opportunity',
        objectId: '006ACME1',
        name: 'Acme expansion',
        timing: 'Now',
        fields: [
          { name: 'Name', value: 'Acme expansion' },
          { name: 'StageName', value: stage },
          { name: 'CloseDate', value: '2026-03-31' },
        ],
      },
    ],
    trackers: [
      { trackerId: '9000000000000000001', name: 'Competitors', type: 'KEYWORD', count: 1, occurrences: [{ startTime: 5, speakerId: '2' }], phrases: [{ phrase: 'Initech', count: 1, occurrences: [{ startTime: 5, speakerId: '2' }] }] },
      { trackerId: '9000000000000000002', name: 'Objections', type: 'KEYWORD', count: 1, occurrences: [{ startTime: 4.5, speakerId: '2' }], phrases: [] },
    ],
  };
}

async function seed(db: TestDatabase): Promise<void> {
  await seedCompany(db);
  await indexCalls(
    db,
    [
      withSignals(makeCall(CALLS.aliceAcme, USERS.alice, acme, '2026-01-05T15:00:00.000Z', 'Acme discovery'), 'Discovery'),
      withSignals(makeCall(CALLS.bobAcme, USERS.bob, acme, '2026-01-08T15:00:00.000Z', 'Acme negotiation'), 'Negotiation'),
    ],
    [makeTranscript(CALLS.aliceAcme, 'rockets'), makeTranscript(CALLS.bobAcme, 'anvils')],
  );
}

/** The live fallback's source: Gong's calls of the last hours as one page (counted), here a fixed page. */
class CountingLiveSource implements LiveCallSource {
  listings = 0;
  async fetch(): Promise<undefined> {
    throw new Error('meeting prep never fetches a single call');
  }
  async recentCalls(): Promise<{ calls: CallRecord[]; more: boolean }> {
    this.listings++;
    const now = Date.now();
    return {
      calls: [
        makeCall(LIVE.alice, USERS.alice, acme, new Date(now - HOUR).toISOString(), 'Acme follow-up (live)'),
        makeCall(LIVE.bob, USERS.bob, acme, new Date(now - 2 * HOUR).toISOString(), 'Acme pricing secret-zebra (live)'),
        makeCall(LIVE.aliceGlobex, USERS.alice, globex, new Date(now - HOUR).toISOString(), 'Globex sync (live)'),
        // Replicated already: not listed as new.
        makeCall(CALLS.aliceAcme, USERS.alice, acme, '2026-01-05T15:00:00.000Z', 'Acme discovery'),
      ],
      more: false,
    };
  }
}

function quotaState(breaker: 'closed' | 'open'): QuotaStateV1 {
  const perPriority = <T>(v: T) => Object.fromEntries(QUOTA_PRIORITIES.map((p) => [p, v])) as Record<(typeof QUOTA_PRIORITIES)[number], T>;
  return {
    at: '2026-03-01T12:00:00.000Z',
    day: { key: '2026-03-01', startsAt: '2026-03-01T00:00:00.000Z', endsAt: '2026-03-02T00:00:00.000Z' },
    used: 10,
    limit: 10000,
    remaining: 9990,
    persistedUsed: 60,
    reserves: perPriority({ minRemaining: 0, available: 9990, open: true }),
    pausedUntil: null,
    pauseReason: null,
    breaker: { state: breaker, retryAt: breaker === 'open' ? '2026-03-01T12:05:00.000Z' : null, recentRateLimited: breaker === 'open' ? 5 : 0, probeInFlight: false },
    queueDepth: perPriority(0),
    inFlight: 0,
    rate: { limitPerSecond: 3, currentPerSecond: 3, windowMs: 1100, grantsInWindow: 0 },
  };
}

describe('meeting prep (POST /v1/briefings, MCP meeting_prep): a rep and a manager, one live check', () => {
  let app: AgentApiTestApp;
  const live = new CountingLiveSource();
  let tokens: { alice: string; manager: string };

  beforeAll(async () => {
    app = await startAgentApi({ AGENT_API_LIVE_FALLBACK: 'true' }, { seed, liveCallSource: live });
    tokens = { alice: await app.token({ user: USERS.alice.email }), manager: await app.token({ user: USERS.manager.email }) };
  });

  afterAll(async () => {
    await app?.close();
  });

  const brief = async (token: string, body: unknown): Promise<{ status: number; body: BriefingView & { error?: { code: string; message: string } } }> => {
    const res = await fetch(`${app.service.url}/v1/briefings`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as BriefingView & { error?: { code: string; message: string } } };
  };
  const request = { account: 'Acme', attendees: ['cto@acme.example', USERS.bob.email] };

  it('the manager sees both Acme calls, the deal with its risk, the objections, the competitor and both live calls of Acme', async () => {
    const before = live.listings;
    const { status, body } = await brief(tokens.manager, request);
    expect(status).toBe(200);
    expect(live.listings - before).toBe(1);
    expect(body.account.id).toBe(ACME);
    expect(body.lastCalls.map((c) => c.id)).toEqual([CALLS.bobAcme, CALLS.aliceAcme]);
    expect(body.lastCalls[0]).toMatchObject({ brief: 'Brief of Acme negotiation', outcome: 'Next meeting scheduled (Positive)', keyPoints: ['Key point of Acme negotiation'], nextSteps: ['Send the proposal after Acme negotiation'] });
    const cto = body.attendees.find((a) => a.email === 'cto@acme.example')!;
    expect(cto).toMatchObject({ name: 'CTO of Acme Corp', title: 'CTO', affiliation: 'External', callsAttended: 2 });
    expect(cto.raised.map((p) => p.callId).sort()).toEqual([CALLS.aliceAcme, CALLS.bobAcme]);
    expect(body.attendees.find((a) => a.email === USERS.bob.email)!.callsAttended).toBe(2);
    expect(body.openObjections.map((o) => [o.topic, o.callId])).toEqual([
      ['pricing', CALLS.bobAcme],
      ['pricing', CALLS.aliceAcme],
    ]);
    expect(body.competitors).toEqual([expect.objectContaining({ name: 'Initech', mentions: 2 })]);
    expect(body.deals).toEqual([expect.objectContaining({ dealId: '006ACME1', name: 'Acme expansion', stage: 'Negotiation' })]);
    expect(body.deals[0]!.factors.length).toBeGreaterThan(0);
    expect(body.live).toMatchObject({ checked: true, gongRequests: 1 });
    expect(body.live.newCalls.map((c) => c.id)).toEqual([LIVE.alice, LIVE.bob]);
    expect(body.citedCallIds).toEqual(expect.arrayContaining([CALLS.aliceAcme, CALLS.bobAcme, LIVE.alice, LIVE.bob]));
  });

  it('the rep sees only her own calls: no line, quote, count or live call of Bob’s (leak test)', async () => {
    const before = live.listings;
    const { status, body } = await brief(tokens.alice, request);
    expect(status).toBe(200);
    expect(live.listings - before).toBe(1);
    const mayCite = new Set<string>([CALLS.aliceAcme, LIVE.alice]);
    expect(body.citedCallIds.length).toBeGreaterThan(0);
    for (const id of body.citedCallIds) expect(mayCite.has(id)).toBe(true);
    expect(body.lastCalls.map((c) => c.id)).toEqual([CALLS.aliceAcme]);
    expect(body.callsRead).toBe(1);
    expect(body.attendees.find((a) => a.email === 'cto@acme.example')!.callsAttended).toBe(1);
    expect(body.attendees.find((a) => a.email === USERS.bob.email)).toMatchObject({ callsAttended: 0, raised: [], recentCalls: [], name: null });
    expect(body.openObjections.map((o) => o.callId)).toEqual([CALLS.aliceAcme]);
    expect(body.competitors).toEqual([expect.objectContaining({ name: 'Initech', mentions: 1 })]);
    expect(body.deals.map((d) => d.stage)).toEqual(['Discovery']);
    expect(body.live.newCalls.map((c) => c.id)).toEqual([LIVE.alice]);
    const all = JSON.stringify(body);
    for (const hidden of [CALLS.bobAcme, CALLS.bobGlobex, LIVE.bob, 'anvils', 'negotiation', 'secret-zebra', 'Negotiation']) expect(all).not.toContain(hidden);
  });

  it('skips the live check with a note while the quota breaker is open (no Gong request)', async () => {
    const nats = await NatsClient.connect({ servers: app.natsUrl, name: 'fake-broker', logger: createLogger({ name: 'fake-broker', level: 'silent' }) });
    const server = new RpcServer(nats, createLogger({ name: 'fake-broker', level: 'silent' }));
    let breaker: 'closed' | 'open' = 'open';
    server.serve(Requests.quotaState, async () => quotaState(breaker));
    await nats.nc.flush();
    try {
      const before = live.listings;
      const open = await brief(tokens.alice, request);
      expect(open.status).toBe(200);
      expect(open.body.live).toMatchObject({ checked: false, gongRequests: 0, newCalls: [] });
      expect(open.body.live.note).toMatch(/quota breaker is open/);
      expect(live.listings).toBe(before);
      // The history is still there.
      expect(open.body.lastCalls.map((c) => c.id)).toEqual([CALLS.aliceAcme]);
      breaker = 'closed';
      const closed = await brief(tokens.alice, request);
      expect(closed.body.live.checked).toBe(true);
      expect(live.listings).toBe(before + 1);
    } finally {
      await server.close();
      await nats.drain();
    }
  });

  it('liveHours 0 asks Gong nothing; bad input is a 400 naming the field; an account the rep cannot see is 404', async () => {
    const before = live.listings;
    const none = await brief(tokens.alice, { ...request, liveHours: 0 });
    expect(none.status).toBe(200);
    expect(none.body.live.checked).toBe(false);
    expect(live.listings).toBe(before);
    const bad = await brief(tokens.alice, { account: 'Acme', attendees: ['not-an-email'] });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toMatch(/attendees/);
    expect((await brief(tokens.alice, { attendees: [] })).status).toBe(400);
    expect((await brief(tokens.alice, { account: 'Acme', liveHours: 99 })).status).toBe(400);
    // Alice has no Globex call: Globex is answered like an account that does not exist.
    expect((await brief(tokens.alice, { account: 'Globex' })).status).toBe(404);
  });

  it('over MCP (official SDK client): meeting_prep as the rep, and the workflow prompts (prompts/list, prompts/get)', async () => {
    const client = new Client({ name: 'meeting-prep-test', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(`${app.service.url}/mcp`), { requestInit: { headers: { authorization: `Bearer ${tokens.alice}` } } }));
    try {
      const result = (await client.callTool({ name: 'meeting_prep', arguments: { account: 'acme.example', attendees: 'cto@acme.example' } })) as {
        structuredContent: BriefingView;
        content: { text: string }[];
        isError?: boolean;
      };
      expect(result.isError).toBeFalsy();
      expect(result.structuredContent.lastCalls.map((c) => c.id)).toEqual([CALLS.aliceAcme]);
      expect(result.content[0]!.text).toMatch(/Acme discovery/);
      expect(result.content[0]!.text).not.toMatch(/anvils|negotiation/i);

      const { prompts } = await client.listPrompts();
      expect(prompts.map((p) => p.name).sort()).toEqual(['coach_rep', 'prepare_meeting', 'review_deal', 'watch_competitor']);
      const prep = await client.getPrompt({ name: 'prepare_meeting', arguments: { account: 'Acme', attendees: 'cto@acme.example' } });
      const text = (prep.messages[0]!.content as { text: string }).text;
      expect(text).toMatch(/meeting_prep/);
      expect(text).toMatch(/deal_risk/);
      expect(text).toContain('cto@acme.example');
      const named = async (name: string, args: Record<string, string>) => ((await client.getPrompt({ name, arguments: args })).messages[0]!.content as { text: string }).text;
      expect(await named('review_deal', { deal: '006ACME1' })).toMatch(/deal_risk/);
      expect(await named('watch_competitor', { competitor: 'Initech' })).toMatch(/competitor_trends/);
      expect(await named('coach_rep', { rep: USERS.alice.id })).toMatch(/rep_scorecard/);
      await expect(client.getPrompt({ name: 'prepare_meeting', arguments: {} })).rejects.toThrow();
    } finally {
      await client.close();
    }
  });
});
