// npm run bench:post-call: the post-call end-to-end test's workload, measured. The whole stack
// (each service in its own process) against gong-sim; a backfill of 4,000 calls saturates the Gong
// quota while live calls end one every BENCH_SPACING_MS (3,000) and Gong fires their webhooks, each
// transcript ready BENCH_TRANSCRIPT_DELAY_MS (1,500) after. Measured per live call: webhook sent →
// the subscriber's signed call.indexed webhook received; p50, p95 and max over BENCH_LIVE_CALLS (20).
// Prints the figures; the last line is one JSON object.
import { loadavg } from 'node:os';
import { z } from 'zod';
import { loadConfig } from '@gong-connector/platform';
import { PostCallScenario } from '../src/stack/post-call.scenario.js';

const env = loadConfig(
  z.object({
    BENCH_LIVE_CALLS: z.coerce.number().int().min(1).default(20).describe('Live calls whose webhooks fire during the backfill'),
    BENCH_SPACING_MS: z.coerce.number().int().min(0).default(3_000).describe('Time between the ends of live calls (a busy hour)'),
    BENCH_TRANSCRIPT_DELAY_MS: z.coerce.number().int().min(0).default(1_500).describe('How long after its webhook a transcript is ready'),
    BENCH_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('warn'),
  }),
);
const say = (line: string) => process.stdout.write(`${line}\n`);
const pct = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

say(`post-call bench: ${env.BENCH_LIVE_CALLS} live calls ${env.BENCH_SPACING_MS} ms apart during a backfill; load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
const started = Date.now();
const scenario = await PostCallScenario.start({ transcriptDelayMs: env.BENCH_TRANSCRIPT_DELAY_MS, logLevel: env.BENCH_LOG_LEVEL });
try {
  say(`stack up in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  await scenario.saturateWithBackfill();
  const live = await scenario.liveCalls({ calls: env.BENCH_LIVE_CALLS, pacing: { everyMs: env.BENCH_SPACING_MS } });
  const latencies = live.calls.map((c) => c.latencyMs);
  const sorted = [...latencies].sort((a, b) => a - b);
  const broker = scenario.brokerUrl;
  const waitOf = async (priority: string) =>
    (await scenario.metric(broker, `quota_wait_seconds_sum{service="quota-broker",priority="${priority}"`)) /
    Math.max(1, await scenario.metric(broker, `quota_wait_seconds_count{service="quota-broker",priority="${priority}"`));
  const bulkIndexed = await scenario.metric(scenario.stack.services['transcript-processor'].url, 'transcript_indexed_events_total{outcome="published",lane="bulk"');
  const upstream429s = scenario.stack.sim.stats().byStatus['429'] ?? 0;
  const figures = {
    p50: pct(sorted, 50),
    p95: pct(sorted, 95),
    max: sorted.at(-1)!,
    postCallWaitMs: Math.round(1000 * (await waitOf('post-call'))),
    backfillWaitMs: Math.round(1000 * (await waitOf('backfill'))),
  };
  say(`webhook -> subscriber's call.indexed (ms): ${latencies.join(', ')}`);
  say(`  p50 ${figures.p50} ms, p95 ${figures.p95} ms, max ${figures.max} ms`);
  say(
    `quota during the live calls: ${live.usedDuring} Gong requests in ${live.liveSeconds.toFixed(1)} s (${(live.usedDuring / live.liveSeconds).toFixed(2)}/s), ` +
      `${live.backfillDuring} of them backfill; backfill requests waiting at each live call: ${live.queuedSamples.join(',')}`,
  );
  say(`mean broker wait: post-call ${figures.postCallWaitMs} ms, backfill ${figures.backfillWaitMs} ms; ${bulkIndexed} backfilled calls indexed meanwhile; ${upstream429s} 429s from Gong`);
  say(
    JSON.stringify({
      live_calls: live.calls.length,
      spacing_ms: env.BENCH_SPACING_MS,
      transcript_delay_ms: env.BENCH_TRANSCRIPT_DELAY_MS,
      webhook_to_subscriber_p50_ms: figures.p50,
      webhook_to_subscriber_p95_ms: figures.p95,
      webhook_to_subscriber_max_ms: figures.max,
      quota_used_per_s: Number((live.usedDuring / live.liveSeconds).toFixed(2)),
      backfill_tokens_during: live.backfillDuring,
      post_call_broker_wait_mean_ms: figures.postCallWaitMs,
      backfill_broker_wait_mean_ms: figures.backfillWaitMs,
      bulk_indexed_during: bulkIndexed,
      upstream_429s: upstream429s,
      load_avg_1m: Number(loadavg()[0]!.toFixed(2)),
    }),
  );
} finally {
  await scenario.stop();
}
