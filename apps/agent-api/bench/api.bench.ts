// Account-research latency at 32 concurrent users over 10,000 replicated and indexed calls, and the
// Gong requests it costs (counted by the live fallback's permit source; target 0).
// Also printed, to compare changes on a busy machine: CPU per request of Node (this process: the
// service and the bench's HTTP client) and of the PostgreSQL backends serving the service's pool,
// SQL statements per request, the load average, and a per-stage breakdown of requests sent one
// at a time (auth, timeline, passage search, whole request).
// Run: npm run bench:api  (BENCH_CALLS=10000 BENCH_REQUESTS=25 to change the size)
import { dropSchema, Database } from '@gong-connector/persistence';
import { bootstrapService, createLogger, loadConfig } from '@gong-connector/platform';
import { PrivateNatsServer, testServices } from '@gong-connector/testing';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { z } from 'zod';
import { AccountResearchService } from '../src/accounts/account-research.service.js';
import { AgentApiModule } from '../src/agent-api.module.js';
import { AuthService } from '../src/auth/auth.service.js';
import { PassageSearchService } from '../src/search/passage-search.service.js';
import { AgentApiConfigSchema } from '../src/config.js';
import { rand, seedBenchCompany } from './bench-company.seed.js';
import { CountingPermits } from './counting-permits.js';
import { PoolCpuMeter } from './pool-cpu.meter.js';

const env = loadConfig(
  z.object({
    BENCH_CALLS: z.coerce.number().int().min(100).default(10_000).describe('Calls to seed'),
    BENCH_REQUESTS: z.coerce.number().int().min(1).default(25).describe('Measured requests per user'),
    BENCH_VACUUM: z
      .enum(['true', 'false'])
      .default('false')
      .transform((v) => v === 'true')
      .describe('VACUUM the seeded tables before measuring, as autovacuum would soon after a bulk load (it merges the GIN indexes’ pending lists); off by default'),
  }),
);
const CALLS = env.BENCH_CALLS;
const REQUESTS_PER_USER = env.BENCH_REQUESTS;
const CONCURRENCY = 32;
const USERS = 200;
const ACCOUNTS = 400;
const QUESTIONS = ['security review', 'pricing', 'budget', 'proposal next week', 'competitors', 'timeline'];

const pct = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

const { databaseUrl } = testServices();
const natsServer = await PrivateNatsServer.start();
const natsUrl = natsServer.url;
const schema = `bench_api_${Date.now().toString(36)}`;
const db = await Database.open({ url: databaseUrl, schema, poolSize: 8, applicationName: 'bench-api' });
const t0 = performance.now();
const { users, accountsByUser, chunks } = await seedBenchCompany(db, {
  schema,
  calls: CALLS,
  users: USERS,
  managers: 20,
  accounts: ACCOUNTS,
  userIdBase: 1_100_000_000_000_000_000n,
  callIdBase: 7_200_000_000_000_000_000n,
  profileIdBase: 6_100_000_000_000_000_000n,
  emailPrefix: 'user',
  accountIdPrefix: '001B',
  domainPrefix: 'account',
  minutesApart: 47,
  accountSalt: 7,
  words: QUESTIONS,
  title: (account, i) => `${account.name} call ${i}`,
  vacuum: env.BENCH_VACUUM,
});
const seedSeconds = (performance.now() - t0) / 1000;
process.stderr.write(`seeded ${CALLS} calls, ${chunks} chunks in ${seedSeconds.toFixed(1)} s\n`);

const permits = new CountingPermits();
const config = loadConfig(AgentApiConfigSchema, {
  DATABASE_URL: databaseUrl,
  DATABASE_SCHEMA: schema,
  NATS_URL: natsUrl,
  AGENT_API_ACCESS_SOURCE: 'replica',
  AGENT_API_ADMIN_TOKEN: 'bench-admin-token',
  AGENT_API_RATE_LIMIT: '1000000',
  GONG_PERMIT_SOURCE: 'local',
  LOG_LEVEL: 'warn',
});
const service = await bootstrapService(AgentApiModule.forRoot(config, { logger: createLogger({ name: 'agent-api', level: 'warn' }), permits }), { port: 0, host: '127.0.0.1', handleSignals: false });
const benchUsers = [...users.slice(0, 4), ...users.slice(20, 48)];
const tokens = await Promise.all(
  benchUsers.map(async (u) => {
    const res = await fetch(`${service.url}/admin/tokens`, { method: 'POST', headers: { authorization: 'Bearer bench-admin-token', 'content-type': 'application/json' }, body: JSON.stringify({ user: u.email }) });
    return ((await res.json()) as { token: string }).token;
  }),
);
// Managers see every call: any account with a call (at small sizes some accounts have none).
const withCalls = [...new Set([...accountsByUser.values()].flatMap((a) => [...a]))].sort();
const accountsFor = (i: number): string[] => {
  const own = accountsByUser.get(benchUsers[i]!.id);
  return own && own.size > 0 ? [...own] : withCalls;
};

const latencies: number[] = [];
let errors = 0;
/** The k-th question of bench user i: one of the user's accounts and one of the questions. */
const question = (i: number, k: number): { account: string; q: string } => {
  const mine = accountsFor(i);
  return { account: mine[rand(mine.length, i * 1000 + k)]!, q: QUESTIONS[(i + k) % QUESTIONS.length]! };
};
const worker = async (i: number, n: number, record: boolean): Promise<void> => {
  for (let k = 0; k < n; k++) {
    const { account, q } = question(i, k);
    const start = performance.now();
    const res = await fetch(`${service.url}/v1/accounts/${encodeURIComponent(account)}/research?q=${encodeURIComponent(q)}`, { headers: { authorization: `Bearer ${tokens[i]}` } });
    await res.arrayBuffer();
    if (res.status !== 200) errors++;
    if (record) latencies.push(performance.now() - start);
  }
};
await Promise.all(benchUsers.map((_, i) => worker(i, 2, false)));
const loadBefore = loadavg()[0]!;
const meter = new PoolCpuMeter(service.app.get(Database));
meter.start();
const runStart = performance.now();
await Promise.all(benchUsers.map((_, i) => worker(i, REQUESTS_PER_USER, true)));
const runSeconds = (performance.now() - runStart) / 1000;
const work = meter.stop();
const loadAfter = loadavg()[0]!;
latencies.sort((a, b) => a - b);

// Per-stage breakdown, one request at a time (the same users and questions): wall time of each
// stage approximates its cost when nothing else runs.
const auth = service.app.get(AuthService);
const research = service.app.get(AccountResearchService);
const search = service.app.get(PassageSearchService);
const stages = { auth: [] as number[], research_without_passages: [] as number[], passage_search: [] as number[], research_with_passages: [] as number[], http_request: [] as number[] };
const time = async (into: number[], f: () => Promise<unknown>): Promise<void> => {
  const start = performance.now();
  await f();
  into.push(performance.now() - start);
};
for (let k = 0; k < 4; k++) {
  for (let i = 0; i < benchUsers.length; i++) {
    const { account, q } = question(i, REQUESTS_PER_USER + k);
    const principal = await auth.authenticate(`Bearer ${tokens[i]}`, undefined);
    await time(stages.auth, () => auth.authenticate(`Bearer ${tokens[i]}`, undefined));
    await time(stages.research_without_passages, () => research.research(principal.filter, account, { q: undefined, passages: 0, recentCalls: 10 }).catch(() => undefined));
    await time(stages.passage_search, () => search.search(principal.filter, { q, account: [account], limit: 8, facets: 0 }));
    await time(stages.research_with_passages, () => research.research(principal.filter, account, { q, passages: 8, recentCalls: 10 }).catch(() => undefined));
    await time(stages.http_request, async () => {
      const res = await fetch(`${service.url}/v1/accounts/${encodeURIComponent(account)}/research?q=${encodeURIComponent(q)}`, { headers: { authorization: `Bearer ${tokens[i]}` } });
      await res.arrayBuffer();
    });
  }
}
const median = (xs: number[]): number => Number(pct([...xs].sort((a, b) => a - b), 50).toFixed(2));
const breakdown = Object.fromEntries(Object.entries(stages).map(([name, xs]) => [name, median(xs)]));
await service.shutdown();
await natsServer.stop();
await db.close();
await dropSchema(databaseUrl, schema);
const result = {
  calls: CALLS,
  chunks,
  vacuumed: env.BENCH_VACUUM,
  seed_seconds: Number(seedSeconds.toFixed(1)),
  concurrency: CONCURRENCY,
  requests: latencies.length,
  errors,
  throughput_rps: Number((latencies.length / runSeconds).toFixed(1)),
  account_research_p50_ms_32: Number(pct(latencies, 50).toFixed(1)),
  account_research_p95_ms_32: Number(pct(latencies, 95).toFixed(1)),
  account_research_p99_ms_32: Number(pct(latencies, 99).toFixed(1)),
  gong_requests: permits.count,
  node_cpu_ms_per_request: Number((work.nodeCpuMs / latencies.length).toFixed(2)),
  postgres_cpu_ms_per_request: work.backendCpuMs === null ? null : Number((work.backendCpuMs / latencies.length).toFixed(2)),
  sql_statements_per_request: Number((work.statements / latencies.length).toFixed(2)),
  load_avg_1m_before: Number(loadBefore.toFixed(2)),
  load_avg_1m_after: Number(loadAfter.toFixed(2)),
  ...Object.fromEntries(Object.entries(breakdown).map(([name, ms]) => [`serial_${name}_p50_ms`, ms])),
};
process.stderr.write(`account research: p50 ${result.account_research_p50_ms_32} ms, p95 ${result.account_research_p95_ms_32} ms over ${result.requests} requests at ${CONCURRENCY} concurrent users; Gong requests: ${result.gong_requests}\n`);
process.stderr.write(
  `work per request: Node ${result.node_cpu_ms_per_request} ms CPU (service and bench client), PostgreSQL ${result.postgres_cpu_ms_per_request ?? 'n/a'} ms CPU, ` +
    `${result.sql_statements_per_request} SQL statements; load average (1 min) ${result.load_avg_1m_before} before, ${result.load_avg_1m_after} after\n`,
);
process.stderr.write(`one request at a time, p50 ms: ${Object.entries(breakdown).map(([name, ms]) => `${name.replace(/_/g, ' ')} ${ms}`).join(', ')}\n`);
console.log(JSON.stringify(result));
process.exit(0);
