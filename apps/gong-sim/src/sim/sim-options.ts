import type { Clock } from '@gong-connector/contracts';
import { z } from 'zod';
import { FaultConfigSchema } from '../faults/fault-config.schema.js';

/** Default credentials of the simulator (documented; not secrets of anything real). */
export const DEFAULT_ACCESS_KEY = 'gong-sim-access-key';
export const DEFAULT_ACCESS_KEY_SECRET = 'gong-sim-access-key-secret';
export const DEFAULT_OAUTH_CLIENT_ID = 'gong-sim-client';
export const DEFAULT_OAUTH_CLIENT_SECRET = 'gong-sim-client-secret';

/**
 * Options of the simulator: the CLI flags (kebab-case there), the GONG_SIM_* environment variables
 * and startGongSim's argument are the same set.
 */
export const SimOptionsSchema = z.object({
  port: z.number().int().min(0).max(65535).default(4010).describe('HTTP port (0: a random free port)'),
  host: z.string().min(1).default('127.0.0.1').describe('Interface to bind'),
  seed: z.union([z.string().min(1), z.number()]).transform(String).default('42').describe('Seed of the synthetic company'),
  users: z.number().int().positive().default(60).describe('Number of users (plus 2 Gong "avatar" users)'),
  accounts: z.number().int().positive().default(80).describe('Number of customer accounts'),
  calls: z.number().int().nonnegative().default(1500).describe('Number of seeded calls'),
  days: z.number().int().positive().default(90).describe('Days of call history before the anchor date'),
  workspaces: z.number().int().min(1).max(5).default(2).describe('Number of workspaces'),
  deals: z.number().int().nonnegative().default(0).describe('Seeded deals whose calls carry risk patterns driven by a hidden health (0: none)'),
  anchorDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional().describe('History ends at this UTC date (default: today, from the clock)'),
  timeZone: z.string().default('America/Los_Angeles').describe('Company time zone (dates are printed with its offset)'),
  ratePerSecond: z.number().int().positive().default(3).describe('Requests per second for the company'),
  dailyLimit: z.number().int().positive().default(10_000).describe('Requests per day for the company'),
  accessKey: z.string().min(1).default(DEFAULT_ACCESS_KEY).describe('Basic-auth access key'),
  accessKeySecret: z.string().min(1).default(DEFAULT_ACCESS_KEY_SECRET).describe('Basic-auth access key secret'),
  oauthClientId: z.string().min(1).default(DEFAULT_OAUTH_CLIENT_ID).describe('OAuth client id'),
  oauthClientSecret: z.string().min(1).default(DEFAULT_OAUTH_CLIENT_SECRET).describe('OAuth client secret'),
  accessTokenTtlSeconds: z.number().int().positive().default(86_400).describe('OAuth access-token lifetime'),
  apiBaseUrl: z.string().url().optional().describe('api_base_url_for_customer (default: the base URL)'),
  webhookUrls: z.array(z.string().url()).default([]).describe('Webhook destinations (one automation rule each)'),
  webhookTimeoutMs: z.number().int().positive().default(10_000).describe('Webhook delivery timeout'),
  transcriptDelayMs: z.number().int().nonnegative().default(30_000).describe('Delay between a webhook and its transcript being served'),
  pendingTranscripts: z.enum(['omit', 'empty']).default('omit').describe('How /v2/calls/transcript shows calls still processing'),
  live: z.boolean().default(false).describe('Complete new calls over time'),
  callsPerMinute: z.number().positive().default(2).describe('Live mode: new calls per minute'),
  pageSize: z.number().int().positive().default(100).describe('Records per page'),
  transcriptPageSize: z.number().int().positive().default(100).describe('Transcripts per page'),
  maxCallIds: z.number().int().positive().default(1000).describe('Most callIds accepted in one filter'),
  cursorTtlSeconds: z.number().int().positive().default(1800).describe('Cursor lifetime'),
  crmProcessingMs: z.number().int().nonnegative().default(2000).describe('CRM upload: time from PENDING to DONE/FAILED'),
  aiCredits: z.number().int().nonnegative().default(10_000).describe('Gong AI credits of the company (get-brief and ask-entity spend them; 402 when they run out)'),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('silent').describe('Log level'),
  faults: FaultConfigSchema.optional().describe('Faults active from the start'),
});

export type SimSettings = z.output<typeof SimOptionsSchema>;

/** A logger shape the simulator needs (pino fits). */
export interface SimLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
  debug(obj: object, msg?: string): void;
}

export type GongSimOptions = z.input<typeof SimOptionsSchema> & {
  /** Time source for limits, cursors, delays and new calls (tests pass a ManualClock). */
  clock?: Clock;
  logger?: SimLogger;
  /** PKCS#8 PEM of the webhook signing key (a fresh RSA key is generated otherwise). */
  webhookPrivateKeyPem?: string;
};
