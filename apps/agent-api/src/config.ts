import { ConfigFields } from '@gong-connector/platform';
import { GongConnectionFields } from '@gong-connector/replica';
import { z } from 'zod';
import { DateRangeResolver } from './dates/date-range.resolver.js';

const int = (defaultValue: number, description: string, min = 0) => z.coerce.number().int().min(min).default(defaultValue).describe(description);
const ms = (defaultValue: number, description: string) => ConfigFields.duration(defaultValue, description);
const httpUrl = () =>
  z
    .string()
    .regex(/^https?:\/\/[^\s]+$/, 'must be an http(s) URL')
    .transform((s) => s.replace(/\/+$/, ''));

/**
 * The agent API's environment. Every key has a safe default for a local run against gong-sim: the
 * access filter comes from the access service over NATS, Gong is reached through the quota broker,
 * and the admin endpoints stay off until AGENT_API_ADMIN_TOKEN is set.
 */
export const AgentApiConfigSchema = z.object({
  PORT: ConfigFields.port(8080),
  HOST: ConfigFields.host(),
  LOG_LEVEL: ConfigFields.logLevel(),
  NATS_URL: ConfigFields.natsUrl(),
  DATABASE_URL: ConfigFields.databaseUrl(),
  DATABASE_SCHEMA: ConfigFields.databaseSchema(),
  ELASTICSEARCH_URL: ConfigFields.elasticsearchUrl(),
  AGENT_API_PUBLIC_URL: httpUrl().optional().describe('Base URL clients reach this API at, used in links of webhook payloads (unset: http://127.0.0.1:PORT)'),
  AGENT_API_ADMIN_TOKEN: ConfigFields.secret('Bearer token of the admin API (/admin/tokens, /admin/webhooks); unset turns the admin API off').optional(),
  AGENT_API_ACCESS_SOURCE: z
    .enum(['nats', 'replica'])
    .default('nats')
    .describe('Where access filters come from: nats (the access service, access.filter.v1; production) or replica (computed in-process from the replicated users and permission profiles)'),
  AGENT_API_ACCESS_CACHE_MS: ms(5_000, 'How long an access filter (and the replica access model) is reused before it is asked for again'),
  AGENT_API_TOKEN_CACHE_MS: ms(5_000, 'How long a verified bearer token is trusted before it is looked up again (a revocation takes effect within this)'),
  AGENT_API_RATE_LIMIT: int(600, 'Requests each token may make per rate-limit window (RateLimit-Policy)', 1),
  AGENT_API_RATE_WINDOW_MS: ms(60_000, 'Length of the per-token rate-limit window'),
  AGENT_API_LIVE_FALLBACK: ConfigFields.bool(true, 'Fetch a call that is not replicated yet from Gong (interactive priority), check access, store and serve it'),
  AGENT_API_LIVE_MISS_CACHE_MS: ms(60_000, 'How long a call id that Gong does not know is answered 404 without asking Gong again (live fallback; 0: always ask)'),
  AGENT_API_WEBHOOK_CONSUMER: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be letters, digits, dashes or underscores')
    .default('agent-api-webhooks')
    .describe('Durable JetStream consumer of search.call.indexed.v1 that feeds outbound webhooks'),
  AGENT_API_WEBHOOK_RETRY_PERIOD_MS: ms(24 * 3_600_000, 'How long a failing webhook delivery is retried before it goes to the dead-letter list'),
  AGENT_API_WEBHOOK_BACKOFF_BASE_MS: ms(1_000, 'First retry delay of a failed webhook delivery; doubles with each attempt'),
  AGENT_API_WEBHOOK_BACKOFF_MAX_MS: ms(600_000, 'Longest delay between two attempts of one webhook delivery'),
  AGENT_API_WEBHOOK_TIMEOUT_MS: ms(10_000, 'Timeout of one webhook POST'),
  AGENT_API_WEBHOOK_POLL_MS: ms(1_000, 'How often due webhook retries are looked for'),
  AGENT_API_POST_CALL_INCLUDE_BACKFILL: ConfigFields.bool(
    false,
    'Also send call.indexed of backfilled (historical) calls to outbound webhooks and SSE streams (default: only calls indexed from webhooks, sync and live fetches)',
  ),
  AGENT_API_TIME_ZONE: z
    .string()
    .refine((zone) => DateRangeResolver.isTimeZone(zone), 'must be an IANA time zone such as America/New_York')
    .default('UTC')
    .describe('The company time zone: a bare day in from/to (2026-11-01) is that day in this zone (Gong workspace settings carry no zone the API replicates)'),
  ...GongConnectionFields,
  GONG_PERMIT_SOURCE: ConfigFields.gongPermitSource('live-fallback Gong requests'),
  GONG_REQUEST_TIMEOUT_MS: ms(30_000, 'Timeout of one live-fallback Gong request'),
});

export type AgentApiConfig = z.infer<typeof AgentApiConfigSchema>;
