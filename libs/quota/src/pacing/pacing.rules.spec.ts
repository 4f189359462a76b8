import { describe, expect, it } from '@jest/globals';
import { resolveQuotaPolicy, type QuotaPolicyInput } from '../policy/quota.policy.js';
import type { QuotaState } from '../state/quota.state.js';
import { earliestGrantAt, rateAt } from './pacing.rules.js';

const view = (
  input: QuotaPolicyInput,
  log: number[],
  lastGrantAt: number | null,
  pause: Partial<QuotaState['pause']> = {},
  inFlightCosts: number[] = [],
): Pick<QuotaState, 'policy' | 'pacing' | 'pause' | 'inFlight'> => ({
  policy: resolveQuotaPolicy(input),
  pacing: { log, lastGrantAt },
  pause: { until: null, reason: null, rampFrom: null, ...pause },
  inFlight: Object.fromEntries(
    inFlightCosts.map((cost, i) => [
      `p${i}`,
      { permitId: `p${i}`, priority: 'interactive', cost, requester: 'test', dayKey: '2026-03-02', grantedAt: 0, leaseExpiresAt: 120_000, probe: false },
    ]),
  ),
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
    ['interactive, empty window: now', {}, 'interactive', [], null, 1, 1000, 1000],
    ['interactive takes any free token at once', {}, 'interactive', [1000], 1000, 1, 1000, 1000],
    ['interactive, window full: the oldest expires', {}, 'interactive', [0, 300, 600], 600, 1, 800, 1100],
    ['interactive batch of 3 needs an empty window', {}, 'interactive', [0], 0, 3, 10, 1100],
    ['sync is spaced ceil(1100 / 2)', {}, 'sync', [1000], 1000, 1, 1000, 1550],
    ['sync leaves one token free', {}, 'sync', [0, 500], 500, 1, 1060, 1100],
    ['sync spacing without margin: ceil(1000 / 2)', { safetyMarginMs: 0 }, 'sync', [1000], 1000, 1, 1000, 1500],
    ['backfill at 5/s: 4 per window, 275 ms apart', { ratePerSecond: 5, maxCost: 5 }, 'backfill', [1000], 1000, 1, 1100, 1275],
    ['headroom is clamped at 1/s', { ratePerSecond: 1, maxCost: 1, ramp: { startRate: 1 } }, 'backfill', [0], 0, 1, 10, 1100],
    ['a batch above what the class may hold never fits', {}, 'sync', [], null, 3, 0, Infinity],
  ] as const)('%s', (_name, input, priority, log, last, cost, now, expected) => {
    expect(earliestGrantAt(view(input, [...log], last), priority, cost, now)).toBe(expected);
  });

  it('waits for a pause, then paces at the ramped rate', () => {
    const paused = view({}, [9_000], 9_000, { until: 10_000, reason: 'rate-limited', rampFrom: 10_000 });
    expect(earliestGrantAt(paused, 'interactive', 1, 0)).toBe(10_100); // 1/s: 9,000 must leave the window
    const ramping = view({}, [10_100], 10_100, { until: null, reason: null, rampFrom: 10_000 });
    expect(earliestGrantAt(ramping, 'interactive', 1, 10_100)).toBe(11_200);
  });

  it('keeps background work out until the ramp leaves room beyond its headroom', () => {
    const v = view({}, [], 9_000, { until: 10_000, reason: 'rate-limited', rampFrom: 10_000 });
    expect(earliestGrantAt(v, 'sync', 1, 0)).toBe(20_000); // 1/s minus headroom 1 is nothing; 2/s at 20 s
  });

  it('finds the grant time across a ramp step', () => {
    // sync at 2/s has 1 token per window (30,700 at the earliest); at 30 s the rate is 3/s: 2 tokens, 550 ms apart
    const v = view({}, [29_600], 29_600, { until: null, reason: null, rampFrom: 10_000 });
    expect(earliestGrantAt(v, 'sync', 1, 29_700)).toBe(30_150);
  });

  it('counts a token in flight as live however long ago it was granted: as if done now', () => {
    // granted at 0, still unanswered at 5,000: it may reach Gong at any moment
    expect(earliestGrantAt(view({}, [4_500, 4_900], 0, {}, [1]), 'interactive', 1, 5_000)).toBe(5_600);
    expect(earliestGrantAt(view({}, [], 0, {}, [1, 1]), 'interactive', 1, 5_000)).toBe(5_000);
    expect(earliestGrantAt(view({}, [], 0, {}, [3]), 'interactive', 1, 5_000)).toBe(6_100);
  });

  it('lets a batch wait for the ramp to reach its cost', () => {
    const v = view({}, [], null, { until: null, reason: null, rampFrom: 10_000 });
    expect(earliestGrantAt(v, 'interactive', 3, 10_000)).toBe(30_000);
  });
});
