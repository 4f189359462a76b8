// What OAuth costs per request, against tokens of our own:
// 1. one request at a time: JWT verification alone, the whole OAuth authentication (verification,
//    user mapping, access filter from its cache) and the static-token authentication (cached, and
//    the uncached database lookup), p50/p99 in µs;
// 2. MCP `search_calls` at 32 concurrent users, each with an OAuth access token of the company IdP
//    (an in-process oidc-provider; tokens signed with its keys and the claims it issues) or with a
//    static token, rounds interleaved so a busy machine hurts both alike; p50/p95/p99 in ms.
// Run: npm run bench:auth  (BENCH_CALLS=2000 BENCH_REQUESTS=20 BENCH_SERIAL=2000 to change the size)
import { systemClock } from '@gong-connector/contracts';
import { ApiTokenRepository, Database, dropSchema } from '@gong-connector/persistence';
import { bootstrapService, createLogger, loadConfig } from '@gong-connector/platform';
import { PrivateNatsServer, TestIdentityProvider, testServices } from '@gong-connector/testing';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { z } from 'zod';
import { AgentApiModule } from '../src/agent-api.module.js';
import { AuthService } from '../src/auth/auth.service.js';
import { AccessTokenVerifier } from '../src/auth/oauth/access-token.verifier.js';
import { TokenService } from '../src/auth/token.service.js';
import { AgentApiConfigSchema } from '../src/config.js';
import { seedBenchCompany } from './bench-company.seed.js';

const env = loadConfig(
  z.object({
    BENCH_CALLS: z.coerce.number().int().min(100).default(2_000).describe('Calls to seed'),
    BENCH_REQUESTS: z.coerce.number().int().min(1).default(20).describe('Measured MCP requests per user and round'),
    BENCH_SERIAL: z.coerce.number().int().min(100).default(2_000).describe('Serial authentications measured per kind'),
  }),
);
const CONCURRENCY = 32;
const USERS = 64;
const ACCOUNTS = 100;
const WORDS = ['pricing', 'budget', 'security review', 'proposal', 'timeline', 'competitors'];

const pct = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
const sorted = (xs: number[]): number[] => [...xs].sort((a, b) => a - b);

const { databaseUrl } = testServices();
const nats = await PrivateNatsServer.start();
const schema = `bench_auth_${Date.now().toString(36)}`;
const db = await Database.open({ url: databaseUrl, schema, poolSize: 4, applicationName: 'bench-auth' });
const t0 = performance.now();
const { users } = await seedBenchCompany(db, {
  schema,
  calls: env.BENCH_CALLS,
  users: USERS,
  managers: 8,
  accounts: ACCOUNTS,
  userIdBase: 1_300_000_000_000_000_000n,
  callIdBase: 7_300_000_000_000_000_000n,
  profileIdBase: 6_300_000_000_000_000_000n,
  emailPrefix: 'authbench',
  accountIdPrefix: '001A',
  domainPrefix: 'acct',
  minutesApart: 53,
  accountSalt: 3,
  words: WORDS,
  title: (_account, i) => `Call ${i}`,
});
process.stderr.write(`seeded ${env.BENCH_CALLS} calls for ${USERS} users in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);

const benchUsers = [...users.slice(0, 4), ...users.slice(8, 8 + CONCURRENCY - 4)];
const idp = await TestIdentityProvider.start({ accounts: benchUsers.map((u) => ({ email: u.email! })) });
const config = loadConfig(AgentApiConfigSchema, {
  DATABASE_URL: databaseUrl,
  DATABASE_SCHEMA: schema,
  NATS_URL: nats.url,
  AGENT_API_ACCESS_SOURCE: 'replica',
  AGENT_API_ADMIN_TOKEN: 'bench-admin-token',
  AGENT_API_RATE_LIMIT: '1000000',
  AGENT_API_LIVE_FALLBACK: 'false',
  AGENT_API_OAUTH_ISSUER: idp.issuer,
  LOG_LEVEL: 'warn',
});
const service = await bootstrapService(AgentApiModule.forRoot(config, { logger: createLogger({ name: 'agent-api', level: 'warn' }), liveCallSource: null }), {
  port: 0,
  host: '127.0.0.1',
  handleSignals: false,
});
const resource = `${service.url}/mcp`;
const now = Math.floor(Date.now() / 1000);
const oauthTokens = await Promise.all(
  benchUsers.map((u, i) =>
    idp.signAccessToken({ iss: idp.issuer, aud: resource, sub: u.email!, client_id: 'bench-client', scope: 'gong:read', email: u.email!, email_verified: true, iat: now, exp: now + 3600, jti: `bench-${i}` }),
  ),
);
const staticTokens = await Promise.all(
  benchUsers.map(async (u) => {
    const res = await fetch(`${service.url}/admin/tokens`, { method: 'POST', headers: { authorization: 'Bearer bench-admin-token', 'content-type': 'application/json' }, body: JSON.stringify({ user: u.email }) });
    return ((await res.json()) as { token: string }).token;
  }),
);

// 1. Serial: one authentication at a time.
const auth = service.app.get(AuthService);
const verifier = service.app.get(AccessTokenVerifier);
const uncached = new TokenService(service.app.get(ApiTokenRepository), systemClock, 0);
const audiences = [resource, service.url];
const serial = { jwt_verify: [] as number[], oauth_auth: [] as number[], static_auth: [] as number[], static_lookup_uncached: [] as number[] };
const time = async (into: number[], f: () => Promise<unknown>): Promise<void> => {
  const start = performance.now();
  await f();
  into.push((performance.now() - start) * 1000);
};
for (let round = 0; round < 2; round++) {
  const record = round === 1; // the first round warms caches (JWKS, access model, token cache)
  for (let k = 0; k < env.BENCH_SERIAL; k++) {
    const i = k % benchUsers.length;
    const sink = { jwt_verify: [] as number[], oauth_auth: [] as number[], static_auth: [] as number[], static_lookup_uncached: [] as number[] };
    const into = record ? serial : sink;
    await time(into.jwt_verify, () => verifier.verify(oauthTokens[i]!, audiences));
    await time(into.oauth_auth, () => auth.authenticate(`Bearer ${oauthTokens[i]}`, undefined, audiences));
    await time(into.static_auth, () => auth.authenticate(`Bearer ${staticTokens[i]}`, undefined, audiences));
    if (k % 4 === 0) await time(into.static_lookup_uncached, () => uncached.verify(staticTokens[i]!));
  }
}

// 2. MCP search_calls at 32 concurrent users.
const latencies = { oauth: [] as number[], static: [] as number[] };
let errors = 0;
let requestId = 0;
const searchOnce = async (token: string, q: string): Promise<number> => {
  const start = performance.now();
  const res = await fetch(resource, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
    body: JSON.stringify({ jsonrpc: '2.0', id: ++requestId, method: 'tools/call', params: { name: 'search_calls', arguments: { q, limit: 10 } } }),
  });
  // The server may answer the POST as JSON or as an SSE stream of the one response (MCP Streamable HTTP).
  const text = await res.text();
  const json = (res.headers.get('content-type') ?? '').startsWith('text/event-stream')
    ? text.split('\n').find((line) => line.startsWith('data:'))?.slice(5) ?? '{}'
    : text;
  const body = JSON.parse(json) as { result?: { isError?: boolean } };
  if (res.status !== 200 || !body.result || body.result.isError) errors++;
  return performance.now() - start;
};
const round = async (kind: 'oauth' | 'static', n: number, record: boolean): Promise<void> => {
  const tokens = kind === 'oauth' ? oauthTokens : staticTokens;
  await Promise.all(
    benchUsers.map(async (_, i) => {
      for (let k = 0; k < n; k++) {
        const ms = await searchOnce(tokens[i]!, WORDS[(i + k) % WORDS.length]!);
        if (record) latencies[kind].push(ms);
      }
    }),
  );
};
await round('oauth', 2, false);
await round('static', 2, false);
const loadBefore = loadavg()[0]!;
for (const kind of ['oauth', 'static', 'static', 'oauth'] as const) await round(kind, Math.ceil(env.BENCH_REQUESTS / 2), true);
const loadAfter = loadavg()[0]!;

await service.shutdown();
await idp.stop();
await nats.stop();
await db.close();
await dropSchema(databaseUrl, schema);

const us = (xs: number[], p: number): number => Math.round(pct(sorted(xs), p));
const ms = (xs: number[], p: number): number => Number(pct(sorted(xs), p).toFixed(1));
const result = {
  calls: env.BENCH_CALLS,
  concurrency: CONCURRENCY,
  serial_samples: serial.oauth_auth.length,
  jwt_verify_p50_us: us(serial.jwt_verify, 50),
  jwt_verify_p99_us: us(serial.jwt_verify, 99),
  oauth_auth_p50_us: us(serial.oauth_auth, 50),
  oauth_auth_p99_us: us(serial.oauth_auth, 99),
  static_auth_p50_us: us(serial.static_auth, 50),
  static_auth_p99_us: us(serial.static_auth, 99),
  static_lookup_uncached_p50_us: us(serial.static_lookup_uncached, 50),
  static_lookup_uncached_p99_us: us(serial.static_lookup_uncached, 99),
  oauth_overhead_p99_ms: Number((pct(sorted(serial.oauth_auth), 99) / 1000).toFixed(3)),
  mcp_requests_per_kind: latencies.oauth.length,
  mcp_errors: errors,
  mcp_search_p50_ms_32_oauth: ms(latencies.oauth, 50),
  mcp_search_p95_ms_32_oauth: ms(latencies.oauth, 95),
  mcp_search_p99_ms_32_oauth: ms(latencies.oauth, 99),
  mcp_search_p50_ms_32_static: ms(latencies.static, 50),
  mcp_search_p95_ms_32_static: ms(latencies.static, 95),
  mcp_search_p99_ms_32_static: ms(latencies.static, 99),
  load_avg_1m_before: Number(loadBefore.toFixed(2)),
  load_avg_1m_after: Number(loadAfter.toFixed(2)),
};
process.stderr.write(
  `one at a time (µs, p50/p99): JWT verify ${result.jwt_verify_p50_us}/${result.jwt_verify_p99_us}, OAuth authentication ${result.oauth_auth_p50_us}/${result.oauth_auth_p99_us}, ` +
    `static token ${result.static_auth_p50_us}/${result.static_auth_p99_us} (uncached lookup ${result.static_lookup_uncached_p50_us}/${result.static_lookup_uncached_p99_us})\n`,
);
process.stderr.write(
  `MCP search_calls at ${CONCURRENCY} users (ms, p50/p95/p99): OAuth ${result.mcp_search_p50_ms_32_oauth}/${result.mcp_search_p95_ms_32_oauth}/${result.mcp_search_p99_ms_32_oauth}, ` +
    `static ${result.mcp_search_p50_ms_32_static}/${result.mcp_search_p95_ms_32_static}/${result.mcp_search_p99_ms_32_static}; ${result.mcp_requests_per_kind} requests each, ${errors} errors; load ${result.load_avg_1m_before} -> ${result.load_avg_1m_after}\n`,
);
console.log(JSON.stringify(result));
process.exit(0);
