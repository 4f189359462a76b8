import { ConfigFields, loadConfig, TracingFields } from '@gong-connector/platform';
import { GongConnectionFields } from '@gong-connector/replica';
import { ElasticsearchConfigFields } from '@gong-connector/search';
import { z } from 'zod';
import { DateRangeResolver } from './dates/date-range.resolver.js';
import { connectionEnv } from './cli/connection-env.js';

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
  ...TracingFields,
  NATS_URL: ConfigFields.natsUrl(),
  DATABASE_URL: ConfigFields.databaseUrl(),
  DATABASE_SCHEMA: ConfigFields.databaseSchema(),
  DATABASE_MIGRATIONS: ConfigFields.databaseMigrations(),
  ELASTICSEARCH_URL: ConfigFields.elasticsearchUrl(),
  ...ElasticsearchConfigFields,
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
  AGENT_API_ERASURE_FORWARD_TO_GONG: ConfigFields.bool(
    false,
    'Forward each erasure (POST /admin/erasure, npm run admin -- erase) to Gong’s /v2/data-privacy/erase-data-for-email-address or -phone-number at interactive priority (Gong then deletes every call referencing the person)',
  ),
  AGENT_API_OAUTH_ISSUER: httpUrl()
    .optional()
    .describe(
      'Issuer URL of the company identity provider (Okta, Entra ID, Keycloak, Auth0) whose JWT access tokens /v1 and /mcp accept; its discovery document names the JWKS (unset: no IdP tokens)',
    ),
  AGENT_API_OAUTH_USER_CLAIM: z
    .string()
    .regex(/^[A-Za-z0-9_:./-]{1,100}$/, 'must be a claim name (letters, digits, _ : . / -)')
    .default('email')
    .describe('Access-token claim that names the Gong user by email address (email: then email_verified must be true; e.g. preferred_username or upn for Entra ID)'),
  AGENT_API_OAUTH_AUDIENCES: z
    .string()
    .default('')
    .transform((s) => s.split(',').map((a) => a.trim()).filter((a) => a.length > 0))
    .describe('Extra accepted token audiences, comma-separated (e.g. api://gong-connector for Entra ID); AGENT_API_PUBLIC_URL and its /mcp are always accepted'),
  AGENT_API_OAUTH_JWKS_COOLDOWN_MS: ms(30_000, 'Least time between two JWKS fetches of an issuer when a token names an unknown key id (rotation pick-up)'),
  AGENT_API_OAUTH_JWKS_CACHE_MS: ms(600_000, 'How long fetched issuer keys are used before they are fetched again'),
  AGENT_API_OAUTH_CLOCK_SKEW_MS: ms(30_000, 'Clock skew tolerated when checking exp, nbf and iat of OAuth access tokens'),
  AGENT_API_OAUTH_SERVER: z
    .enum(['off', 'builtin'])
    .default('off')
    .describe('builtin: run the built-in OAuth 2.1 authorization server under /oauth (sign-in through the company OIDC provider) for MCP clients; off: none'),
  AGENT_API_OAUTH_SIGNING_KEY: ConfigFields.secret(
    'Private JWK (JSON, EC P-256 or RSA) the built-in authorization server signs access tokens with; unset: one is generated once and stored in PostgreSQL, shared by every replica',
  ).optional(),
  AGENT_API_OAUTH_ACCESS_TOKEN_TTL_MS: ms(3_600_000, 'Lifetime of an access token of the built-in authorization server'),
  AGENT_API_OAUTH_REFRESH_TOKEN_TTL_MS: ms(30 * 24 * 3_600_000, 'Lifetime of a refresh token of the built-in authorization server (each use rotates it)'),
  AGENT_API_OIDC_ISSUER: httpUrl().optional().describe('Issuer URL of the company OIDC provider people sign in through (built-in authorization server)'),
  AGENT_API_OIDC_CLIENT_ID: z.string().min(1).optional().describe('Client id of the agent API at the company OIDC provider (redirect URI: <public URL>/oauth/callback)'),
  AGENT_API_OIDC_CLIENT_SECRET: ConfigFields.secret('Client secret of the agent API at the company OIDC provider').optional(),
  AGENT_API_TIME_ZONE: z
    .string()
    .refine((zone) => DateRangeResolver.isTimeZone(zone), 'must be an IANA time zone such as America/New_York')
    .default('UTC')
    .describe('The company time zone: a bare day in from/to (2026-11-01) is that day in this zone (Gong workspace settings carry no zone the API replicates)'),
  ...GongConnectionFields,
  GONG_PERMIT_SOURCE: ConfigFields.gongPermitSource('live-fallback Gong requests'),
  GONG_REQUEST_TIMEOUT_MS: ms(30_000, 'Timeout of one live-fallback Gong request'),
  AGENT_API_WRITE_CONFIRMATION_TTL_MS: ms(300_000, 'How long the confirmationId of a write preview (assign_flow, update_task, ...) may be used to perform it'),
  GONG_WRITE_TIMEOUT_MS: ms(15_000, 'Timeout of one Gong write (Engage, tasks): a write that times out is read back from Gong before it is sent again'),
  GONG_WRITE_PERMIT_WAIT_MS: ms(60_000, 'How long an Engage or to-do request (a write and its read-backs) may wait for a quota permit while writes queue beyond Gong’s rate; past it the write is refused unsent (QUOTA_DEADLINE_EXCEEDED) and its idempotency key is free again'),
  AGENT_API_GONG_AI: ConfigFields.bool(
    false,
    'Serve Gong’s own AI (gong_brief, ask_gong, list_briefs; GET /v2/entities/get-brief and ask-entity), paid in Gong credits: off unless set; then a token needs the gong:ai scope',
  ),
  AGENT_API_GONG_AI_CACHE_MS: ms(6 * 3_600_000, 'How long a Gong brief or answer is reused for the same entity, period and brief name (or question) before Gong is asked again (kept in PostgreSQL, shared by every replica)'),
  AGENT_API_CRM_POLL_MS: ms(5_000, "Time between two requests of a CRM upload's status to Gong (GET /v2/crm/request-status, at sync priority)"),
  AGENT_API_CRM_SWEEP_MS: ms(1_000, 'How often each replica looks for CRM upload jobs due for a status request'),
  AGENT_API_CRM_LEASE_MS: ms(60_000, 'How long a replica holds a CRM upload job it polls (a stopped replica\'s jobs are taken over after it)'),
  AGENT_API_CRM_MAX_POLL_MS: ms(24 * 3_600_000, 'A CRM upload Gong has not finished after this long ends failed'),
});

export type AgentApiConfig = z.infer<typeof AgentApiConfigSchema>;

/**
 * The admin CLI's configuration: the environment, where the demo's connection file (when it exists)
 * fills in DATABASE_URL and DATABASE_SCHEMA if both are unset. `from` names the file when it did.
 */
export function loadAdminCliConfig(connectionFile: string): { config: AgentApiConfig; from: string | undefined } {
  const { env, from } = connectionEnv(process.env, connectionFile);
  return { config: loadConfig(AgentApiConfigSchema, env), from };
}
