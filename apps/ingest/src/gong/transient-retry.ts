import { AppError, ErrorCode } from '@gong-connector/contracts';
import { GongError } from '@gong-connector/gong-client';
import type { Logger } from '@gong-connector/platform';

const TRANSIENT_CODES = new Set<string>([
  ErrorCode.QUOTA_EXHAUSTED,
  ErrorCode.QUOTA_DEADLINE_EXCEEDED,
  ErrorCode.QUOTA_PAUSED,
  ErrorCode.QUOTA_BREAKER_OPEN,
  ErrorCode.QUOTA_BROKER_UNAVAILABLE,
  ErrorCode.RATE_LIMITED,
  ErrorCode.DEPENDENCY_UNAVAILABLE,
]);

export interface RetryOptions {
  /** Attempts in all (1: no retry). */
  attempts: number;
  what: string;
  logger: Logger;
  signal?: AbortSignal;
  /** Longest wait between attempts (default 60 s). */
  maxDelayMs?: number;
}

/**
 * Retries what may pass: Gong's 429 (after its Retry-After), 5xx, network errors, timeouts and
 * garbled answers, and quota refusals (after the broker's hint); exponential backoff otherwise.
 * Background work (sync, backfill) uses it so a busy quota slows it down instead of failing it.
 */
export class TransientRetry {
  static isTransient(error: unknown): boolean {
    if (error instanceof GongError) return ['rate-limited', 'server', 'network', 'timeout', 'bad-response'].includes(error.kind);
    return error instanceof AppError && TRANSIENT_CODES.has(error.code);
  }

  static async run<T>(fn: () => Promise<T>, options: RetryOptions): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      options.signal?.throwIfAborted();
      try {
        return await fn();
      } catch (error) {
        if (attempt >= options.attempts || !TransientRetry.isTransient(error)) throw error;
        const hint = (error as AppError).retryAfterMs;
        const delay = Math.min(options.maxDelayMs ?? 60_000, hint !== undefined ? Math.max(hint, 250) : 1_000 * 2 ** (attempt - 1));
        options.logger.warn(
          { what: options.what, attempt, delayMs: delay, err: error instanceof Error ? error.message : String(error) },
          'transient failure; retrying',
        );
        await sleep(delay, options.signal);
      }
    }
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
