/** Retries of 500/502/503/504 and network errors. Each retry is a new request with a new permit. */
export interface RetryPolicy {
  /** Requests in all, the first included (default 4). 1 disables retries. */
  maxAttempts: number;
  /** Backoff cap of the first retry (default 500 ms); doubles per retry. */
  baseDelayMs: number;
  /** Upper bound of any backoff (default 10 s). */
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 4, baseDelayMs: 500, maxDelayMs: 10_000 };

/** Statuses worth another try: Gong or a proxy in front of it hiccuped. */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([500, 502, 503, 504]);

/**
 * Exponential backoff with full jitter: a uniform delay in [0, min(max, base * 2^(retry-1))).
 * `retry` is 1 for the first retry; `random` returns [0, 1).
 */
export function backoffDelayMs(retry: number, policy: RetryPolicy, random: () => number): number {
  const cap = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, retry - 1));
  return Math.floor(random() * cap);
}
