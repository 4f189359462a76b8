import { describe, expect, it } from '@jest/globals';
import { ManualClock } from '../time/manual.clock.js';
import { RateLimiter } from './rate.limiter.js';

const NOON = Date.UTC(2026, 0, 15, 12, 0, 0);

describe('RateLimiter', () => {
  it.each([
    // [requests at these offsets (ms), expected outcome per request]
    [[0, 0, 0, 0], ['ok', 'ok', 'ok', 'second']],
    [[0, 100, 200, 999, 1000], ['ok', 'ok', 'ok', 'second', 'ok']],
    [[0, 400, 800, 1200, 1300], ['ok', 'ok', 'ok', 'ok', 'second']],
  ])('allows 3 per sliding second: %j', (offsets, expected) => {
    const clock = new ManualClock(NOON);
    const limiter = new RateLimiter({ perSecond: 3, perDay: 10_000 }, clock);
    const outcomes = offsets.map((o) => {
      clock.set(NOON + o);
      const d = limiter.tryAcquire();
      return d.allowed ? 'ok' : d.limit;
    });
    expect(outcomes).toEqual(expected);
  });

  it('answers a short Retry-After within the second', () => {
    const clock = new ManualClock(NOON);
    const limiter = new RateLimiter({ perSecond: 3, perDay: 10_000 }, clock);
    for (let i = 0; i < 3; i++) limiter.tryAcquire();
    clock.advance(250);
    expect(limiter.tryAcquire()).toEqual({ allowed: false, limit: 'second', retryAfterSeconds: 1 });
  });

  it('stops at the daily limit with a Retry-After until midnight UTC, and resets then', () => {
    const clock = new ManualClock(NOON);
    const limiter = new RateLimiter({ perSecond: 1000, perDay: 5 }, clock);
    for (let i = 0; i < 5; i++) expect(limiter.tryAcquire().allowed).toBe(true);
    const d = limiter.tryAcquire();
    expect(d).toEqual({ allowed: false, limit: 'day', retryAfterSeconds: 12 * 3600 });
    expect(limiter.usage()).toMatchObject({ usedToday: 5, remainingToday: 0, rejectedToday: 1 });
    clock.set(Date.UTC(2026, 0, 16, 0, 0, 0));
    expect(limiter.tryAcquire().allowed).toBe(true);
    expect(limiter.usage().usedToday).toBe(1);
  });

  it('does not count rejected requests against the day', () => {
    const clock = new ManualClock(NOON);
    const limiter = new RateLimiter({ perSecond: 1, perDay: 100 }, clock);
    limiter.tryAcquire();
    limiter.tryAcquire();
    limiter.tryAcquire();
    expect(limiter.usage().usedToday).toBe(1);
  });
});
