import { describe, expect, it } from '@jest/globals';
import { FakeClock } from '@gong-connector/testing';
import { RateLimiter } from './rate-limiter.js';

describe('RateLimiter', () => {
  it('allows the limit per window and key, then refuses until the window resets', () => {
    const clock = new FakeClock(1_000_000);
    const limiter = new RateLimiter(2, 60_000, clock);
    expect(limiter.take('a')).toMatchObject({ allowed: true, remaining: 1, resetSeconds: 60 });
    expect(limiter.take('a')).toMatchObject({ allowed: true, remaining: 0 });
    clock.advance(15_000);
    expect(limiter.take('a')).toMatchObject({ allowed: false, remaining: 0, resetSeconds: 45 });
    expect(limiter.take('b')).toMatchObject({ allowed: true, remaining: 1 });
    clock.advance(45_000);
    expect(limiter.take('a')).toMatchObject({ allowed: true, remaining: 1, resetSeconds: 60 });
  });

  it('writes the IETF draft headers', () => {
    const limiter = new RateLimiter(10, 60_000, new FakeClock(0));
    expect(RateLimiter.headers(limiter.take('a'))).toEqual({
      'ratelimit-policy': '"per-token";q=10;w=60',
      ratelimit: '"per-token";r=9;t=60',
    });
  });
});
