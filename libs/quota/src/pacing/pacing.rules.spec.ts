import { describe, expect, it } from '@jest/globals';
import { resolveQuotaPolicy, type QuotaPolicyInput } from '../policy/quota.policy.js';
import type { QuotaState } from '../state/quota.state.js';
import { earliestGrantAt, rateAt } from './pacing.rules.js';

const view = (
  input: QuotaPolicyInput,
  log: number[],
  lastGrantAt: number | null,
  pause: Partial<QuotaState['pause']> = {},
): Pick<QuotaState, 'policy' | 'pacing' | 'pause'> => ({
  policy: resolveQuotaPolicy(input),
  pacing: { log, lastGrantAt },
  pause: { until: null, reason: null, rampFrom: null, ...pause },
});

describe('rateAt', () => {
  const policy = resolveQuotaPolicy({ ramp: { startRate: 1, step: 1, stepMs: 10_000 } });
  const pause = { until: 5_000, reason: 'rate-limited' as const, rampFrom: 5_000 };
  it.each([
    [0, 0],
    [4_999, 0],
    [5_000, 1],
    [14_999, 1],
    [15_000, 2],
    [25_000, 3],
    [1_000_000, 3],
  ])('at %i ms the rate is %i/s', (t, rate) => {
    expect(rateAt(policy, pause, t)).toBe(rate);
  });
  it('is the full rate without a ramp', () => {
    expect(rateAt(policy, { until: null, reason: null, rampFrom: null }, 0)).toBe(3);
  });
});

describe('earliestGrantAt', () => {
  it.each([
    ['empty: now', {}, [], null, 1, 1000, 1000],
    ['spacing ceil(1100/3)', {}, [1000], 1000, 1, 1000, 1367],
    ['spacing without margin', { safetyMarginMs: 0 }, [1000], 1000, 1, 1000, 1334],
    ['spacing at 5/s', { ratePerSecond: 5, maxCost: 5 }, [1000], 1000, 1, 1100, 1220],
    ['window full: oldest expires', {}, [0, 300, 600], 600, 1, 800, 1100],
    ['spacing dominates the window', {}, [0, 367, 734], 734, 1, 800, 1101],
    ['batch needs 3 free slots', {}, [0], 0, 3, 10, 1100],
    ['batch of 2 after one: oldest must expire', {}, [0, 367], 367, 2, 734, 1100],
    ['batch above the rate never fits', { ratePerSecond: 2, maxCost: 2 }, [], null, 3, 0, Infinity],
  ] as const)('%s', (_name, input, log, last, cost, now, expected) => {
    expect(earliestGrantAt(view(input, [...log], last), cost, now)).toBe(expected);
  });

  it('waits for a pause, then applies the ramped (slower) spacing', () => {
    const v = view({}, [], 9_000, { until: 10_000, reason: 'rate-limited', rampFrom: 10_000 });
    expect(earliestGrantAt(v, 1, 0)).toBe(10_100); // 9,000 + 1,100 at 1/s
    const v2 = view({}, [10_100], 10_100, { until: null, reason: null, rampFrom: 10_000 });
    expect(earliestGrantAt(v2, 1, 10_100)).toBe(11_200);
  });

  it('finds the grant time across a ramp step', () => {
    // At 1/s the next grant would be at 19,600 + 1,100 = 20,700, but at 20,000 the rate is 2/s (spacing 550).
    const v = view({}, [19_600], 19_600, { until: null, reason: null, rampFrom: 10_000 });
    expect(earliestGrantAt(v, 1, 19_700)).toBe(20_150);
  });

  it('lets a batch wait for the ramp to reach its cost', () => {
    const v = view({}, [], null, { until: null, reason: null, rampFrom: 10_000 });
    expect(earliestGrantAt(v, 3, 10_000)).toBe(30_000);
  });
});
