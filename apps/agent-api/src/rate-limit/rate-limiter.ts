import type { Clock } from '@gong-connector/contracts';

export interface RateLimitDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Seconds until the window resets (at least 1). */
  resetSeconds: number;
  windowSeconds: number;
}

/**
 * Fixed-window request counting per key (a token id), with an injected clock. Windows are aligned
 * per key to its first request; keys idle past their window are forgotten.
 */
export class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly clock: Clock,
  ) {}

  take(key: string): RateLimitDecision {
    const now = this.clock.now();
    let w = this.windows.get(key);
    if (!w || now - w.start >= this.windowMs) {
      if (this.windows.size > 50_000) this.prune(now);
      w = { start: now, count: 0 };
      this.windows.set(key, w);
    }
    const allowed = w.count < this.limit;
    if (allowed) w.count++;
    return {
      allowed,
      limit: this.limit,
      remaining: Math.max(0, this.limit - w.count),
      resetSeconds: Math.max(1, Math.ceil((w.start + this.windowMs - now) / 1000)),
      windowSeconds: Math.ceil(this.windowMs / 1000),
    };
  }

  /** The IETF draft headers (`RateLimit-Policy`, `RateLimit`) for a decision. */
  static headers(d: RateLimitDecision): Record<string, string> {
    return {
      'ratelimit-policy': `"per-token";q=${d.limit};w=${d.windowSeconds}`,
      ratelimit: `"per-token";r=${d.remaining};t=${d.resetSeconds}`,
    };
  }

  private prune(now: number): void {
    for (const [key, w] of this.windows) if (now - w.start >= this.windowMs) this.windows.delete(key);
  }
}
