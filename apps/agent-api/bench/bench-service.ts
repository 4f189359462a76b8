// What the agent-api latency benches share: percentile and rounding helpers, ANALYZE of the bench's
// own schema, an agent-api on port 0 reading the replica (Gong permits counted), and bearer tokens
// minted through /admin/tokens.
import { type Database } from '@gong-connector/persistence';
import { bootstrapService, createLogger, loadConfig } from '@gong-connector/platform';
import { loadavg } from 'node:os';
import { AgentApiModule } from '../src/agent-api.module.js';
import { AgentApiConfigSchema } from '../src/config.js';
import type { CountingPermits } from './counting-permits.js';

export const pct = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
export const round = (x: number) => Math.round(x * 10) / 10;
export const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');

/** ANALYZE of the bench's own schema only (a bare ANALYZE would walk every schema of the shared database). */
export async function analyzeSchema(db: Database, schema: string): Promise<void> {
  const tables = ((await db.query('SELECT tablename FROM pg_tables WHERE schemaname = $1', [schema])) as { tablename: string }[]).map((t) => `"${schema}"."${t.tablename}"`);
  await db.query(`ANALYZE ${tables.join(', ')}`);
}

const ADMIN_TOKEN = 'bench-admin-token';

/** agent-api on 127.0.0.1, port 0, answering from the replica in `schema`; Gong permits taken while serving count in `permits`. */
export async function startBenchService(opts: { databaseUrl: string; schema: string; natsUrl: string; permits: CountingPermits }) {
  const config = loadConfig(AgentApiConfigSchema, {
    DATABASE_URL: opts.databaseUrl,
    DATABASE_SCHEMA: opts.schema,
    NATS_URL: opts.natsUrl,
    AGENT_API_ACCESS_SOURCE: 'replica',
    AGENT_API_ADMIN_TOKEN: ADMIN_TOKEN,
    AGENT_API_RATE_LIMIT: '1000000',
    GONG_PERMIT_SOURCE: 'local',
    LOG_LEVEL: 'warn',
  });
  return bootstrapService(AgentApiModule.forRoot(config, { logger: createLogger({ name: 'agent-api', level: 'warn' }), permits: opts.permits }), {
    port: 0,
    host: '127.0.0.1',
    handleSignals: false,
  });
}

/** One bearer token per user (by email), in order, from the service's /admin/tokens. */
export async function mintTokens(url: string, users: readonly { email: string | null }[]): Promise<string[]> {
  return Promise.all(
    users.map(async (u) => {
      const res = await fetch(`${url}/admin/tokens`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify({ user: u.email }) });
      return ((await res.json()) as { token: string }).token;
    }),
  );
}
