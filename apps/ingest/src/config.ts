import { ConfigFields, TracingFields } from '@gong-connector/platform';
import { GongConnectionFields } from '@gong-connector/replica';
import { z } from 'zod';

const ms = (defaultMs: number, description: string) => ConfigFields.duration(defaultMs, description);
const int = (defaultValue: number, description: string, min = 0) =>
  z.coerce.number().int().min(min).default(defaultValue).describe(description);
const msList = (defaultValue: string, description: string) =>
  z
    .string()
    .regex(/^\d+(\s*,\s*\d+)*$/, 'must be comma-separated milliseconds, like 1000,5000,30000')
    .default(defaultValue)
    .transform((v) => v.split(',').map((s) => Number(s.trim())))
    .describe(description);
const httpUrl = (defaultValue: string, description: string) =>
  z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).default(defaultValue).describe(description);

/**
 * The ingest service's environment. Defaults run it against a local gong-sim (its demo credentials)
 * with the quota broker; production sets GONG_BASE_URL, the Gong keys, the webhook key and URL, and
 * an admin token.
 */
export const IngestConfigSchema = z.object({
  PORT: ConfigFields.port(8081),
  HOST: ConfigFields.host(),
  LOG_LEVEL: ConfigFields.logLevel(),
  ...TracingFields,
  NATS_URL: ConfigFields.natsUrl(),
  DATABASE_URL: ConfigFields.databaseUrl(),
  DATABASE_SCHEMA: ConfigFields.databaseSchema(),
  DATABASE_MIGRATIONS: ConfigFields.databaseMigrations(),
  ...GongConnectionFields,
  GONG_REQUEST_TIMEOUT_MS: ms(60_000, 'Timeout of one Gong request, body included (transcript pages are megabytes)'),
  QUOTA_BROKER_URL: httpUrl('http://127.0.0.1:8082', 'Quota broker HTTP base URL, read for the quota left in backfill ETAs'),
  GONG_WEBHOOK_PUBLIC_KEY: z
    .string()
    .min(1)
    .optional()
    .describe('Public key that verifies Gong’s webhook JWTs: PEM, or the bare base64 DER Gong’s rule editor shows (unset: signed webhooks are refused)'),
  INGEST_PUBLIC_WEBHOOK_URL: httpUrl(
    'http://127.0.0.1:8081/webhooks/gong',
    'The webhook URL exactly as configured in Gong’s automation rule (the JWT’s webhook_url claim must match it)',
  ),
  INGEST_WEBHOOK_URL_KEY: z
    .string()
    .min(16, 'must be at least 16 characters')
    .optional()
    .describe('Secret for Gong’s “URL includes key” option: POST /webhooks/gong/<key> or ?key=<key> (unset: that option is refused) (secret)'),
  INGEST_WEBHOOK_MAX_BYTES: int(2 * 1024 * 1024, 'Largest accepted request body in bytes (413 beyond it)', 1024),
  INGEST_WEBHOOK_CLOCK_SKEW_MS: ms(30_000, 'Tolerated clock difference when checking a webhook JWT’s exp'),
  INGEST_WEBHOOK_MAX_TOKEN_LIFETIME_MS: ms(
    3_600_000,
    'Longest lifetime a webhook JWT may have (exp - iat, and exp - now); a longer-lived token is refused as lifetime-too-long',
  ),
  INGEST_ADMIN_TOKEN: z
    .string()
    .min(16, 'must be at least 16 characters')
    .optional()
    .describe('Bearer token of the admin API (/admin/backfills) (unset: the admin API is off, 403 ACCESS_DENIED) (secret)'),
  INGEST_PIPELINE_CONCURRENCY: int(16, 'Webhook events handled at once (their Gong requests are batched together)', 1),
  INGEST_TRANSCRIPT_RETRY_MS: msList(
    '250,250,250,250,500,1000,2000,5000,10000,30000,60000,120000,300000',
    'Waits between attempts to fetch a transcript Gong has not finished (the last repeats); the first are short because a subscriber waits for the call (each attempt is one post-call request, shared by the calls waiting then)',
  ),
  INGEST_TRANSCRIPT_WAIT_LIMIT_MS: ms(
    30 * 60_000,
    'After this long without a transcript a webhook’s call is announced without one; incremental sync fetches it later',
  ),
  INGEST_UNKNOWN_CALL_ATTEMPTS: int(
    8,
    'Deliveries of a webhook whose call Gong does not list (and whose callData is not usable) before it is dead-lettered; each costs one post-call extensive and one transcript request, none after it',
    1,
  ),
  INGEST_PIPELINE_ACK_WAIT_MS: ms(120_000, 'How long JetStream waits for the new-call pipeline to acknowledge a webhook message before it redelivers it (a crashed handler)'),
  INGEST_SCHEDULER_ENABLED: ConfigFields.bool(
    true,
    'Take part in the background work: incremental sync, directory sync, backfills, outbox sweep (one instance leads at a time)',
  ),
  INGEST_SYNC_INTERVAL_MS: ms(15 * 60_000, 'Time between incremental syncs (one listing of every workspace’s calls; 0: no scheduled sync)'),
  INGEST_SYNC_IDLE_MAX_INTERVAL_MS: ms(
    3_600_000,
    'Longest time between incremental syncs while they find nothing to store: each sync in a row that stored nothing doubles INGEST_SYNC_INTERVAL_MS up to this; one that stores a call or transcript brings the interval back (set it to INGEST_SYNC_INTERVAL_MS to keep a fixed interval)',
  ),
  INGEST_SYNC_LOOKBACK_MS: ms(24 * 3_600_000, 'How far before its checkpoint each sync starts again (Gong has no “modified since”; calls change after they end)'),
  INGEST_SYNC_INITIAL_MS: ms(24 * 3_600_000, 'How far back the first sync of a workspace reaches (older history is the backfill’s job)'),
  INGEST_DIRECTORY_SYNC_INTERVAL_MS: ms(3_600_000, 'Time between syncs of users and workspaces, shared with the access service (0: none)'),
  INGEST_TRACKER_SYNC_INTERVAL_MS: ms(86_400_000, 'Time between syncs of the keyword trackers and their phrases (GET /v2/settings/trackers, sync priority; 0: none)'),
  INGEST_COACHING_SYNC_INTERVAL_MS: ms(86_400_000, 'Time between coaching syncs: daily stats, answered scorecards, scorecard settings and call outcomes; Library and coaching metrics weekly (sync priority; 0: none)'),
  INGEST_COACHING_TIME_ZONE: z
    .string()
    .default('America/Los_Angeles')
    .refine((tz) => {
      try {
        new Intl.DateTimeFormat('en-US', { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    }, 'expected an IANA time zone, e.g. America/Los_Angeles')
    .describe('The company time zone set in Gong: stats are per calendar day of this zone'),
  INGEST_COACHING_BACKFILL_DAYS: int(0, 'Days of coaching history (stats, answered scorecards) replicated once at backfill priority after the first coaching sync (0: none)', 0),
  INGEST_OUTBOX_SWEEP_MS: ms(30_000, 'How often stored calls whose ingest.call.fetched.v1 was not published (a crash) are announced (0: never)'),
  INGEST_LEASE_TTL_MS: ms(15_000, 'Leader lease of the scheduled work; another instance takes over within about this long'),
  INGEST_VERIFY_CYCLE_MS: ms(
    7 * 86_400_000,
    'Every replicated call is checked against Gong once per this period (POST /v2/calls/extensive with 100 call ids, metadata only, sync priority, batches spread evenly over it); calls Gong no longer has are purged (0: no sweep)',
  ),
  ELASTICSEARCH_URL: ConfigFields.elasticsearchUrl('Elasticsearch URL of the transcript index, where retention deletes purged calls’ chunks (unset: the PostgreSQL full-text index in DATABASE_URL)'),
  RETENTION_DAYS: z.coerce
    .number()
    .int()
    .min(1)
    .max(36_500)
    .optional()
    .describe('Calls that started more than this many days ago are purged at each incremental sync with their transcripts, index chunks, webhook deliveries and audit rows (unset: keep everything)'),
  RETENTION_BATCH_SIZE: int(500, 'Calls (and delivery rows) purged per retention batch, one transaction each', 1),
});

export type IngestConfig = z.infer<typeof IngestConfigSchema>;
