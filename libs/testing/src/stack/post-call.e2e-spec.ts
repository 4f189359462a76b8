import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHmac } from 'node:crypto';
import { loadavg } from 'node:os';
import { waitFor } from '../deferred.js';
import { PostCallScenario } from './post-call.scenario.js';

const LIVE_CALLS = 20;

/**
 * The post-call path end to end, every service in its own process: gong-sim completes calls and
 * fires webhooks while a backfill keeps the Gong quota busy; ingest, transcript-processor and
 * agent-api take each call to a subscriber's signed `call.indexed` webhook; the subscriber then
 * fetches the transcript with a user token. Backfilled calls reach no subscriber. Each live call
 * ends once the previous one arrived (the test waits on outcomes); how fast they arrive at a busy
 * hour's rate is `npm run bench:post-call`'s question.
 */
describe('post-call: Gong webhook to a subscriber\'s signed call.indexed', () => {
  let scenario: PostCallScenario;

  beforeAll(async () => {
    scenario = await PostCallScenario.start();
  }, 600_000);

  afterAll(async () => {
    await scenario?.stop();
  }, 120_000);

  it('delivers each new call, signed, to the subscriber while a backfill saturates the quota, and no backfilled call', async () => {
    const { stack } = scenario;
    const truth = stack.sim.groundTruth({ includeCalls: true });
    await scenario.saturateWithBackfill();
    const live = await scenario.liveCalls({ calls: LIVE_CALLS, pacing: 'after-delivery' });
    const processor = stack.services['transcript-processor'].url;
    const bulkIndexed = await scenario.metric(processor, 'transcript_indexed_events_total{outcome="published",lane="bulk"');
    console.log(
      `post-call: ${LIVE_CALLS} live calls in ${live.liveSeconds.toFixed(1)} s, ${live.usedDuring} Gong requests meanwhile ` +
        `(${live.backfillDuring} backfill); backfill requests waiting at each live call: ${live.queuedSamples.join(',')}; ` +
        `${bulkIndexed} backfilled calls indexed meanwhile; 429s by endpoint: ` +
        JSON.stringify(Object.fromEntries(Object.entries(stack.sim.stats().byEndpoint).flatMap(([e, byStatus]) => (byStatus['429'] ? [[e, byStatus['429']]] : [])))) +
        `; load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`,
    );

    // Every live call arrived once, with a valid signature.
    expect(live.calls.map((c) => c.callId)).toHaveLength(LIVE_CALLS);
    for (const { delivery } of live.calls) {
      const [, t, v1] = /^t=(\d+),v1=([0-9a-f]+)$/.exec(delivery.signature) ?? [];
      expect(v1).toBe(createHmac('sha256', scenario.secret).update(`${t}.${delivery.body}`).digest('hex'));
    }
    const liveIds = new Set(live.calls.map((c) => c.callId));
    expect(scenario.deliveries.all.filter((d) => liveIds.has(d.callId))).toHaveLength(LIVE_CALLS);
    // Backfill work kept the quota busy meanwhile: backfill was granted tokens and had requests
    // waiting for permits at most live calls (demand beyond what the broker grants it; on a busy
    // machine the load loops are sometimes between a grant and their next request when sampled).
    // Zero 429s is a pacing figure, not asserted here: on a 2-core machine at load 10+ processes run
    // late by more than the broker's 100 ms margin, so gong-sim may see a 4th request in a second.
    // It is held in simulated time (libs/quota quota.simulation.spec.ts) and printed by
    // `npm run bench:post-call` and `npm run bench:quota` (upstream_429s). Here: every 429 Gong
    // answered so far is reported to the broker (which pauses on it), and every live call arrived.
    expect(live.backfillDuring).toBeGreaterThan(0);
    expect(live.queuedSamples.filter((n) => n > 0).length).toBeGreaterThanOrEqual(Math.ceil(0.75 * live.queuedSamples.length));
    const answered429s = stack.sim.stats().byStatus['429'] ?? 0;
    const reported429s = () => scenario.metric(scenario.brokerUrl, 'quota_upstream_429_total{');
    await waitFor(async () => (await reported429s()) >= answered429s, () => `the broker told of Gong's ${answered429s} 429s`, { timeoutMs: 30_000, intervalMs: 200 });

    // Backfilled calls were indexed (so there were call.indexed events to skip) and reached no subscriber.
    expect(bulkIndexed).toBeGreaterThan(0);
    const historical = new Set(truth.calls!.map((c) => c.id));
    // Ingest's first incremental sync stores the last day's calls at boot (source sync: calls whose
    // webhook may have been missed), which subscribers do get; every older call only the backfill
    // brings in. The stack's NATS server is its own: every call.indexed is this simulator's.
    expect(historical.size).toBe(4000);
    const syncWindowStart = Date.now() - 2 * 86_400_000;
    const onlyBackfilled = new Set(truth.calls!.filter((c) => Date.parse(c.started) < syncWindowStart).map((c) => c.id));
    expect(onlyBackfilled.size).toBeGreaterThan(3_800);
    expect(scenario.deliveries.all.filter((r) => onlyBackfilled.has(r.callId)).map((r) => r.callId)).toEqual([]);

    // The subscriber fetches the transcript with a token of the call's host, so permissions apply.
    const payload = JSON.parse(live.calls[0]!.delivery.body) as { data: { host: { userId: string }; links: { transcript: string } } };
    const host = truth.users.find((u) => u.id === payload.data.host.userId)!;
    const { token } = await scenario.admin<{ token: string }>(stack.services['agent-api'].url, '/admin/tokens', { kind: 'user', user: host.emailAddress });
    const transcript = await fetch(payload.data.links.transcript, { headers: { authorization: `Bearer ${token}` } });
    expect(transcript.status).toBe(200);
    expect(JSON.stringify(await transcript.json()).length).toBeGreaterThan(200);
  }, 600_000);
});
