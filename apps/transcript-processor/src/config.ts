import { ConfigFields, TracingFields } from '@gong-connector/platform';
import { ElasticsearchConfigFields } from '@gong-connector/search';
import { z } from 'zod';

const count = (defaultValue: number, description: string, min = 0) =>
  z.coerce.number().int().min(min).default(defaultValue).describe(description);

const natsName = (defaultValue: string, description: string) =>
  z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,200}$/, 'must be letters, digits, dashes or underscores')
    .default(defaultValue)
    .describe(description);

/**
 * The transcript processor's environment. Every key has a default: the embedded PostgreSQL search
 * index (ELASTICSEARCH_URL unset), 256-token chunks with one sentence of overlap, four calls
 * handled at once per lane (post-call and bulk), five deliveries before a message is dead-lettered.
 */
export const TranscriptProcessorConfigSchema = z.object({
  PORT: ConfigFields.port(8083),
  HOST: ConfigFields.host(),
  LOG_LEVEL: ConfigFields.logLevel(),
  ...TracingFields,
  NATS_URL: ConfigFields.natsUrl(),
  DATABASE_URL: ConfigFields.databaseUrl(),
  DATABASE_SCHEMA: ConfigFields.databaseSchema('PostgreSQL schema of the replica and the PostgreSQL search index (unset: the search path’s default, normally public)'),
  DATABASE_MIGRATIONS: ConfigFields.databaseMigrations(),
  ELASTICSEARCH_URL: ConfigFields.elasticsearchUrl('Elasticsearch URL; unset means the PostgreSQL full-text index in DATABASE_URL'),
  ...ElasticsearchConfigFields,
  CHUNK_MAX_TOKENS: count(256, 'Most tokens (cl100k_base) per chunk, speaker line included; longer monologues are split at sentence boundaries', 32),
  CHUNK_OVERLAP_SENTENCES: count(1, 'Whole sentences repeated at the start of the next part of a split monologue'),
  CONSUMER_STREAM: natsName('GC_CALLS', 'JetStream stream holding both call-ready lanes (ingest.post-call.fetched.v1 and ingest.call.fetched.v1)'),
  CONSUMER_DURABLE: natsName(
    'transcript-processor',
    'Durable consumer of the bulk lane (ingest.call.fetched.v1: sync, backfill); the post-call lane’s (ingest.post-call.fetched.v1: webhook, live) is this name plus -post-call. Positions survive restarts; instances sharing the names share the work',
  ),
  CONSUMER_CONCURRENCY: count(4, 'Bulk-lane calls (sync, backfill) processed at once by this instance', 1),
  CONSUMER_POST_CALL_CONCURRENCY: count(
    4,
    'Post-call-lane calls (webhook, live) processed at once by this instance, with a PostgreSQL pool of their own (this plus 4 connections), so they never wait behind bulk work',
    1,
  ),
  CONSUMER_MAX_DELIVER: count(5, 'Deliveries before a failing message (an unknown call, a broken transcript) is dead-lettered with its reason', 1),
  CONSUMER_BACKOFF_MS: z
    .string()
    .regex(/^\d+(,\d+)*$/, 'must be comma-separated milliseconds like 1000,5000,15000')
    .default('1000,5000,15000')
    .transform((v) => v.split(',').map(Number))
    .describe('Delay before each redelivery after a failure, comma-separated (the last value repeats; milliseconds)'),
  CONSUMER_ACK_WAIT_MS: ConfigFields.duration(60_000, 'How long the server waits for an ack before redelivering a message whose handler crashed'),
  CONSUMER_LAG_SAMPLE_MS: ConfigFields.duration(5_000, 'How often transcript_consumer_lag{lane} is sampled from each durable consumer'),
  REINDEX_BATCH_SIZE: count(50, 'Calls read and indexed per batch by `npm run reindex`', 1),
});

export type TranscriptProcessorConfig = z.infer<typeof TranscriptProcessorConfigSchema>;
