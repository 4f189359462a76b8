// npm run bench:upkeep: what keeping the replica current costs while nobody asks anything. The whole
// stack (each service in its own process) against an idle gong-sim company (the demo's defaults: 60
// users, 2 workspaces, no new calls), every background interval divided by UPKEEP_SCALE (240: a
// simulated day in 6 minutes), so one real second stands for UPKEEP_SCALE seconds of the day. After
// a warm-up (the first syncs of a fresh install are not upkeep), Gong requests are counted by
// endpoint and purpose for UPKEEP_HOURS simulated hours and scaled to a day; the access data's age
// is sampled every real second (its staleness limit, ACCESS_MAX_STALENESS_MS, scaled the same way).
// The code under test is not told it is measured. The last line is one JSON object.
import { loadavg } from 'node:os';
import { setTimeout as delay } from 'node:timers/promises';
import { z } from 'zod';
import { loadConfig } from '@gong-connector/platform';
import { startStack } from '../src/stack/stack.js';

const env = loadConfig(
  z.object({
    UPKEEP_SCALE: z.coerce.number().int().min(1).max(1_000).default(240).describe('Simulated seconds per real second'),
    UPKEEP_HOURS: z.coerce.number().min(1).max(72).default(24).describe('Simulated hours measured after the warm-up'),
    UPKEEP_WARMUP_HOURS: z.coerce.number().min(0).max(24).default(2).describe('Simulated hours let run before counting'),
    UPKEEP_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('warn'),
  }),
);
const say = (line: string) => process.stdout.write(`${line}\n`);
const S = env.UPKEEP_SCALE;
const scaled = (ms: number) => String(Math.max(1, Math.round(ms / S)));
const HOUR = 3_600_000;
/** The production defaults of every background interval, scaled (the same keys a deployment sets). */
const intervals = {
  ingest: {
    INGEST_SYNC_INTERVAL_MS: scaled(15 * 60_000),
    INGEST_SYNC_IDLE_MAX_INTERVAL_MS: scaled(HOUR),
    INGEST_DIRECTORY_SYNC_INTERVAL_MS: scaled(HOUR),
    INGEST_TRACKER_SYNC_INTERVAL_MS: scaled(24 * HOUR),
    INGEST_OUTBOX_SWEEP_MS: scaled(30_000),
    INGEST_VERIFY_CYCLE_MS: scaled(7 * 24 * HOUR),
  },
  access: {
    ACCESS_MAX_STALENESS_MS: scaled(2 * HOUR),
    ACCESS_SYNC_INTERVAL_MS: scaled(90 * 60_000),
    ACCESS_SYNC_RETRY_MS: scaled(5 * 60_000),
    ACCESS_RELOAD_INTERVAL_MS: scaled(60_000),
    ACCESS_SWEEP_INTERVAL_MS: scaled(10 * 60_000),
    ACCESS_GRANTS_RECHECK_MS: scaled(7 * 24 * HOUR),
  },
};

/** What a Gong endpoint is spent on. */
function purposeOf(endpoint: string): string {
  if (/\/v2\/calls\/extensive|GET \/v2\/calls$/.test(endpoint)) return 'call sync';
  if (/\/v2\/calls\/transcript/.test(endpoint)) return 'transcripts';
  if (/\/v2\/calls\/users-access/.test(endpoint)) return 'users-access';
  if (/\/v2\/users|\/v2\/workspaces/.test(endpoint)) return 'directory';
  if (/permission-profile/.test(endpoint)) return 'permission profiles';
  if (/\/v2\/settings\/trackers/.test(endpoint)) return 'trackers';
  return 'other';
}

const countsOf = (byEndpoint: Record<string, Record<string, number>>): Map<string, number> =>
  new Map(Object.entries(byEndpoint).map(([e, statuses]) => [e, Object.values(statuses).reduce((a, b) => a + b, 0)]));

say(`upkeep bench: intervals divided by ${S}, ${env.UPKEEP_HOURS} simulated hours after ${env.UPKEEP_WARMUP_HOURS} of warm-up; load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
const startedAt = Date.now();
const stack = await startStack({ logLevel: env.UPKEEP_LOG_LEVEL, env: intervals });
try {
  say(`stack up in ${((Date.now() - startedAt) / 1000).toFixed(1)} s`);
  const accessMetrics = `${stack.services.access.url}/metrics`;
  /** The age of the oldest part of the access data (seconds, real), from access_sync_age_seconds. */
  const accessAge = async (): Promise<number | undefined> => {
    const text = await (await fetch(accessMetrics)).text();
    const ages = [...text.matchAll(/^access_sync_age_seconds\{[^}]*part="(directory|profiles)"[^}]*\} (\S+)$/gm)].map((m) => Number(m[2]));
    return ages.length === 2 && ages.every(Number.isFinite) ? Math.max(...ages) : undefined;
  };
  const warmupMs = (env.UPKEEP_WARMUP_HOURS * HOUR) / S;
  await delay(warmupMs);
  const before = countsOf(stack.sim.stats().byEndpoint);
  const measureMs = (env.UPKEEP_HOURS * HOUR) / S;
  const t0 = Date.now();
  let maxAge = 0;
  let unknownAgeSamples = 0;
  let refusals = 0;
  while (Date.now() - t0 < measureMs) {
    await delay(1_000);
    const age = await accessAge().catch(() => undefined);
    if (age === undefined) unknownAgeSamples += 1;
    else maxAge = Math.max(maxAge, age);
  }
  const elapsedMs = Date.now() - t0;
  const after = countsOf(stack.sim.stats().byEndpoint);
  const metricsText = await (await fetch(accessMetrics)).text();
  refusals = Number(/^access_stale_refusals_total(?:\{[^}]*\})? (\S+)$/m.exec(metricsText)?.[1] ?? 0);
  const perDay = (n: number) => (n * 24 * HOUR) / (elapsedMs * S);
  const byEndpoint = [...after].map(([e, n]) => [e, n - (before.get(e) ?? 0)] as const).filter(([, n]) => n > 0);
  const byPurpose = new Map<string, number>();
  for (const [e, n] of byEndpoint) byPurpose.set(purposeOf(e), (byPurpose.get(purposeOf(e)) ?? 0) + n);
  const total = byEndpoint.reduce((a, [, n]) => a + n, 0);
  say(`measured ${(elapsedMs / 1000).toFixed(0)} s real = ${((elapsedMs * S) / HOUR).toFixed(1)} simulated hours; ${total} Gong requests`);
  for (const [e, n] of byEndpoint.sort((a, b) => b[1] - a[1])) say(`  ${e.padEnd(44)} ${String(n).padStart(5)}  (${perDay(n).toFixed(0)}/day)`);
  say('per idle day by purpose:');
  for (const [p, n] of [...byPurpose].sort((a, b) => b[1] - a[1])) say(`  ${p.padEnd(22)} ${perDay(n).toFixed(0)}`);
  const maxAgeSimulated = Math.round(maxAge * S);
  say(
    `idle Gong requests per day: ${perDay(total).toFixed(0)} (target <= 250); oldest access data seen: ${(maxAgeSimulated / 60).toFixed(0)} simulated minutes ` +
      `(limit ${2 * 60}); ${refusals} stale refusals; ${unknownAgeSamples} samples without an age; load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`,
  );
  say(
    JSON.stringify({
      idle_requests_per_day: Math.round(perDay(total)),
      max_access_data_age_s: maxAgeSimulated,
      access_max_staleness_s: 7_200,
      ...Object.fromEntries([...byPurpose].map(([p, n]) => [`${p.replace(/[^a-z]+/g, '_')}_requests_per_day`, Math.round(perDay(n))])),
      stale_refusals: refusals,
      scale: S,
      simulated_hours: Number(((elapsedMs * S) / HOUR).toFixed(1)),
      load_avg_1m: Number(loadavg()[0]!.toFixed(2)),
    }),
  );
} finally {
  await stack.stop();
}
