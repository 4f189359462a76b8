import { ConfigFields, TracingFields } from '@gong-connector/platform';
import { z } from 'zod';

const count = (defaultValue: number, description: string, min = 0) =>
  z.coerce.number().int().min(min).default(defaultValue).describe(description);

/**
 * The quota broker's environment. Every key has a default: Gong's documented limits (3 requests/s,
 * 10,000/day per company), midnight UTC as the day boundary, 1,500 requests kept for interactive
 * and post-call work, and a 5 s leader lease.
 */
export const QuotaBrokerConfigSchema = z.object({
  PORT: ConfigFields.port(8082),
  HOST: ConfigFields.host(),
  LOG_LEVEL: ConfigFields.logLevel(),
  ...TracingFields,
  NATS_URL: ConfigFields.natsUrl(),
  DATABASE_URL: ConfigFields.databaseUrl(),
  DATABASE_SCHEMA: ConfigFields.databaseSchema('PostgreSQL schema for the broker’s tables (unset: the search path’s default, normally public)'),
  DATABASE_MIGRATIONS: ConfigFields.databaseMigrations(),
  QUOTA_RATE_PER_SECOND: count(3, 'Gong requests per second for the whole company (Gong’s limit)', 1),
  QUOTA_DAILY_LIMIT: count(10_000, 'Gong requests per budget day for the whole company (Gong’s limit)', 1),
  QUOTA_DAY_BOUNDARY: z
    .string()
    .regex(/^([01]\d|2[0-3]):00(Z|[+-](0\d|1[0-4]):[0-5]\d)$/, 'must look like 00:00Z or 09:00+05:30 (a whole hour, then Z or a UTC offset)')
    .default('00:00Z')
    .describe('When the budget day starts: a whole hour at a fixed UTC offset, like 00:00Z or 09:00+05:30 (Gong’s reset time is undocumented; midnight UTC is the common assumption)'),
  QUOTA_RESERVE: count(1_500, 'Requests of each day kept for interactive and post-call work: sync and backfill are refused (QUOTA_EXHAUSTED) once only this many are left'),
  QUOTA_HEADROOM_POST_CALL: count(
    1,
    'Tokens of each pacing window post-call work leaves free for interactive requests (0: post-call may take every free token; 1 keeps interactive waits near zero during post-call bursts)',
  ),
  QUOTA_HEADROOM_BACKGROUND: count(1, 'Tokens of each pacing window sync and backfill leave free for interactive and post-call requests'),
  QUOTA_SAFETY_MARGIN_MS: count(100, 'Added to the 1 s pacing window: a token stays live this long past 1 s after its request was answered (milliseconds)'),
  QUOTA_MAX_COST: count(3, 'Largest batch permit (Gong requests per permit)', 1),
  QUOTA_MAX_QUEUE: count(1_000, 'Requests that may wait per priority; beyond it they are refused with RATE_LIMITED', 1),
  QUOTA_PERMIT_LEASE_MS: count(120_000, 'How long a granted permit is tracked as in flight before it is forgotten (milliseconds)', 1),
  QUOTA_PAUSE_DEFAULT_MS: count(5_000, 'Pause after a 429 that carries no Retry-After (milliseconds)', 1),
  QUOTA_PAUSE_MAX_MS: count(24 * 3_600_000, 'Longest pause honoured after a 429, whatever its Retry-After says (milliseconds)', 1),
  QUOTA_RAMP_STEP_MS: count(10_000, 'After a pause or a restart the rate starts at 1/s and rises by 1/s this often (milliseconds)', 1),
  QUOTA_BREAKER_THRESHOLD: count(3, 'Counted 429s within the breaker window that open the circuit breaker (sync and backfill are then shed)', 1),
  QUOTA_BREAKER_WINDOW_MS: count(60_000, 'The circuit breaker’s counting window (milliseconds)', 1),
  QUOTA_BREAKER_COOL_DOWN_MS: count(60_000, 'How long the breaker stays open before one probe request may pass (milliseconds)', 1),
  QUOTA_PERSIST_AHEAD_BY: count(
    50,
    'The daily count is stored this many requests ahead of the grants (a crash loses at most this much of the day’s budget and never overruns it)',
    2,
  ),
  QUOTA_BUDGET_NAME: z
    .string()
    .regex(/^[a-z0-9][a-z0-9._-]{0,62}$/, 'must be lower-case letters, digits, dots, dashes or underscores')
    .default('gong')
    .describe('Name of the stored daily budget (one per Gong company)'),
  QUOTA_LEASE_NAME: z
    .string()
    .regex(/^[a-z0-9][a-z0-9._-]{0,62}$/, 'must be lower-case letters, digits, dots, dashes or underscores')
    .default('quota-broker')
    .describe('Name of the leader lease: brokers sharing it elect one active instance'),
  QUOTA_LEASE_TTL_MS: count(5_000, 'Leader lease lifetime; the leader renews it every third of this, and a standby takes over within about this long after the leader dies (milliseconds)', 300),
  BROKER_INSTANCE_ID: z
    .string()
    .min(1)
    .max(200)
    .optional()
    .describe('This instance’s name in the leader lease, logs and metrics (unset: hostname and process id)'),
});

export type QuotaBrokerConfig = z.infer<typeof QuotaBrokerConfigSchema>;
