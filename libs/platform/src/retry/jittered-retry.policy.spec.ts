import { describe, expect, it } from '@jest/globals';
import { JitteredRetry } from './jittered-retry.policy.js';

class Transient extends Error {
  constructor(readonly retryAfterMs?: number) {
    super('transient');
  }
}

describe('JitteredRetry', () => {
  it('retries what may pass within the attempt budget, with a jittered exponential wait', async () => {
    const waits: number[] = [];
    let calls = 0;
    const policy = JitteredRetry.policy({
      attempts: 4,
      baseDelayMs: 8,
      maxDelayMs: 1_000,
      retryWhen: (e) => e instanceof Transient,
      onRetry: ({ delayMs }) => waits.push(delayMs),
    });
    await expect(
      policy.execute(async () => {
        calls += 1;
        if (calls < 4) throw new Transient();
        return 'ok';
      }),
    ).resolves.toBe('ok');
    expect(calls).toBe(4);
    // the n-th wait is drawn in [base·2^(n-1)/2, base·2^(n-1))
    expect(waits).toHaveLength(3);
    waits.forEach((w, i) => {
      expect(w).toBeGreaterThanOrEqual((8 * 2 ** i) / 2);
      expect(w).toBeLessThan(8 * 2 ** i);
    });
  });

  it('gives up after the budget, and at once on a failure that cannot pass', async () => {
    let calls = 0;
    const policy = JitteredRetry.policy({ attempts: 3, baseDelayMs: 1, maxDelayMs: 5, retryWhen: (e) => e instanceof Transient });
    await expect(
      policy.execute(async () => {
        calls += 1;
        throw new Transient();
      }),
    ).rejects.toBeInstanceOf(Transient);
    expect(calls).toBe(3);
    calls = 0;
    await expect(
      policy.execute(async () => {
        calls += 1;
        throw new Error('bad request');
      }),
    ).rejects.toThrow('bad request');
    expect(calls).toBe(1);
  });

  it('waits what the failure asks for (a Retry-After), capped by the budget', async () => {
    const waits: number[] = [];
    let calls = 0;
    const policy = JitteredRetry.policy({
      attempts: 3,
      baseDelayMs: 1,
      maxDelayMs: 30,
      retryWhen: (e) => e instanceof Transient,
      delayHintMs: (e) => (e as Transient).retryAfterMs,
      onRetry: ({ delayMs }) => waits.push(delayMs),
    });
    await policy.execute(async () => {
      calls += 1;
      if (calls === 1) throw new Transient(20);
      if (calls === 2) throw new Transient(60_000);
      return 'ok';
    });
    expect(waits).toEqual([20, 30]);
  });

  it('stops waiting when aborted', async () => {
    const controller = new AbortController();
    const policy = JitteredRetry.policy({ attempts: 5, baseDelayMs: 60_000, maxDelayMs: 60_000, retryWhen: () => true, onRetry: () => controller.abort() });
    await expect(policy.execute(async () => Promise.reject(new Transient()), controller.signal)).rejects.toThrow();
  });

  it('draws the n-th wait of a stored schedule (webhook redeliveries) in the same bounds', () => {
    for (let n = 1; n <= 12; n++) {
      const cap = Math.min(300_000, 1_000 * 2 ** (n - 1));
      for (let i = 0; i < 20; i++) {
        const d = JitteredRetry.delayMs(n, { baseDelayMs: 1_000, maxDelayMs: 300_000 });
        expect(d).toBeGreaterThanOrEqual(Math.floor(cap / 2));
        expect(d).toBeLessThan(cap);
      }
    }
  });
});
