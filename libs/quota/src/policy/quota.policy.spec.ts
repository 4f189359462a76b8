import { describe, expect, it } from '@jest/globals';
import { resolveQuotaPolicy, windowMsOf } from './quota.policy.js';

describe('QuotaPolicy', () => {
  it('defaults to Gong’s documented limits and the documented reserves', () => {
    const p = resolveQuotaPolicy();
    expect(p.ratePerSecond).toBe(3);
    expect(p.dailyLimit).toBe(10_000);
    expect(p.minRemaining).toEqual({ interactive: 0, 'post-call': 0, sync: 1500, backfill: 1500 });
    expect(p.dayBoundary).toEqual({ utcOffsetMinutes: 0, hour: 0 });
    expect(p.breaker.passes).toEqual(['interactive', 'post-call']);
    expect(windowMsOf(p)).toBe(1100);
  });

  it('keeps the defaults of fields left out of a partial section', () => {
    const p = resolveQuotaPolicy({ minRemaining: { sync: 2000 }, ramp: { stepMs: 5000 } });
    expect(p.minRemaining).toEqual({ interactive: 0, 'post-call': 0, sync: 2000, backfill: 1500 });
    expect(p.ramp).toEqual({ startRate: 1, step: 1, stepMs: 5000 });
  });

  it.each([
    [{ maxCost: 4 }, 'maxCost'],
    [{ ratePerSecond: 2 }, 'maxCost'],
    [{ ratePerSecond: 2, maxCost: 2, ramp: { startRate: 3 } }, 'ramp.startRate'],
    [{ persistence: { aheadBy: 10, renewBelow: 10 } }, 'persistence.renewBelow'],
    [{ dailyLimit: 1000 }, 'minRemaining.sync'],
    [{ ratePerSecond: 2.5 }, 'ratePerSecond'],
    [{ floorShare: { backfill: 0.9 } }, 'floorShare.backfill'],
    [{ dayBoundary: { hour: 24 } }, 'dayBoundary.hour'],
  ])('rejects %j at %s', (input, path) => {
    const r = (() => {
      try {
        resolveQuotaPolicy(input);
        return [];
      } catch (e) {
        return (e as { issues: { path: PropertyKey[] }[] }).issues.map((i) => i.path.join('.'));
      }
    })();
    expect(r).toContain(path);
  });
});
