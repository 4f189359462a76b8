import { ConfigFields, TracingFields } from '@gong-connector/platform';
import { GongConnectionFields } from '@gong-connector/replica';
import { z } from 'zod';

const count = (defaultValue: number, description: string, min = 0, max = Number.MAX_SAFE_INTEGER) =>
  z.coerce.number().int().min(min).max(max).default(defaultValue).describe(description);

/**
 * The access service's environment. Defaults: Gong's users, profiles and members synced every
 * hour at `sync` priority through the quota broker (about 20 requests per sync for a two-workspace
 * company), filters refused once that data is two hours old, the demo simulator as Gong.
 */
export const AccessConfigSchema = z.object({
  PORT: ConfigFields.port(8084),
  HOST: ConfigFields.host(),
  LOG_LEVEL: ConfigFields.logLevel(),
  ...TracingFields,
  NATS_URL: ConfigFields.natsUrl(),
  DATABASE_URL: ConfigFields.databaseUrl(),
  DATABASE_SCHEMA: ConfigFields.databaseSchema(),
  DATABASE_MIGRATIONS: ConfigFields.databaseMigrations(),
  ...GongConnectionFields,
  ACCESS_MAX_STALENESS_MS: ConfigFields.duration(
    2 * 3_600_000,
    'Oldest directory or profile data a filter may be computed from; beyond it requests fail closed with ACCESS_STALE',
  ),
  ACCESS_SYNC_INTERVAL_MS: ConfigFields.duration(
    90 * 60_000,
    'How often users, workspaces, permission profiles and members are synced from Gong (0: only on POST /admin/sync); keep it well under ACCESS_MAX_STALENESS_MS: the difference is the time failed syncs have to be retried (every ACCESS_SYNC_RETRY_MS) before requests fail closed',
  ),
  ACCESS_ADMIN_SYNC_TIMEOUT_MS: ConfigFields.duration(
    30_000,
    'Longest POST /admin/sync waits for the sync (which waits on the quota broker for Gong permits); beyond it the call answers 503 QUOTA_DEADLINE_EXCEEDED with Retry-After while the sync goes on in the background',
  ),
  ACCESS_SYNC_RETRY_MS: ConfigFields.duration(5 * 60_000, 'Delay before trying again after a failed scheduled sync'),
  ACCESS_RELOAD_INTERVAL_MS: ConfigFields.duration(
    60_000,
    'How often the model is re-read from PostgreSQL to pick up syncs made by other instances or by ingest (0: never)',
  ),
  ACCESS_SWEEP_INTERVAL_MS: ConfigFields.duration(
    10 * 60_000,
    'How often stored calls not yet checked against users-access are looked up (0: only after a sync)',
  ),
  ACCESS_SWEEP_MAX_CALLS: count(1_000, 'Most calls one sweep looks up (100 per Gong request)', 1),
  ACCESS_GRANTS_RECHECK_MS: ConfigFields.duration(
    7 * 86_400_000,
    'A call’s users-access is looked up again by the sweep once its last check is this old, so revoked grants disappear (0: never)',
  ),
  ACCESS_BATCH_MAX_WAIT_MS: ConfigFields.duration(
    2_000,
    'How long new calls (ingest.call.fetched.v1) are collected before one users-access request for up to 100 of them',
  ),
  ACCESS_CALLS_DURABLE: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be letters, digits, dashes or underscores')
    .default('access-users-access')
    .describe('Durable JetStream consumer of ingest.call.fetched.v1'),
  ACCESS_ADMIN_TOKEN: z
    .string()
    .min(16, 'must be at least 16 characters')
    .optional()
    .describe('Bearer token for POST /admin/sync and GET /admin/status (secret; unset: the admin endpoints refuse every request)'),
});

export type AccessConfig = z.infer<typeof AccessConfigSchema>;
