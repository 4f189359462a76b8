// npm run bench:quota [-- --seconds 180 --backfill 4 --post-call-headroom 1]
//
// The quota broker (its own process, main.ts) against gong-sim at Gong's real limits (3/s,
// 10,000/day, real time), with Postgres and a NATS server of its own (PrivateNatsServer):
//   1. overhead: interactive permits asked one at a time while the broker has tokens free; the
//      acquire round trip (NATS request → broker → reply) is the broker's cost per grant;
//   2. the mixed load for a few minutes: backfill clients flat out, an interactive request every
//      2 s, post-call bursts, a periodic sync. Every request is a real GongClient call.
// Prints the figures; the last line is one JSON object.
import { AppError, QUOTA_PRIORITIES, Requests } from '@gong-connector/contracts';
import { BrokerPermitSource, createLogger, loadConfig, NatsClient, RpcClient } from '@gong-connector/platform';
import { PrivateNatsServer, testDatabase, testServices, uniqueName, waitFor, type TestDatabase } from '@gong-connector/testing';
import { startGongSim, type GongSim } from '@gong-connector/testing/gong-sim';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { spawnBroker, type BrokerProcess } from '../test/broker.launcher.js';
import { maxInAnyWindow, quantile, runMixedLoad, waitsByPriority } from '../test/mixed-load.driver.js';

const env = loadConfig(z.object({ QUOTA_BENCH_SECONDS: z.string().regex(/^[1-9][0-9]*$/, 'must be a whole number of seconds').default('180') }));
const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: env.QUOTA_BENCH_SECONDS },
    backfill: { type: 'string', default: '4' },
    'post-call-headroom': { type: 'string' },
    'overhead-samples': { type: 'string', default: '60' },
    'post-call-calls': { type: 'string', default: '2' },
    'post-call-every': { type: 'string', default: '15' },
  },
});
const seconds = Number(args.seconds);
const logger = createLogger({ name: 'quota-bench', level: 'silent' });
const say = (line: string) => process.stdout.write(`${line}\n`);
const round = (n: number, digits = 1) => (Number.isFinite(n) ? Number(n.toFixed(digits)) : null);

// Everything started is stopped in `finally`, also when a later start fails.
const privateNats = await PrivateNatsServer.start();
const services = { ...testServices(), natsUrl: privateNats.url };
say(`private nats-server at ${privateNats.url}`);
let db: TestDatabase | undefined;
let sim: GongSim | undefined;
let broker: BrokerProcess | undefined;
let nats: NatsClient | undefined;

try {
  db = await testDatabase();
  sim = await startGongSim({ port: 0, seed: 'quota-bench', users: 30, accounts: 40, calls: 600, days: 60 });
  broker = await spawnBroker(
    {
      DATABASE_URL: services.databaseUrl,
      DATABASE_SCHEMA: db.schema,
      NATS_URL: services.natsUrl,
      QUOTA_LEASE_NAME: uniqueName('qb-bench').replace(/_/g, '-'),
      BROKER_INSTANCE_ID: 'bench-broker',
      LOG_LEVEL: 'warn',
      ...(args['post-call-headroom'] === undefined ? {} : { QUOTA_HEADROOM_POST_CALL: args['post-call-headroom'] }),
    },
    { baseEnv: process.env }, // the child inherits PATH and the like
  );
  nats = await NatsClient.connect({ servers: services.natsUrl, name: 'quota-bench', logger });
  const rpc = new RpcClient(nats);
  await waitFor(async () => (await broker!.leadership()).serving, 'the broker serving', { timeoutMs: 15_000 });
  const truth = sim.groundTruth({ includeCalls: true });

  // 1. Overhead per grant: one interactive permit every 400 ms (3 per 1.2 s: always a free token),
  // timed around BrokerPermitSource.acquire; each is reported `not-sent`, which refunds the budget.
  const overhead: number[] = [];
  let immediate = false;
  const permits = new BrokerPermitSource(rpc, logger, {
    requester: 'quota-bench/overhead',
    onAcquired: (e) => {
      immediate = e.queuedMs === 0 && e.attempts === 1;
    },
  });
  const samples = Number(args['overhead-samples']);
  for (let i = 0; i < samples; i++) {
    const started = performance.now();
    const permit = await permits.acquire({ priority: 'interactive', cost: 1, endpoint: 'GET /v2/calls/{id}' });
    const elapsed = performance.now() - started;
    if (immediate) overhead.push(elapsed);
    await rpc.request(Requests.quotaReport, { permitId: permit.id, status: 'not-sent', requester: 'quota-bench/overhead' });
    await new Promise((r) => setTimeout(r, Math.max(0, 400 - (performance.now() - started))));
  }
  say(
    `overhead: ${overhead.length} immediate grants, acquire round trip p50 ${round(quantile(overhead, 0.5), 2)} ms, ` +
      `p99 ${round(quantile(overhead, 0.99), 2)} ms, max ${round(Math.max(...overhead), 2)} ms`,
  );

  // 2. The mixed load.
  await waitFor(async () => (await broker!.quota()).rate.grantsInWindow === 0, 'an empty pacing window');
  sim.resetStats();
  const postCall = { calls: Number(args['post-call-calls']), everyMs: Number(args['post-call-every']) * 1000 };
  say(
    `mixed load for ${seconds} s: ${args.backfill} backfill clients flat out, interactive every 2 s, ` +
      `post-call bursts of ${postCall.calls} call(s) × 2 requests every ${postCall.everyMs / 1000} s, 2 sync pages every 20 s`,
  );
  const result = await runMixedLoad({
    rpc,
    logger,
    baseUrl: sim.baseUrl,
    credentials: sim.credentials,
    callIds: truth.calls!.map((c) => c.id),
    history: { fromDateTime: truth.range.from, toDateTime: truth.range.to },
    durationMs: seconds * 1000,
    backfillClients: Number(args.backfill),
    interactiveEveryMs: 2_000,
    postCall,
    sync: { everyMs: 20_000, pages: 2 },
  });
  const quota = await broker.quota();
  const stats = sim.stats();
  const waits = waitsByPriority(result.acquires);
  const grants = result.acquires.length;
  const byPriority = Object.fromEntries(QUOTA_PRIORITIES.map((p) => [p, result.acquires.filter((a) => a.priority === p).length]));
  const upstream429s = stats.byStatus['429'] ?? 0;
  const maxPerSecond = maxInAnyWindow(result.sends, 1000);
  say(`requests sent ${result.sends.length}, Gong answers ${JSON.stringify(stats.byStatus)}, 429s ${upstream429s}`);
  say(`most requests in any 1 s window: ${maxPerSecond} (limit 3); grants ${grants} = ${round(grants / (result.durationMs / 1000), 2)}/s`);
  say(`grants by priority ${JSON.stringify(byPriority)}; backfill share ${round((byPriority.backfill ?? 0) / grants, 3)}`);
  for (const p of QUOTA_PRIORITIES) {
    const w = waits[p];
    say(`  ${p.padEnd(11)} n=${String(w.n).padStart(4)}  wait p50 ${round(w.p50, 0)} ms  p95 ${round(w.p95, 0)} ms  p99 ${round(w.p99, 0)} ms  max ${round(w.max, 0)} ms`);
  }
  say(`failures ${JSON.stringify(result.failures)}, cut off at the end ${result.cutOff}`);
  say(`broker: used ${quota.used} (stored ahead ${quota.persistedUsed}); gong-sim counted ${sim.quota().usedToday}`);

  say(
    JSON.stringify({
      duration_s: round(result.durationMs / 1000, 1),
      upstream_429s: upstream429s,
      max_grants_per_s: maxPerSecond,
      grants_total: grants,
      grant_rate_per_s: round(grants / (result.durationMs / 1000), 3),
      interactive_wait_p50_ms: round(waits.interactive.p50, 1),
      interactive_wait_p99_ms: round(waits.interactive.p99, 1),
      post_call_wait_p95_ms: round(waits['post-call'].p95, 1),
      sync_wait_p95_ms: round(waits.sync.p95, 1),
      backfill_wait_p50_ms: round(waits.backfill.p50, 1),
      backfill_share: round((byPriority.backfill ?? 0) / grants, 3),
      grants_by_priority: byPriority,
      grant_overhead_p50_ms: round(quantile(overhead, 0.5), 2),
      grant_overhead_p99_ms: round(quantile(overhead, 0.99), 2),
      failures: Object.values(result.failures).reduce((n, f) => n + Object.values(f).reduce((a, b) => a + b, 0), 0),
      broker_used: quota.used,
      sim_used: sim.quota().usedToday,
      post_call_headroom: args['post-call-headroom'] === undefined ? 1 : Number(args['post-call-headroom']),
      post_call_burst: postCall,
    }),
  );
} catch (error) {
  say(`benchmark failed: ${error instanceof AppError ? `${error.code}: ${error.message}` : String(error)}`);
  process.exitCode = 1;
} finally {
  await broker?.stop().catch(() => undefined);
  await broker?.kill().catch(() => undefined);
  await nats?.drain().catch(() => undefined);
  await sim?.close().catch(() => undefined);
  await db?.close().catch(() => undefined);
  await privateNats.stop();
}
