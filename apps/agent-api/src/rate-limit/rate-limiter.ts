import type { Database } from '@gong-connector/persistence';
import { RateLimiterMemory, RateLimiterPostgres, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';

export interface RateLimitDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Seconds until the window resets (at least 1). */
  resetSeconds: number;
  windowSeconds: number;
}

/**
 * Fixed-window request counting per key (a token id) with rate-limiter-flexible. `shared` counts
 * in PostgreSQL (`api_rate_limits`, one atomic upsert per request), so every agent-api replica
 * sees the same count and N replicas allow the configured limit, not N times it; should PostgreSQL
 * fail, each process falls back to counting in memory (its insurance limiter) rather than refusing
 * everyone. Windows are aligned per key to its first request.
 */
export class RateLimiter {
  private constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly store: RateLimiterAbstract,
  ) {}

  /** Counts in PostgreSQL, shared by every replica on the same database. */
  static shared(db: Database, limit: number, windowMs: number): RateLimiter {
    const options = { points: limit, duration: windowMs / 1000, keyPrefix: 'token' };
    const store = new RateLimiterPostgres({
      ...options,
      storeClient: db.pgPool,
      storeType: 'pool',
      tableName: 'api_rate_limits', // created by a migration (CreateSharedLimits1763900700000)
      tableCreated: true,
      clearExpiredByTimeout: true, // every 5 minutes, rows expired an hour ago
      insuranceLimiter: new RateLimiterMemory(options),
    });
    return new RateLimiter(limit, windowMs, store);
  }

  /** Counts in this process only (tests, tools without a database). */
  static inMemory(limit: number, windowMs: number): RateLimiter {
    return new RateLimiter(limit, windowMs, new RateLimiterMemory({ points: limit, duration: windowMs / 1000, keyPrefix: 'token' }));
  }

  async take(key: string): Promise<RateLimitDecision> {
    try {
      return this.decision(true, await this.store.consume(key, 1));
    } catch (refused) {
      if (refused instanceof RateLimiterRes) return this.decision(false, refused);
      throw refused;
    }
  }

  /** The IETF draft headers (`RateLimit-Policy`, `RateLimit`) for a decision. */
  static headers(d: RateLimitDecision): Record<string, string> {
    return {
      'ratelimit-policy': `"per-token";q=${d.limit};w=${d.windowSeconds}`,
      ratelimit: `"per-token";r=${d.remaining};t=${d.resetSeconds}`,
    };
  }

  private decision(allowed: boolean, res: RateLimiterRes): RateLimitDecision {
    const windowSeconds = Math.ceil(this.windowMs / 1000);
    return {
      allowed,
      limit: this.limit,
      remaining: Math.max(0, res.remainingPoints),
      resetSeconds: Math.max(1, Math.min(windowSeconds, Math.ceil((res.msBeforeNext < 0 ? this.windowMs : res.msBeforeNext) / 1000))),
      windowSeconds,
    };
  }
}
