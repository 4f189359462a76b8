// rep_scorecard latency (GET /v1/users/{id}/coaching, the REST twin of the MCP tool) over a company of
// 200 users and 10,000 replicated and indexed calls with 90 days of per-user stats and answered
// scorecards, at 1 and 32 concurrent users; the Gong requests made while serving (counted by the live
// fallback's permit source; target 0); and the replication cost of the stats, measured by
// `npm run bench:coaching-sync` against gong-sim (run as a child process: it belongs to ingest).
// Askers: managers (their reports, with team medians) and reps (themselves). Target: p95 at 32
// concurrent <= 150 ms. Last line: one JSON object.
// Run: npm run bench:coaching  (BENCH_CALLS, BENCH_REQUESTS to change the size; BENCH_SYNC_COST=false skips the sync cost)
import {
  ACTIVITY_COUNTERS,
  Database,
  dropSchema,
  ScorecardRepository,
  UserStatsRepository,
  type ActivityCounts,
  type AnsweredScorecardRecord,
  type UserDayActivityRecord,
  type UserDayInteractionRecord,
} from '@gong-connector/persistence';
import { loadConfig } from '@gong-connector/platform';
import { PrivateNatsServer, testServices } from '@gong-connector/testing';
import { spawn } from 'node:child_process';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { z } from 'zod';
import { analyzeSchema, load, mintTokens, pct, round, startBenchService } from './bench-service.js';
import { rand, seedBenchCompany } from './bench-company.seed.js';
import { CountingPermits } from './counting-permits.js';

const env = loadConfig(
  z.object({
    BENCH_CALLS: z.coerce.number().int().min(100).default(10_000).describe('Calls to seed'),
    BENCH_REQUESTS: z.coerce.number().int().min(1).default(20).describe('Measured requests per asker at 32 concurrent'),
    BENCH_SYNC_COST: z
      .enum(['true', 'false'])
      .default('true')
      .transform((v) => v === 'true')
      .describe('Also measure the stats replication cost (npm run bench:coaching-sync)'),
  }),
);
const CALLS = env.BENCH_CALLS;
const USERS = 200;
const MANAGERS = 20;
const CONCURRENCY = 32;
const DAYS = 90;
/** The stats cover [FIRST_DAY, FIRST_DAY + 90 days); questions ask for the last 30 days of it (the 30 before are the trend). */
const FIRST_DAY = Date.UTC(2025, 3, 1);
const day = (k: number): string => new Date(FIRST_DAY + k * 86_400_000).toISOString().slice(0, 10);
const PERIOD = { from: day(DAYS - 30), to: day(DAYS) };
const QUESTIONS = ['Discovery', 'Pricing conversation', 'Next steps agreed', 'Handling competitors', 'Security questions'];
const WORDS = ['security review', 'pricing', 'budget', 'proposal next week', 'competitors', 'timeline'];

const { databaseUrl } = testServices();
const natsServer = await PrivateNatsServer.start();
const schema = `bench_coaching_${Date.now().toString(36)}`;
const db = await Database.open({ url: databaseUrl, schema, poolSize: 8, applicationName: 'bench-coaching' });
let service: Awaited<ReturnType<typeof startBenchService>> | undefined;
try {
  process.stderr.write(`coaching bench: ${USERS} users, ${CALLS} calls, ${DAYS} days of stats; load average ${load()}\n`);
  const t0 = performance.now();
  const { users, chunks } = await seedBenchCompany(db, {
    schema,
    calls: CALLS,
    users: USERS,
    managers: MANAGERS,
    accounts: 400,
    userIdBase: 1_300_000_000_000_000_000n,
    callIdBase: 7_400_000_000_000_000_000n,
    profileIdBase: 6_300_000_000_000_000_000n,
    emailPrefix: 'coach',
    accountIdPrefix: '001C',
    domainPrefix: 'coached',
    minutesApart: 47,
    accountSalt: 11,
    words: WORDS,
    title: (account, i) => `${account.name} call ${i}`,
  });

  // Stats per rep per day, and answered scorecards on the seeded calls of each rep (the calls' hosts
  // as bench-company.seed picks them), as the coaching sync stores them.
  const reps = users.slice(MANAGERS);
  const stats = new UserStatsRepository(db);
  for (let k = 0; k < DAYS; k++) {
    const activity: UserDayActivityRecord[] = [];
    const interaction: UserDayInteractionRecord[] = [];
    reps.forEach((u, r) => {
      const counts = Object.fromEntries(ACTIVITY_COUNTERS.map((c, j) => [c, rand(4, r * 7919 + k * 31 + j)])) as ActivityCounts;
      activity.push({ userId: u.id, day: day(k), counts, callIds: {} });
      const talk = 0.35 + rand(40, r * 13 + k) / 100;
      interaction.push({
        userId: u.id,
        day: day(k),
        figures: { talkRatio: talk, longestMonologue: 60 + rand(240, r + k * 17), longestCustomerStory: 30 + rand(120, r * 3 + k), interactivity: 3 + rand(60, r + k) / 10, patience: 0.5 + rand(20, r * 5 + k) / 10, questionRate: 2 + rand(80, r * 11 + k) / 10 },
        stats: [{ name: 'Talk Ratio', value: talk }],
      });
    });
    await stats.upsertActivity(activity);
    await stats.upsertInteraction(interaction);
  }
  const scorecards = new ScorecardRepository(db);
  const scorecardId = '8300000000000000001';
  await scorecards.replaceDefinitions([
    {
      scorecardId,
      name: 'Discovery call',
      workspaceId: null,
      enabled: true,
      reviewMethod: 'MANUAL',
      updaterUserId: null,
      created: null,
      updated: null,
      questions: QUESTIONS.map((text, q) => ({ questionId: String(8_400_000_000_000_000_000n + BigInt(q)), questionRevisionId: null, questionText: text, isOverall: false, questionType: 'SCALE', answerGuide: null, minRange: 1, maxRange: 5, answerOptions: null })),
    },
  ]);
  const callHosts = ((await db.query('SELECT id, primary_user_id, started FROM calls')) as { id: string; primary_user_id: string | null; started: Date }[]).filter(
    (c) => c.primary_user_id !== null && c.started.getTime() >= FIRST_DAY && c.started.getTime() < FIRST_DAY + DAYS * 86_400_000,
  );
  const answered: AnsweredScorecardRecord[] = callHosts
    .filter((_, i) => i % 3 === 0)
    .map((c, i) => ({
      answeredScorecardId: String(8_500_000_000_000_000_000n + BigInt(i)),
      scorecardId,
      scorecardName: 'Discovery call',
      callId: c.id,
      callStartTime: c.started.toISOString(),
      reviewedUserId: c.primary_user_id!,
      reviewerUserId: users[i % MANAGERS]!.id,
      reviewMethod: 'MANUAL',
      editorUserId: null,
      reviewTime: new Date(c.started.getTime() + 86_400_000).toISOString(),
      visibilityType: 'PUBLIC',
      answers: QUESTIONS.map((_, q) => ({ questionId: String(8_400_000_000_000_000_000n + BigInt(q)), questionRevisionId: null, isOverall: false, score: 1 + rand(5, i * 7 + q), answerText: null, notApplicable: false, selectedOptions: [] })),
    }));
  for (let i = 0; i < answered.length; i += 500) await scorecards.upsertAnswered(answered.slice(i, i + 500));
  await analyzeSchema(db, schema);
  process.stderr.write(`seeded ${CALLS} calls (${chunks} chunks), ${reps.length * DAYS} user-days of stats, ${answered.length} answered scorecards in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);

  const permits = new CountingPermits();
  service = await startBenchService({ databaseUrl, schema, natsUrl: natsServer.url, permits });
  const url = service.url;
  // 8 managers asking about their own reports, 24 reps asking about themselves.
  const askers = [...users.slice(0, 8), ...reps.slice(0, 24)];
  const tokens = await mintTokens(url, askers);
  const subjectOf = (i: number, k: number): string => {
    const asker = askers[i]!;
    if (i >= 8) return asker.id;
    const mine = reps.filter((r) => r.managerId === asker.id);
    return mine[rand(mine.length, i * 1000 + k)]!.id;
  };
  let errors = 0;
  let withheld = 0;
  const ask = async (i: number, k: number, into: number[] | null): Promise<void> => {
    const start = performance.now();
    const res = await fetch(`${url}/v1/users/${subjectOf(i, k)}/coaching?from=${PERIOD.from}&to=${PERIOD.to}`, { headers: { authorization: `Bearer ${tokens[i]}` } });
    const body = (await res.json()) as { withheld?: unknown[] };
    if (res.status !== 200) {
      errors++;
      if (errors <= 3) process.stderr.write(`  ${res.status}: ${JSON.stringify(body).slice(0, 300)}\n`);
    }
    if (into) {
      into.push(performance.now() - start);
      withheld += body.withheld?.length ?? 0;
    }
  };
  // Warm-up: connections, plans.
  await Promise.all(askers.map((_, i) => ask(i, 0, null)));
  const gongBefore = permits.count;

  const serial: number[] = [];
  for (let k = 0; k < 3; k++) for (let i = 0; i < askers.length; i++) await ask(i, k + 1, serial);
  serial.sort((a, b) => a - b);

  const concurrent: number[] = [];
  const load32Before = loadavg()[0]!;
  const runStart = performance.now();
  await Promise.all(askers.map(async (_, i) => {
    for (let k = 0; k < env.BENCH_REQUESTS; k++) await ask(i, k + 10, concurrent);
  }));
  const seconds = (performance.now() - runStart) / 1000;
  concurrent.sort((a, b) => a - b);
  const gongRequests = permits.count - gongBefore;

  let syncCost: number | null = null;
  if (env.BENCH_SYNC_COST) {
    process.stderr.write('stats replication cost: npm run bench:coaching-sync (gong-sim, 200 users) ...\n');
    const out = await new Promise<string>((resolve, reject) => {
      const child = spawn('npm', ['run', '--silent', 'bench:coaching-sync'], { env: { ...process.env, BENCH_USERS: String(USERS), BENCH_CALLS: '1000', BENCH_DAYS: '14' }, stdio: ['ignore', 'pipe', 'inherit'] });
      let text = '';
      child.stdout.on('data', (d: Buffer) => (text += d.toString()));
      child.on('error', reject);
      child.on('exit', (code) => (code === 0 ? resolve(text) : reject(new Error(`bench:coaching-sync exited with ${code}`))));
    });
    const last = out.trim().split('\n').pop()!;
    syncCost = (JSON.parse(last) as { stats_sync_requests_per_1000_user_days: number }).stats_sync_requests_per_1000_user_days;
  }

  const result = {
    users: USERS,
    calls: CALLS,
    coaching_p50_ms_1: round(pct(serial, 50)),
    coaching_p95_ms_1: round(pct(serial, 95)),
    coaching_p50_ms_32: round(pct(concurrent, 50)),
    coaching_p95_ms_32: round(pct(concurrent, 95)),
    coaching_qps_32: round(concurrent.length / seconds),
    requests: serial.length + concurrent.length,
    errors,
    withheld_domains_reported: withheld,
    gong_requests: gongRequests,
    stats_sync_requests_per_1000_user_days: syncCost,
    load_avg_1m: round(load32Before),
  };
  process.stdout.write(`rep_scorecard (GET /v1/users/{id}/coaching, ${PERIOD.from}..${PERIOD.to}), 8 managers and 24 reps asking:\n`);
  process.stdout.write(`  1 at a time:    p50 ${result.coaching_p50_ms_1} ms, p95 ${result.coaching_p95_ms_1} ms (${serial.length} requests)\n`);
  process.stdout.write(`  ${CONCURRENCY} concurrent:  p50 ${result.coaching_p50_ms_32} ms, p95 ${result.coaching_p95_ms_32} ms, ${result.coaching_qps_32} requests/s (${concurrent.length} requests; load average ${load()})\n`);
  process.stdout.write(`  target p95 <= 150 ms at ${CONCURRENCY} concurrent: ${result.coaching_p95_ms_32 <= 150 ? 'met' : 'MISSED'}; errors ${errors}; Gong requests while serving ${gongRequests} (target 0)\n`);
  if (syncCost !== null) process.stdout.write(`  stats replication: ${syncCost} Gong requests per 1,000 user-days of history\n`);
  process.stdout.write(`${JSON.stringify(result)}\n`);
} finally {
  await service?.shutdown();
  await db.close();
  await dropSchema(databaseUrl, schema);
  await natsServer.stop();
}
