import { describe, expect, it } from '@jest/globals';
import { RateLimiter } from './rate-limiter.js';

describe('RateLimiter (in memory)', () => {
  it('allows the limit per window and key, then refuses with the time left', async () => {
    const limiter = RateLimiter.inMemory(2, 60_000);
    await expect(limiter.take('a')).resolves.toMatchObject({ allowed: true, remaining: 1, resetSeconds: 60 });
    await expect(limiter.take('a')).resolves.toMatchObject({ allowed: true, remaining: 0 });
    const refused = await limiter.take('a');
    expect(refused).toMatchObject({ allowed: false, remaining: 0, limit: 2 });
    expect(refused.resetSeconds).toBeGreaterThanOrEqual(1);
    expect(refused.resetSeconds).toBeLessThanOrEqual(60);
    await expect(limiter.take('b')).resolves.toMatchObject({ allowed: true, remaining: 1 });
  });

  it('writes the IETF draft headers', async () => {
    const limiter = RateLimiter.inMemory(10, 60_000);
    expect(RateLimiter.headers(await limiter.take('a'))).toEqual({
      'ratelimit-policy': '"per-token";q=10;w=60',
      ratelimit: '"per-token";r=9;t=60',
    });
  });
});
