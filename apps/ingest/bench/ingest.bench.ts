// Ingest benchmark: `npm run bench:ingest`. Against gong-sim at Gong's 3 requests/second:
// - a backfill of a seeded company: Gong requests per 1,000 calls and calls per minute;
// - new calls through signed webhooks: webhook → call stored, webhook → "call ready" event, and
//   (for calls whose transcript comes a few seconds after the webhook) transcript available →
//   transcript stored, as percentiles.
// - a burst of webhooks (meetings ending together, BENCH_BURST_WEBHOOKS at once): webhook → event
//   and the Gong requests the burst cost (shared batches, not one per call);
// - the same webhooks while a backfill saturates the quota (post-call goes first).
// The last line is one JSON object. Options (env): BENCH_CALLS (2000), BENCH_WEBHOOKS (40),
// BENCH_DELAYED_WEBHOOKS (15), BENCH_TRANSCRIPT_DELAY_MS (4000), BENCH_BURST_WEBHOOKS (8), BENCH_LOG_LEVEL (warn).
import { loadConfig } from '@gong-connector/platform';
import { z } from 'zod';
import { CallReadRepository } from '@gong-connector/persistence';
import { PrivateNatsServer, testDatabase, waitFor, within } from '@gong-connector/testing';
import { startGongSim } from '@gong-connector/testing/gong-sim';
import { CallFetchedListener, startIngest } from '../test/ingest.harness.js';

const env = loadConfig(
  z.object({
    BENCH_CALLS: z.coerce.number().int().min(100).default(2000).describe('Calls of history to backfill'),
    BENCH_WEBHOOKS: z.coerce.number().int().min(1).default(40).describe('Live calls announced by webhooks'),
    BENCH_DELAYED_WEBHOOKS: z.coerce.number().int().min(0).default(15).describe('Of those, calls whose transcript comes late'),
    BENCH_TRANSCRIPT_DELAY_MS: z.coerce.number().int().min(0).default(4000).describe('How late'),
    BENCH_BURST_WEBHOOKS: z.coerce.number().int().min(1).default(8).describe('Calls that end together, in one burst of webhooks'),
    BENCH_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('warn'),
  }),
);
const CALLS = env.BENCH_CALLS;
const WEBHOOKS = env.BENCH_WEBHOOKS;
const DELAYED = env.BENCH_DELAYED_WEBHOOKS;
const TRANSCRIPT_DELAY_MS = env.BENCH_TRANSCRIPT_DELAY_MS;
const ADMIN = 'bench-admin-token-0123456789';

const pct = (values: number[], p: number): number => {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
};
const summary = (values: number[]) => ({ n: values.length, p50: Math.round(pct(values, 50)), p95: Math.round(pct(values, 95)), max: Math.round(Math.max(...values)) });
const log = (line: string) => console.log(line);

const sim = await startGongSim({ port: 0, seed: 'ingest-bench', users: 60, accounts: 80, calls: CALLS, days: 60, anchorDate: '2026-03-01', transcriptDelayMs: 0 });
const db = await testDatabase();
const nats = await PrivateNatsServer.start();
const listener = await CallFetchedListener.start(nats.url);
const ingest = await startIngest({
  sim,
  db,
  natsUrl: nats.url,
  env: { INGEST_ADMIN_TOKEN: ADMIN, LOG_LEVEL: env.BENCH_LOG_LEVEL, INGEST_TRANSCRIPT_RETRY_MS: '500', INGEST_TRANSCRIPT_WAIT_LIMIT_MS: '120000' },
});
const admin = async (method: string, path: string, body?: unknown) => {
  const res = await fetch(`${ingest.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${ADMIN}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  return (await res.json()) as { id: string; status: string; callsStored: number; requestsSpent: number; transcriptsStored: number };
};

try {
  // ---- backfill ----------------------------------------------------------------------------------
  const starts = sim.company.data.calls.map((c) => c.started);
  const from = new Date(Math.min(...starts)).toISOString();
  const to = new Date(Math.max(...starts) + 1000).toISOString();
  const startBackfill = async () => (await admin('POST', '/admin/backfills', { from, to })).id;
  const backfillDone = (id: string) =>
    waitFor(
      async () => {
        const j = await admin('GET', `/admin/backfills/${id}`);
        return j.status === 'completed' || j.status === 'failed' ? j : undefined;
      },
      'backfill',
      { timeoutMs: 30 * 60_000, intervalMs: 250 },
    );
  log(`backfill of ${CALLS} calls (${from} .. ${to}) at 3 requests/s`);
  sim.resetStats();
  const t0 = performance.now();
  const done = await backfillDone(await startBackfill());
  const seconds = (performance.now() - t0) / 1000;
  const stats = sim.stats();
  const counts = await ingest.get(CallReadRepository).count();
  const requestsPer1000 = (stats.total / done.callsStored) * 1000;
  const callsPerMin = done.callsStored / (seconds / 60);
  log(`  ${done.status}: ${done.callsStored} calls, ${done.transcriptsStored} transcripts, stored ${counts.calls}/${counts.transcripts}`);
  log(`  Gong requests: ${stats.total} (${JSON.stringify(stats.byEndpoint)}) = ${requestsPer1000.toFixed(1)} per 1,000 calls`);
  log(`  ${seconds.toFixed(1)} s = ${Math.round(callsPerMin)} calls/min`);

  // ---- webhooks ----------------------------------------------------------------------------------
  sim.addWebhook(ingest.publicWebhookUrl);
  const toStored: number[] = [];
  const toEvent: number[] = [];
  const transcriptLag: number[] = [];
  const delayedCallStored: number[] = [];
  const repo = ingest.get(CallReadRepository);
  const firstStored = async (id: string): Promise<number | undefined> => {
    const rows: { at: Date }[] = await db.database.query(`SELECT first_stored_at AS at FROM "${db.schema}".calls WHERE id = $1`, [id]);
    return rows[0] ? new Date(rows[0].at).getTime() : undefined;
  };
  const transcriptStored = async (id: string): Promise<number | undefined> => {
    const t = await repo.getTranscript(id);
    return t ? Date.parse(t.fetchedAt) : undefined;
  };
  log(`webhooks: ${WEBHOOKS} new calls with the transcript ready, one every ~1.2 s`);
  const runs: Promise<void>[] = [];
  for (let i = 0; i < WEBHOOKS; i++) {
    const sent = Date.now();
    const { call } = sim.completeCall();
    runs.push(
      (async () => {
        const event = await within(listener.next((e) => e.callId === call.id), 60_000, `event of ${call.id}`);
        toEvent.push((listener.arrivals.get(call.id) ?? Date.now()) - sent);
        toStored.push((await firstStored(call.id))! - sent);
        void event;
      })(),
    );
    await new Promise((r) => setTimeout(r, 1200));
  }
  await Promise.all(runs);
  log(`webhooks: ${DELAYED} new calls whose transcript comes ${TRANSCRIPT_DELAY_MS} ms after the webhook`);
  const delayedRuns: Promise<void>[] = [];
  for (let i = 0; i < DELAYED; i++) {
    const sent = Date.now();
    const { call } = sim.completeCall();
    call.transcriptReadyAt = sent + TRANSCRIPT_DELAY_MS;
    delayedRuns.push(
      (async () => {
        await within(listener.next((e) => e.callId === call.id), 120_000, `event of ${call.id}`);
        delayedCallStored.push((await firstStored(call.id))! - sent);
        transcriptLag.push((await transcriptStored(call.id))! - call.transcriptReadyAt);
      })(),
    );
    await new Promise((r) => setTimeout(r, 1500));
  }
  await Promise.all(delayedRuns);
  log(`webhooks: a burst of ${env.BENCH_BURST_WEBHOOKS} new calls ending together`);
  sim.resetStats();
  const burstEvent: number[] = [];
  await Promise.all(
    Array.from({ length: env.BENCH_BURST_WEBHOOKS }, () => {
      const sent = Date.now();
      const { call } = sim.completeCall();
      return (async () => {
        await within(listener.next((e) => e.callId === call.id), 60_000, `event of ${call.id}`);
        burstEvent.push((listener.arrivals.get(call.id) ?? Date.now()) - sent);
      })();
    }),
  );
  const burstRequests = sim.stats().total;
  log(`webhooks: ${WEBHOOKS} new calls (one every ~1.2 s) while a backfill of ${CALLS} calls runs`);
  await db.database.query(`TRUNCATE "${db.schema}".calls CASCADE`);
  sim.resetStats();
  const second = await startBackfill();
  await waitFor(async () => (await admin('GET', `/admin/backfills/${second}`)).callsStored > 0 || undefined, 'second backfill under way', { timeoutMs: 120_000 });
  const duringEvent: number[] = [];
  const duringRuns: Promise<void>[] = [];
  for (let i = 0; i < WEBHOOKS; i++) {
    const sent = Date.now();
    const { call } = sim.completeCall();
    duringRuns.push(
      (async () => {
        await within(listener.next((e) => e.callId === call.id), 120_000, `event of ${call.id}`);
        duringEvent.push((listener.arrivals.get(call.id) ?? Date.now()) - sent);
      })(),
    );
    await new Promise((r) => setTimeout(r, 1200));
  }
  await Promise.all(duringRuns);
  const secondJob = await admin('GET', `/admin/backfills/${second}`);
  await backfillDone(second);
  const during = summary(duringEvent);

  const stored = summary(toStored);
  const event = summary(toEvent);
  const delayedStored = summary(delayedCallStored);
  const lag = summary(transcriptLag);
  log(`  webhook → call stored        ${JSON.stringify(stored)} ms`);
  log(`  webhook → call.fetched event ${JSON.stringify(event)} ms`);
  log(`  delayed transcript: webhook → call stored ${JSON.stringify(delayedStored)} ms`);
  log(`  delayed transcript: transcript available → stored ${JSON.stringify(lag)} ms (retry every 500 ms)`);
  const burst = summary(burstEvent);
  log(`  burst of ${env.BENCH_BURST_WEBHOOKS}: webhook → call.fetched event ${JSON.stringify(burst)} ms, ${burstRequests} Gong requests`);
  log(`  during a backfill (${secondJob.status} when the webhooks ended): webhook → call.fetched event ${JSON.stringify(during)} ms`);
  console.log(
    JSON.stringify({
      calls: done.callsStored,
      requests_per_1000_calls: Number(requestsPer1000.toFixed(2)),
      backfill_calls_per_min: Math.round(callsPerMin),
      backfill_seconds: Number(seconds.toFixed(1)),
      webhook_to_stored_p50_ms: stored.p50,
      webhook_to_stored_p95_ms: stored.p95,
      webhook_to_event_p95_ms: event.p95,
      delayed_webhook_to_call_stored_p95_ms: delayedStored.p95,
      transcript_available_to_stored_p50_ms: lag.p50,
      transcript_available_to_stored_p95_ms: lag.p95,
      burst_webhook_to_event_p95_ms: burst.p95,
      burst_gong_requests: burstRequests,
      during_backfill_webhook_to_event_p95_ms: during.p95,
    }),
  );
} finally {
  await ingest.close();
  await listener.close();
  await sim.close();
  await db.close();
  await nats.stop();
}
