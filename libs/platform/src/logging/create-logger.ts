import { pino, type Logger, type LoggerOptions } from 'pino';
import { currentCorrelationId } from './correlation.js';

/**
 * Paths whose values are secrets. pino replaces them with "[redacted]" in every log line: Gong
 * keys, OAuth tokens, webhook keys, bearer tokens and any Authorization or Cookie header.
 */
export const REDACT_PATHS = [
  'authorization',
  'Authorization',
  '*.authorization',
  '*.Authorization',
  'headers.authorization',
  'headers.cookie',
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-gong-webhook-key"]',
  'res.headers["set-cookie"]',
  'password',
  '*.password',
  'secret',
  '*.secret',
  'token',
  '*.token',
  'accessToken',
  '*.accessToken',
  'refreshToken',
  '*.refreshToken',
  'access_token',
  '*.access_token',
  'refresh_token',
  '*.refresh_token',
  'apiKey',
  '*.apiKey',
  'accessKey',
  '*.accessKey',
  'accessKeySecret',
  '*.accessKeySecret',
  'clientSecret',
  '*.clientSecret',
  'webhookKey',
  '*.webhookKey',
];

export interface LoggerSettings {
  name: string;
  level?: string;
  /** Where lines go; defaults to stdout. Tests pass a stream to read what was logged. */
  destination?: NodeJS.WritableStream;
}

/** A structured JSON logger. Every line carries the current correlationId when there is one. */
export function createLogger(settings: LoggerSettings): Logger {
  const options: LoggerOptions = {
    name: settings.name,
    level: settings.level ?? 'info',
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    mixin: () => {
      const correlationId = currentCorrelationId();
      return correlationId ? { correlationId } : {};
    },
    formatters: { level: (label) => ({ level: label }) },
  };
  return settings.destination ? pino(options, settings.destination) : pino(options);
}

export type { Logger };
