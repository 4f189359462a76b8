import type { Clock } from '@gong-connector/contracts';

export interface RateLimits {
  perSecond: number;
  perDay: number;
}

export type RateDecision =
  | { allowed: true }
  | { allowed: false; limit: 'second' | 'day'; retryAfterSeconds: number };

export interface QuotaUsage {
  perSecond: number;
  perDay: number;
  usedToday: number;
  remainingToday: number;
  /** Start of the current quota day (UTC midnight), epoch ms. */
  dayStartedAt: number;
  /** When the daily quota resets, epoch ms. */
  resetsAt: number;
  rejectedToday: number;
}

const DAY = 86_400_000;

/**
 * Gong's company-wide limits: N requests in any one-second window and M per day, across every
 * credential. The day resets at midnight UTC (Gong's reset time is undocumented). Rejected requests
 * do not count against the quota. Time comes from an injected clock.
 */
export class RateLimiter {
  private readonly window: number[] = [];
  private day = -1;
  private used = 0;
  private rejected = 0;

  constructor(
    private limits: RateLimits,
    private readonly clock: Clock,
  ) {}

  tryAcquire(): RateDecision {
    const now = this.clock.now();
    this.roll(now);
    if (this.used >= this.limits.perDay) {
      this.rejected++;
      return { allowed: false, limit: 'day', retryAfterSeconds: Math.max(1, Math.ceil((this.day + DAY - now) / 1000)) };
    }
    while (this.window.length > 0 && this.window[0] <= now - 1000) this.window.shift();
    if (this.window.length >= this.limits.perSecond) {
      this.rejected++;
      return { allowed: false, limit: 'second', retryAfterSeconds: Math.max(1, Math.ceil((this.window[0] + 1000 - now) / 1000)) };
    }
    this.window.push(now);
    this.used++;
    return { allowed: true };
  }

  usage(): QuotaUsage {
    const now = this.clock.now();
    this.roll(now);
    return {
      perSecond: this.limits.perSecond,
      perDay: this.limits.perDay,
      usedToday: this.used,
      remainingToday: Math.max(0, this.limits.perDay - this.used),
      dayStartedAt: this.day,
      resetsAt: this.day + DAY,
      rejectedToday: this.rejected,
    };
  }

  setLimits(limits: Partial<RateLimits>): void {
    this.limits = { ...this.limits, ...limits };
  }

  /** Sets how much of today's quota is spent (tests: "the day is spent"). */
  setUsedToday(used: number): void {
    this.roll(this.clock.now());
    this.used = used;
  }

  reset(): void {
    this.window.length = 0;
    this.used = 0;
    this.rejected = 0;
  }

  private roll(now: number): void {
    const day = Math.floor(now / DAY) * DAY;
    if (day !== this.day) {
      this.day = day;
      this.used = 0;
      this.rejected = 0;
    }
  }
}
