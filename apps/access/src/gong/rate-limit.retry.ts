import { AppError, ErrorCode } from '@gong-connector/contracts';
import { JitteredRetry } from '@gong-connector/platform';

/** Attempts of one Gong call when Gong answers 429 (the permit source paces the retries). */
export const RATE_LIMIT_ATTEMPTS = 4;

/**
 * Runs a Gong call again when Gong answered 429 (GONG_RATE_LIMITED), up to RATE_LIMIT_ATTEMPTS
 * times. The client never retries a 429 itself: it reports it to the permit source (the quota
 * broker, or the local pacer), which pauses for Gong's Retry-After, so the next attempt's permit
 * waits out the pause; the retry itself waits only a short jittered moment (JitteredRetry), so
 * access replicas do not all ask for their permits at once. Without this one 429 would abort a
 * whole sync until the next retry.
 */
export async function retryRateLimited<T>(call: () => Promise<T>, attempts = RATE_LIMIT_ATTEMPTS): Promise<T> {
  return JitteredRetry.policy({
    attempts,
    baseDelayMs: 50,
    maxDelayMs: 400,
    retryWhen: (error) => AppError.is(error, ErrorCode.GONG_RATE_LIMITED),
  }).execute(() => call());
}
