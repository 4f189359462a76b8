import { z } from 'zod';

/**
 * Reusable env fields. Each carries a description (used by the README's configuration reference)
 * and a default where one is safe.
 */
export const ConfigFields = {
  port: (defaultPort: number) =>
    z.coerce.number().int().min(1).max(65535).default(defaultPort).describe('HTTP port (health, metrics, API)'),
  host: () => z.string().min(1).default('0.0.0.0').describe('Interface the HTTP server binds to'),
  logLevel: () =>
    z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info').describe('Log level'),
  natsUrl: () =>
    z
      .string()
      .regex(/^(nats|tls|ws|wss):\/\/[^\s]+$/, 'must be a NATS URL like nats://host:4222 (comma-separate several)')
      .default('nats://127.0.0.1:4222')
      .describe('NATS server URL(s), comma-separated'),
  databaseUrl: () =>
    z
      .string()
      .regex(/^postgres(ql)?:\/\/[^\s]+$/, 'must be a PostgreSQL URL like postgres://user@host:5432/db')
      .default('postgres://postgres@127.0.0.1:5432/test')
      .describe('PostgreSQL connection URL'),
  /** A secret: never logged, never echoed in errors. */
  secret: (description: string) => z.string().min(1).describe(`${description} (secret)`),
  duration: (defaultMs: number, description: string) =>
    z.coerce.number().int().nonnegative().default(defaultMs).describe(`${description} (milliseconds)`),
  bool: (defaultValue: boolean, description: string) =>
    z
      .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'must be true or false' })
      .default(defaultValue ? 'true' : 'false')
      .transform((v) => v === 'true' || v === '1' || v === 'yes')
      .describe(description),
  /** The PostgreSQL schema a service's tables live in (tests give each run its own). */
  databaseSchema: (description = 'PostgreSQL schema of the replica (unset: the search path’s default, normally public)') =>
    z
      .string()
      .regex(/^[a-z_][a-z0-9_]{0,62}$/, 'must be a lower-case PostgreSQL identifier')
      .optional()
      .describe(description),
  /** Whether the service migrates PostgreSQL at start (`run`) or only checks that a migration job has (`verify`). */
  databaseMigrations: () =>
    z
      .enum(['run', 'verify'], { message: 'must be run or verify' })
      .default('run')
      .describe(
        'run: migrate PostgreSQL at start (under an advisory lock); verify: migrate nothing and refuse to start while a migration is pending (Kubernetes runs them once, in the migration job, before the replicas)',
      ),
  httpUrl: () =>
    z
      .string()
      .regex(/^https?:\/\/[^\s]+$/, 'must be an http(s) URL like https://host:port')
      .transform((s) => s.replace(/\/+$/, '')),
  elasticsearchUrl: (description = 'Elasticsearch URL of the transcript index (unset: the PostgreSQL full-text index in DATABASE_URL)') =>
    ConfigFields.httpUrl().optional().describe(description),
  gongBaseUrl: () =>
    ConfigFields.httpUrl()
      .default('http://127.0.0.1:4010')
      .describe('Gong API host of the tenant, e.g. https://us-12345.api.gong.io (default: a local gong-sim)'),
  gongAccessKey: () =>
    z.string().min(1).default('gong-sim-access-key').describe('Gong API access key (Basic auth; the default is gong-sim’s) (secret)'),
  gongAccessKeySecret: () =>
    z.string().min(1).default('gong-sim-access-key-secret').describe('Gong API access key secret (the default is gong-sim’s) (secret)'),
  gongPermitSource: (what = 'Gong requests') =>
    z
      .enum(['broker', 'local'])
      .default('broker')
      .describe(`Who paces ${what}: broker (the quota broker over NATS, production) or local (an in-process pacer, for running without a broker)`),
  gongLocalRate: () =>
    z.coerce.number().int().min(1).max(100).default(3).describe('Requests per second of the local pacer (GONG_PERMIT_SOURCE=local)'),
};
