import { describe, expect, it } from '@jest/globals';
import { backoffDelayMs, DEFAULT_RETRY_POLICY } from './retry.policy.js';

describe('backoffDelayMs (full jitter)', () => {
  const policy = { maxAttempts: 5, baseDelayMs: 100, maxDelayMs: 1000 };

  it.each([
    [1, 0.5, 50],
    [2, 0.5, 100],
    [3, 0.5, 200],
    [4, 0.999, 799],
    [5, 0.5, 500], // capped at maxDelayMs
    [9, 0.5, 500],
    [3, 0, 0],
  ])('retry %i with random %f waits %i ms', (retry, random, expected) => {
    expect(backoffDelayMs(retry, policy, () => random)).toBe(expected);
  });

  it('stays below the exponential cap for any random value', () => {
    for (let retry = 1; retry <= 10; retry += 1) {
      const cap = Math.min(DEFAULT_RETRY_POLICY.maxDelayMs, DEFAULT_RETRY_POLICY.baseDelayMs * 2 ** (retry - 1));
      expect(backoffDelayMs(retry, DEFAULT_RETRY_POLICY, () => 0.999999)).toBeLessThan(cap);
    }
  });
});
