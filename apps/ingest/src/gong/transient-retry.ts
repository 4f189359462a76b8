import { AppError, ErrorCode } from '@gong-connector/contracts';
import { GongError } from '@gong-connector/gong-client';
import { JitteredRetry, type Logger } from '@gong-connector/platform';

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
 * garbled answers, and quota refusals (after the broker's hint); exponential backoff with jitter
 * otherwise (JitteredRetry, cockatiel). Background work (sync, backfill) uses it so a busy quota
 * slows it down instead of failing it.
 */
export class TransientRetry {
  static isTransient(error: unknown): boolean {
    if (error instanceof GongError) return ['rate-limited', 'server', 'network', 'timeout', 'bad-response'].includes(error.kind);
    return error instanceof AppError && TRANSIENT_CODES.has(error.code);
  }

  static async run<T>(fn: () => Promise<T>, options: RetryOptions): Promise<T> {
    const policy = JitteredRetry.policy({
      attempts: options.attempts,
      baseDelayMs: 1_000,
      maxDelayMs: options.maxDelayMs ?? 60_000,
      retryWhen: TransientRetry.isTransient,
      // a hint (Retry-After, the broker's) is waited out, never less than 250 ms
      delayHintMs: (error) => {
        const hint = (error as AppError).retryAfterMs;
        return hint === undefined ? undefined : Math.max(hint, 250);
      },
      onRetry: ({ attempt, delayMs, error }) =>
        options.logger.warn({ what: options.what, attempt, delayMs, err: error instanceof Error ? error.message : String(error) }, 'transient failure; retrying'),
    });
    options.signal?.throwIfAborted();
    return policy.execute(() => fn(), options.signal);
  }
}
