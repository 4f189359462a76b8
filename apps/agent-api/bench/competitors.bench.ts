// competitor_trends latency (GET /v1/competitors, the REST twin of the MCP tool) over a company of
// 200 users and 10,000 replicated and indexed calls, two thirds of them mentioning one of five
// competitors (the Competitors tracker's phrases, said in the transcript), grouped into deals per
// account with Closed Won / Closed Lost / open stages in their CRM context; at 1 and 32 concurrent
// users asking for the last 12 weeks (8 managers who see every call, 24 reps who see their own);
// the Gong requests made while serving (target 0). Last line: one JSON object.
// Run: npm run bench:competitors  (BENCH_CALLS, BENCH_REQUESTS to change the size)
import { Database, dropSchema } from '@gong-connector/persistence';
import { loadConfig } from '@gong-connector/platform';
import { PrivateNatsServer, testServices } from '@gong-connector/testing';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { z } from 'zod';
import { analyzeSchema, load, mintTokens, pct, round, startBenchService } from './bench-service.js';
import { seedBenchCompany } from './bench-company.seed.js';
import { CountingPermits } from './counting-permits.js';

const env = loadConfig(
  z.object({
    BENCH_CALLS: z.coerce.number().int().min(100).default(10_000).describe('Calls to seed'),
    BENCH_REQUESTS: z.coerce.number().int().min(1).default(10).describe('Measured requests per asker at 32 concurrent'),
  }),
);
const CALLS = env.BENCH_CALLS;
const USERS = 200;
const MANAGERS = 20;
const CONCURRENCY = 32;
const MINUTES_APART = 47;
const CALL_ID_BASE = 7_600_000_000_000_000_000n;
const COMPETITORS = ['Corvid', 'Datalyte', 'Pipestream', 'Revora', 'Signalwise'];

const { databaseUrl } = testServices();
const natsServer = await PrivateNatsServer.start();
const schema = `bench_competitors_${Date.now().toString(36)}`;
const db = await Database.open({ url: databaseUrl, schema, poolSize: 8, applicationName: 'bench-competitors' });
let service: Awaited<ReturnType<typeof startBenchService>> | undefined;
try {
  process.stderr.write(`competitors bench: ${USERS} users, ${CALLS} calls; load average ${load()}\n`);
  const t0 = performance.now();
  const { users } = await seedBenchCompany(db, {
    schema,
    calls: CALLS,
    users: USERS,
    managers: MANAGERS,
    accounts: 400,
    userIdBase: 1_600_000_000_000_000_000n,
    callIdBase: CALL_ID_BASE,
    profileIdBase: 6_600_000_000_000_000_000n,
    emailPrefix: 'compete',
    accountIdPrefix: '001K',
    domainPrefix: 'competed',
    minutesApart: MINUTES_APART,
    accountSalt: 23,
    // Call i's transcript names COMPETITORS[i % 5] ("pricing for Corvid", "our budget for Corvid").
    words: COMPETITORS,
    title: (account, i) => `${account.name} evaluation ${i}`,
  });
  // Two calls in three mention their competitor (customer side, at 5 s: the sentence naming it);
  // every call joins its account's deal, whose stage is won, lost or open by account.
  const n = `(c.id::numeric - ${CALL_ID_BASE})`;
  const occurrences = `'[{"startTime":5,"speakerId":"2"}]'::jsonb`;
  await db.query(
    `UPDATE call_trackers t SET count = CASE WHEN ${n} % 3 < 2 THEN 1 ELSE 0 END, occurrences = CASE WHEN ${n} % 3 < 2 THEN ${occurrences} ELSE '[]' END,
       phrases = CASE WHEN ${n} % 3 < 2 THEN jsonb_build_array(jsonb_build_object('phrase', ($1::text[])[1 + (${n} % 5)::int], 'count', 1, 'occurrences', ${occurrences})) ELSE '[]' END
     FROM calls c WHERE c.id = t.call_id`,
    [COMPETITORS],
  );
  await db.query(
    `INSERT INTO call_context_objects (call_id, ordinal, system, object_type, object_id, name, timing, fields)
     SELECT ca.call_id, 100, 'Salesforce', 'Opportunity', '006' || substr(md5(ca.account_id), 1, 12), 'Deal', 'Now',
            jsonb_build_array(jsonb_build_object('name', 'StageName', 'value', (ARRAY['Closed Won', 'Closed Lost', 'Proposal'])[1 + abs(hashtext(ca.account_id)) % 3]))
     FROM call_accounts ca`,
  );
  await analyzeSchema(db, schema);
  process.stderr.write(`seeded in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);

  const permits = new CountingPermits();
  service = await startBenchService({ databaseUrl, schema, natsUrl: natsServer.url, permits });
  const url = service.url;
  const askers = [...users.slice(0, 8), ...users.slice(MANAGERS, MANAGERS + 24)];
  const tokens = await mintTokens(url, askers);
  // The last 12 weeks of the seeded calls.
  const last = Date.UTC(2025, 0, 1) + (CALLS - 1) * MINUTES_APART * 60_000;
  const range = { from: new Date(last - 84 * 86_400_000).toISOString(), to: new Date(last + 60_000).toISOString() };
  let errors = 0;
  let sample: { visibleCalls: number; competitors: { name: string; calls: number; winRate: unknown }[] } | undefined;
  const ask = async (i: number, into: number[] | null): Promise<void> => {
    const start = performance.now();
    const res = await fetch(`${url}/v1/competitors?from=${range.from}&to=${range.to}`, { headers: { authorization: `Bearer ${tokens[i]}` } });
    const body = (await res.json()) as NonNullable<typeof sample>;
    if (res.status !== 200) {
      errors++;
      if (errors <= 3) process.stderr.write(`  ${res.status}: ${JSON.stringify(body).slice(0, 300)}\n`);
    } else if (i === 0) sample = body;
    into?.push(performance.now() - start);
  };
  await Promise.all(askers.map((_, i) => ask(i, null)));
  const gongBefore = permits.count;
  const serial: number[] = [];
  for (let i = 0; i < askers.length; i++) await ask(i, serial);
  serial.sort((a, b) => a - b);
  const concurrent: number[] = [];
  const load32Before = loadavg()[0]!;
  const runStart = performance.now();
  await Promise.all(askers.map(async (_, i) => {
    for (let k = 0; k < env.BENCH_REQUESTS; k++) await ask(i, concurrent);
  }));
  const seconds = (performance.now() - runStart) / 1000;
  concurrent.sort((a, b) => a - b);
  const gongRequests = permits.count - gongBefore;
  const result = {
    users: USERS,
    calls: CALLS,
    competitor_trends_p50_ms_1: round(pct(serial, 50)),
    competitor_trends_p95_ms_1: round(pct(serial, 95)),
    competitor_trends_p50_ms_32: round(pct(concurrent, 50)),
    competitor_trends_p95_ms_32: round(pct(concurrent, 95)),
    competitor_trends_qps_32: round(concurrent.length / seconds),
    requests: serial.length + concurrent.length,
    errors,
    gong_requests: gongRequests,
    load_avg_1m: round(load32Before),
  };
  process.stdout.write(`competitor_trends (GET /v1/competitors, ${range.from.slice(0, 10)}..${range.to.slice(0, 10)}), 8 managers and 24 reps asking:\n`);
  if (sample) process.stdout.write(`  a manager sees ${sample.visibleCalls} calls; ${sample.competitors.map((c) => `${c.name} in ${c.calls}`).join(', ')}\n`);
  process.stdout.write(`  1 at a time:    p50 ${result.competitor_trends_p50_ms_1} ms, p95 ${result.competitor_trends_p95_ms_1} ms (${serial.length} requests)\n`);
  process.stdout.write(`  ${CONCURRENCY} concurrent:  p50 ${result.competitor_trends_p50_ms_32} ms, p95 ${result.competitor_trends_p95_ms_32} ms, ${result.competitor_trends_qps_32} requests/s (${concurrent.length} requests; load average ${load()})\n`);
  process.stdout.write(`  errors ${errors}; Gong requests while serving ${gongRequests} (target 0)\n`);
  process.stdout.write(`${JSON.stringify(result)}\n`);
} finally {
  await service?.shutdown();
  await db.close();
  await dropSchema(databaseUrl, schema);
  await natsServer.stop();
}
