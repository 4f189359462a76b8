import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { QUOTA_PRIORITIES, type QuotaPriority, type QuotaReportStatus } from '@gong-connector/contracts';
import { budgetDayOf } from '../budget/budget-day.calendar.js';
import type { QuotaGrant } from '../decision/quota.decision.js';
import { createHarness, maxInAnyWindow, T0, tokenTimes } from '../testing/quota.harness.js';

interface Arrival {
  gapMs: number;
  priority: number;
  cost: number;
  maxWaitMs: number;
  /** What the requester reports for it, and after how long. */
  status: QuotaReportStatus;
  reportAfterMs: number;
}

const arrival: fc.Arbitrary<Arrival> = fc.record({
  gapMs: fc.oneof(fc.integer({ min: 0, max: 50 }), fc.integer({ min: 0, max: 3_000 })),
  priority: fc.nat(3),
  cost: fc.oneof({ weight: 4, arbitrary: fc.constant(1) }, { weight: 1, arbitrary: fc.integer({ min: 2, max: 3 }) }),
  maxWaitMs: fc.oneof(fc.integer({ min: 1, max: 1_000 }), fc.integer({ min: 1_000, max: 120_000 })),
  status: fc.constantFrom<QuotaReportStatus>(200, 200, 200, 200, 404, 500, 429, 'transport-error', 'not-sent'),
  reportAfterMs: fc.integer({ min: 1, max: 5_000 }),
});

const policyArb = fc.record({
  ratePerSecond: fc.integer({ min: 1, max: 5 }),
  safetyMarginMs: fc.constantFrom(0, 1, 100, 250),
  dailyLimit: fc.integer({ min: 8, max: 60 }),
});

describe('core properties', () => {
  it('never exceeds the rate in any 1 s window, never grants late, in a pause, or past the budget; decides every request once', () => {
    fc.assert(
      fc.property(policyArb, fc.array(arrival, { minLength: 1, maxLength: 150 }), (p, arrivals) => {
        const policy = {
          ...p,
          maxCost: p.ratePerSecond,
          minRemaining: { sync: Math.floor(p.dailyLimit / 4), backfill: Math.floor(p.dailyLimit / 2) },
          persistence: { aheadBy: 7, renewBelow: 3 },
          pause: { maxMs: 20_000 },
          breaker: { coolDownMs: 15_000 },
          ramp: { startRate: 1, stepMs: 2_000 },
        };
        const h = createHarness(policy, { reportAfterMs: null });
        const deadlines = new Map<string, number>();
        const pauses: { afterGrants: number; until: number }[] = [];
        const reports: { at: number; id: string; a: Arrival }[] = [];
        /** When each permit's report was taken (its requests reached Gong between grant and then). */
        const doneAt = new Map<string, number>();
        let reported = 0;
        const refunds: { afterGrants: number; cost: number; day: string }[] = [];
        const collect = () => {
          for (const g of h.grants.slice(reported)) {
            const a = arrivals[Number(g.id.slice(1))];
            reports.push({ at: g.grantedAt + a.reportAfterMs, id: g.id, a });
          }
          reported = h.grants.length;
          reports.sort((x, y) => x.at - y.at);
        };
        /** Plays timer firings and reports in time order up to `until` (a timer first on a tie). */
        const runTo = (until: number) => {
          for (;;) {
            const nextReport = reports[0]?.at ?? Infinity;
            const nextWake = h.wakeAt ?? Infinity;
            if (Math.min(nextReport, nextWake) > until) break;
            if (nextWake <= nextReport) {
              h.advanceTo(nextWake);
              collect();
              continue;
            }
            const r = reports.shift()!;
            h.advanceTo(r.at);
            collect();
            const grantsSoFar = h.grants.length;
            const known = h.report(r.id, r.a.status, r.a.status === 429 ? 3 : undefined);
            if (known) doneAt.set(r.id, h.now);
            const g = h.grants.find((x) => x.id === r.id)!;
            const sameDay = budgetDayOf(h.policy, g.grantedAt).key === budgetDayOf(h.policy, h.now).key;
            if (known && r.a.status === 'not-sent' && sameDay)
              refunds.push({ afterGrants: grantsSoFar, cost: g.cost, day: budgetDayOf(h.policy, h.now).key });
            if (r.a.status === 429) pauses.push({ afterGrants: grantsSoFar, until: h.now + 3_000 });
            collect();
          }
          h.advanceTo(until);
          collect();
        };
        let t = T0;
        arrivals.forEach((a, i) => {
          t += a.gapMs;
          runTo(t);
          const id = `r${i}`;
          deadlines.set(id, h.now + a.maxWaitMs);
          h.acquire(QUOTA_PRIORITIES[a.priority], { id, cost: a.cost, maxWaitMs: a.maxWaitMs });
          collect();
        });
        for (let guard = 0; guard < 10_000 && (reports.length > 0 || h.wakeAt !== null); guard++)
          runTo(Math.min(reports[0]?.at ?? Infinity, h.wakeAt ?? Infinity));

        expect(h.decisions.size).toBe(arrivals.length);
        // a permit reported not-sent gave its tokens back: only sent ones count at Gong
        const tokens = tokenTimes(h.grants.filter((g) => !(arrivals[Number(g.id.slice(1))].status === 'not-sent' && doneAt.has(g.id))));
        expect(maxInAnyWindow(tokens, 1000)).toBeLessThanOrEqual(p.ratePerSecond);
        expect(maxInAnyWindow(tokens, 1000 + p.safetyMarginMs)).toBeLessThanOrEqual(p.ratePerSecond);
        // Whenever each request reached Gong between its grant and its report (or its lease end),
        // no 1-second window holds more than the rate: a token granted at g can share a window
        // with an earlier one only if g − 1000 < that one's done time.
        const sent = h.grants
          .filter((g) => !(arrivals[Number(g.id.slice(1))].status === 'not-sent' && doneAt.has(g.id)))
          .map((g) => ({ g: g.grantedAt, cost: g.cost, done: doneAt.get(g.id) ?? g.leaseExpiresAt }));
        for (const k of sent) {
          const live = sent.filter((j) => j !== k && j.g <= k.g && j.done > k.g - 1000).reduce((n, j) => n + j.cost, 0);
          expect(live + k.cost).toBeLessThanOrEqual(p.ratePerSecond);
        }
        h.grants.forEach((g, index) => {
          expect(g.grantedAt).toBeLessThan(deadlines.get(g.id)!);
          // a grant that came after a 429 report is not inside that report's pause
          for (const pause of pauses) if (index >= pause.afterGrants) expect(g.grantedAt >= pause.until).toBe(true);
        });
        // budget: per day, what a class was granted fits under its reserve
        const perDay = new Map<string, QuotaGrant[]>();
        for (const g of h.grants) {
          const day = budgetDayOf(h.policy, g.grantedAt).key;
          perDay.set(day, [...(perDay.get(day) ?? []), g]);
        }
        for (const [day, grants] of perDay) {
          let used = 0;
          for (const g of grants) {
            used += g.cost;
            const index = h.grants.indexOf(g);
            const refunded = refunds.filter((r) => r.day === day && r.afterGrants <= index).reduce((n, r) => n + r.cost, 0);
            expect(used - refunded).toBeLessThanOrEqual(p.dailyLimit - h.policy.minRemaining[g.priority]);
          }
        }
      }),
      { numRuns: 200 },
    );
  });

  it.each(['post-call', 'sync', 'backfill'] as const)(
    '%s never starves: it gets its floor share whatever floods above it',
    (low) => {
      fc.assert(
        fc.property(
          fc.double({ min: 0.02, max: 0.5, noNaN: true }),
          fc.array(fc.constantFrom<QuotaPriority>('interactive', 'post-call', 'sync'), { minLength: 1, maxLength: 5 }),
          (share, floodMix) => {
            const flooders = floodMix.filter((p) => QUOTA_PRIORITIES.indexOf(p) < QUOTA_PRIORITIES.indexOf(low));
            fc.pre(flooders.length > 0);
            const h = createHarness({
              floorShare: { [low]: share },
              ratePerSecond: 3,
              dailyLimit: 100_000,
              minRemaining: { sync: 0, backfill: 0 },
            });
            for (let i = 0; i < 150; i++) h.acquire(low, { maxWaitMs: 24 * 3_600_000 });
            const total = 200;
            let k = 0;
            const refill = () => {
              for (const p of flooders) while (h.state.queues[p].length < 2) h.acquire(flooders[k++ % flooders.length], { maxWaitMs: 24 * 3_600_000 });
            };
            refill();
            while (h.grants.length < total) {
              h.advanceTo(h.wakeAt!);
              refill();
            }
            const lowGrants = h.grants.slice(0, total).filter((g) => g.priority === low).length;
            expect(lowGrants).toBeGreaterThanOrEqual(Math.floor(share * total) - 2);
          },
        ),
        { numRuns: 40 },
      );
    },
  );
});
