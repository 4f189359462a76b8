import { AppError, ErrorCode } from '@gong-connector/contracts';
import { loadConfig, type Env } from '@gong-connector/platform';
import { z } from 'zod';
import { SimOptionsSchema, type GongSimOptions } from './sim/sim-options.js';

type Kind = 'int' | 'number' | 'bool' | 'string' | 'list' | 'json';

interface Flag {
  flag: string;
  env: string;
  option: keyof GongSimOptions;
  kind: Kind;
  help: string;
}

/** Every CLI flag, its environment variable (for containers) and the startGongSim option it sets. */
export const SIM_FLAGS: readonly Flag[] = [
  { flag: 'port', env: 'GONG_SIM_PORT', option: 'port', kind: 'int', help: 'HTTP port, 0 for a random one (default 4010)' },
  { flag: 'host', env: 'GONG_SIM_HOST', option: 'host', kind: 'string', help: 'Interface to bind (default 127.0.0.1)' },
  { flag: 'seed', env: 'GONG_SIM_SEED', option: 'seed', kind: 'string', help: 'Seed of the synthetic company (default 42)' },
  { flag: 'users', env: 'GONG_SIM_USERS', option: 'users', kind: 'int', help: 'Users (default 60)' },
  { flag: 'accounts', env: 'GONG_SIM_ACCOUNTS', option: 'accounts', kind: 'int', help: 'Customer accounts (default 80)' },
  { flag: 'calls', env: 'GONG_SIM_CALLS', option: 'calls', kind: 'int', help: 'Seeded calls (default 1500)' },
  { flag: 'days', env: 'GONG_SIM_DAYS', option: 'days', kind: 'int', help: 'Days of history (default 90)' },
  { flag: 'workspaces', env: 'GONG_SIM_WORKSPACES', option: 'workspaces', kind: 'int', help: 'Workspaces, 1-5 (default 2)' },
  { flag: 'deals', env: 'GONG_SIM_DEALS', option: 'deals', kind: 'int', help: 'Seeded deals whose calls a hidden health drives (default 0: none)' },
  { flag: 'anchor-date', env: 'GONG_SIM_ANCHOR_DATE', option: 'anchorDate', kind: 'string', help: 'History ends at this UTC date YYYY-MM-DD (default today)' },
  { flag: 'time-zone', env: 'GONG_SIM_TIME_ZONE', option: 'timeZone', kind: 'string', help: 'Company time zone (default America/Los_Angeles)' },
  { flag: 'rate-per-second', env: 'GONG_SIM_RATE_PER_SECOND', option: 'ratePerSecond', kind: 'int', help: 'Company requests per second (default 3)' },
  { flag: 'daily-limit', env: 'GONG_SIM_DAILY_LIMIT', option: 'dailyLimit', kind: 'int', help: 'Company requests per day (default 10000)' },
  { flag: 'access-key', env: 'GONG_SIM_ACCESS_KEY', option: 'accessKey', kind: 'string', help: 'Basic-auth access key (default gong-sim-access-key)' },
  { flag: 'access-key-secret', env: 'GONG_SIM_ACCESS_KEY_SECRET', option: 'accessKeySecret', kind: 'string', help: 'Basic-auth secret (default gong-sim-access-key-secret)' },
  { flag: 'oauth-client-id', env: 'GONG_SIM_OAUTH_CLIENT_ID', option: 'oauthClientId', kind: 'string', help: 'OAuth client id (default gong-sim-client)' },
  { flag: 'oauth-client-secret', env: 'GONG_SIM_OAUTH_CLIENT_SECRET', option: 'oauthClientSecret', kind: 'string', help: 'OAuth client secret (default gong-sim-client-secret)' },
  { flag: 'access-token-ttl-seconds', env: 'GONG_SIM_ACCESS_TOKEN_TTL_SECONDS', option: 'accessTokenTtlSeconds', kind: 'int', help: 'OAuth access-token lifetime (default 86400)' },
  { flag: 'api-base-url', env: 'GONG_SIM_API_BASE_URL', option: 'apiBaseUrl', kind: 'string', help: 'api_base_url_for_customer (default: the base URL)' },
  { flag: 'webhook-url', env: 'GONG_SIM_WEBHOOK_URLS', option: 'webhookUrls', kind: 'list', help: 'Webhook destination; repeat for several (env: comma-separated)' },
  { flag: 'webhook-timeout-ms', env: 'GONG_SIM_WEBHOOK_TIMEOUT_MS', option: 'webhookTimeoutMs', kind: 'int', help: 'Webhook delivery timeout (default 10000)' },
  { flag: 'transcript-delay-ms', env: 'GONG_SIM_TRANSCRIPT_DELAY_MS', option: 'transcriptDelayMs', kind: 'int', help: 'Transcript served this long after the webhook (default 30000)' },
  { flag: 'pending-transcripts', env: 'GONG_SIM_PENDING_TRANSCRIPTS', option: 'pendingTranscripts', kind: 'string', help: 'omit (default) or empty: how unprocessed calls show in /v2/calls/transcript' },
  { flag: 'live', env: 'GONG_SIM_LIVE', option: 'live', kind: 'bool', help: 'Complete new calls over time' },
  { flag: 'calls-per-minute', env: 'GONG_SIM_CALLS_PER_MINUTE', option: 'callsPerMinute', kind: 'number', help: 'Live mode rate (default 2)' },
  { flag: 'page-size', env: 'GONG_SIM_PAGE_SIZE', option: 'pageSize', kind: 'int', help: 'Records per page (default 100)' },
  { flag: 'transcript-page-size', env: 'GONG_SIM_TRANSCRIPT_PAGE_SIZE', option: 'transcriptPageSize', kind: 'int', help: 'Transcripts per page (default 100)' },
  { flag: 'max-call-ids', env: 'GONG_SIM_MAX_CALL_IDS', option: 'maxCallIds', kind: 'int', help: 'Most callIds in one filter (default 1000)' },
  { flag: 'cursor-ttl-seconds', env: 'GONG_SIM_CURSOR_TTL_SECONDS', option: 'cursorTtlSeconds', kind: 'int', help: 'Cursor lifetime (default 1800)' },
  { flag: 'crm-processing-ms', env: 'GONG_SIM_CRM_PROCESSING_MS', option: 'crmProcessingMs', kind: 'int', help: 'CRM upload processing time (default 2000)' },
  { flag: 'ai-credits', env: 'GONG_SIM_AI_CREDITS', option: 'aiCredits', kind: 'int', help: 'Gong AI credits of the company (default 10000; 402 once spent)' },
  { flag: 'faults', env: 'GONG_SIM_FAULTS', option: 'faults', kind: 'json', help: 'Fault injection config as JSON (see README)' },
  { flag: 'log-level', env: 'GONG_SIM_LOG_LEVEL', option: 'logLevel', kind: 'string', help: 'Log level (default info)' },
];

/** The option's default, from SimOptionsSchema (the one source of defaults); the CLI logs at info. */
function defaultOf(f: Flag): unknown {
  if (f.option === 'logLevel') return 'info';
  const field = (SimOptionsSchema.shape as Record<string, z.ZodType>)[f.option];
  const parsed = field?.safeParse(undefined);
  const value = parsed?.success ? parsed.data : undefined;
  return Array.isArray(value) && value.length === 0 ? undefined : value;
}

function envField(f: Flag): z.ZodType {
  const d = defaultOf(f);
  const withDefault = <T extends z.ZodType>(schema: T) => (d === undefined ? schema.optional() : schema.default(d as never));
  const description = f.help.replace(/\s*\(default[^)]*\)/, '');
  switch (f.kind) {
    case 'int':
      return withDefault(z.coerce.number().int()).describe(description);
    case 'number':
      return withDefault(z.coerce.number()).describe(description);
    case 'bool':
      return withDefault(
        z.enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'must be true or false' }).transform((v) => v === 'true' || v === '1' || v === 'yes'),
      ).describe(description);
    case 'string':
      return withDefault(z.string().min(1)).describe(description);
    case 'list':
      return z
        .string()
        .transform((v) => v.split(/[,\n]/).map((x) => x.trim()).filter(Boolean))
        .optional()
        .describe(description);
    case 'json':
      return z
        .string()
        .transform((v, ctx) => {
          try {
            return JSON.parse(v) as unknown;
          } catch {
            ctx.addIssue({ code: 'custom', message: 'must be valid JSON' });
            return z.NEVER;
          }
        })
        .optional()
        .describe(description);
  }
}

/** The environment schema: GONG_SIM_* variables with the simulator's defaults (README's configuration reference). */
export const SimEnvSchema = z.object(Object.fromEntries(SIM_FLAGS.map((f) => [f.env, envField(f)])));

export interface SimCliConfig {
  help: boolean;
  options: GongSimOptions;
}

/**
 * Reads the simulator's configuration: flags (`--port 4010`, `--port=4010`, `--live`, repeated
 * `--webhook-url`) over GONG_SIM_* environment variables over defaults. Parsed once; one clear
 * error lists every bad key.
 */
export function readSimConfig(argv: readonly string[] = process.argv.slice(2), env: Env = process.env): SimCliConfig {
  const merged: Env = {};
  for (const f of SIM_FLAGS) if (env[f.env] !== undefined) merged[f.env] = env[f.env];
  const lists = new Map<string, string[]>();
  const unknown: string[] = [];
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') {
      help = true;
      continue;
    }
    const m = /^--([a-z0-9-]+)(?:=(.*))?$/.exec(arg);
    const f = m && SIM_FLAGS.find((x) => x.flag === m[1]);
    if (!m || !f) {
      unknown.push(arg);
      continue;
    }
    let value = m[2];
    if (value === undefined) {
      if (f.kind === 'bool' && (i + 1 >= argv.length || argv[i + 1].startsWith('--'))) value = 'true';
      else value = argv[++i];
    }
    if (value === undefined) {
      unknown.push(`${arg} (missing value)`);
      continue;
    }
    if (f.kind === 'list') lists.set(f.env, [...(lists.get(f.env) ?? []), value]);
    else merged[f.env] = value;
  }
  if (unknown.length) {
    throw new AppError(ErrorCode.CONFIG_INVALID, `Unknown or incomplete option(s): ${unknown.join(', ')} (see --help)`);
  }
  for (const [key, values] of lists) merged[key] = values.join(',');
  const parsed = loadConfig(SimEnvSchema, merged) as Record<string, unknown>;
  const options: Record<string, unknown> = {};
  for (const f of SIM_FLAGS) if (parsed[f.env] !== undefined) options[f.option] = parsed[f.env];
  return { help, options: options as GongSimOptions };
}

export function usage(): string {
  const lines = SIM_FLAGS.map((f) => `  --${f.flag.padEnd(26)} ${f.env.padEnd(34)} ${f.help}`);
  return ['Usage: npm run sim -- [options]   (each option also reads from its environment variable)', '', ...lines, '  --help'].join('\n');
}
