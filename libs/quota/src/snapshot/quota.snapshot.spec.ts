import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { QUOTA_PRIORITIES, type QuotaReportStatus } from '@gong-connector/contracts';
import { confirmPersisted, decide } from '../core/quota.core.js';
import type { QuotaGrant } from '../decision/quota.decision.js';
import { budgetDayOf } from '../budget/budget-day.calendar.js';
import { resolveQuotaPolicy } from '../policy/quota.policy.js';
import { createHarness, T0, type Harness } from '../testing/quota.harness.js';
import { QuotaSnapshotSchema, restoreQuotaState, snapshotToPersist, type QuotaSnapshot } from './quota.snapshot.js';

const DAY = '2026-03-02';
const FAST = { ratePerSecond: 100, maxCost: 3, safetyMarginMs: 0 } as const;

describe('write-ahead persistence', () => {
  it('grants nothing until the first snapshot is confirmed stored', () => {
    const policy = resolveQuotaPolicy();
    const state = restoreQuotaState(policy, null, T0);
    expect(snapshotToPersist(state, T0)).toEqual({ version: 1, dayKey: DAY, used: 50, pausedUntil: null });
    const t = decide(state, { id: 'a', priority: 'interactive', cost: 1, requester: 't', deadline: T0 + 1000 }, T0);
    expect(t.decision).toMatchObject({ kind: 'queued' });
    expect(t.persist).toEqual({ version: 1, dayKey: DAY, used: 50, pausedUntil: null });
    const c = confirmPersisted(t.next, t.persist!, T0 + 5);
    expect(c.settled).toMatchObject([{ id: 'a', kind: 'grant', waitedMs: 5 }]);
    expect(c.persist).toBeNull();
  });

  it('asks to write ahead once fewer than `renewBelow` are left, and stops at the stored spend', () => {
    const h = createHarness({ ...FAST, persistence: { aheadBy: 10, renewBelow: 4 } }, { autoPersist: false });
    expect(h.pendingPersist).toMatchObject({ used: 10 });
    h.persistNow();
    for (let i = 0; i < 15; i++) {
      h.acquire('interactive', { id: `r${i}`, maxWaitMs: 600_000 });
      h.advanceBy(10);
    }
    expect(h.grants).toHaveLength(10);
    expect(h.pendingPersist).toMatchObject({ used: 20 });
    expect(h.state.queues.interactive).toHaveLength(5);
    h.persistNow();
    h.advanceBy(100);
    expect(h.grants).toHaveLength(15);
    expect(h.stored).toMatchObject({ dayKey: DAY, used: 20 });
  });

  it('never asks beyond the daily limit', () => {
    const h = createHarness({ ...FAST, dailyLimit: 12, minRemaining: { sync: 0, backfill: 0 }, persistence: { aheadBy: 10, renewBelow: 4 } });
    for (let i = 0; i < 14; i++) {
      h.acquire('interactive', { maxWaitMs: 600_000 });
      h.advanceBy(10);
    }
    expect(h.grants).toHaveLength(12);
    expect(h.stored?.used).toBe(12);
  });

  it('persists a Gong pause so it survives a restart', () => {
    const h = createHarness();
    h.acquire('interactive', { id: 'p' });
    h.report('p', 429, 4800);
    expect(h.stored).toMatchObject({ dayKey: DAY, pausedUntil: T0 + 4_800_000 });
    const restarted = createHarness({}, { now: T0 + 60_000, snapshot: h.stored });
    expect(restarted.state.pause).toMatchObject({ until: T0 + 4_800_000, reason: 'rate-limited' });
    expect(restarted.acquire('interactive', { maxWaitMs: 10_000 })).toMatchObject({ kind: 'refusal', code: 'QUOTA_PAUSED' });
  });

  it('ignores a confirmation for another day', () => {
    const h = createHarness();
    const before = h.state.budget.durable;
    const t = confirmPersisted(h.state, { version: 1, dayKey: '2026-03-01', used: 9000, pausedUntil: null }, h.now);
    expect(t.next.budget.durable).toBe(before);
  });
});

describe('restoreQuotaState', () => {
  const policy = resolveQuotaPolicy();

  it.each([
    ['no snapshot: a first start', null, 0, null],
    ['today: the stored bound', { version: 1, dayKey: DAY, used: 4321, pausedUntil: null }, 4321, 'restart'],
    ['yesterday: a new day', { version: 1, dayKey: '2026-03-01', used: 9999, pausedUntil: null }, 0, 'restart'],
    ['above the limit: capped', { version: 1, dayKey: DAY, used: 12_000, pausedUntil: null }, 10_000, 'restart'],
    ['a stored pause still running', { version: 1, dayKey: DAY, used: 10, pausedUntil: T0 + 60_000 }, 10, 'rate-limited'],
    ['a stored pause already over', { version: 1, dayKey: DAY, used: 10, pausedUntil: T0 - 1 }, 10, 'restart'],
  ] as const)('%s', (_name, snapshot, used, pauseReason) => {
    const state = restoreQuotaState(policy, snapshot, T0);
    expect(state.budget).toMatchObject({ dayKey: DAY, used, durable: used });
    expect(state.pause.reason).toBe(pauseReason);
  });

  it('keeps quiet after a restart, then ramps up from 1/s', () => {
    const h = createHarness({}, { snapshot: { version: 1, dayKey: DAY, used: 100, pausedUntil: null } });
    for (let i = 0; i < 5; i++) h.acquire('interactive', { maxWaitMs: 60_000 });
    h.acquire('backfill', { id: 'background', maxWaitMs: 60_000 });
    h.advanceBy(20_000);
    expect(h.grants.slice(0, 5).map((g) => g.grantedAt - T0)).toEqual([1_100, 2_200, 3_300, 4_400, 5_500]);
    expect(h.decision('background')).toMatchObject({ kind: 'grant' }); // once the ramp reaches 2/s
    expect(h.state.budget.used).toBe(106);
  });

  it('validates stored snapshots', () => {
    expect(QuotaSnapshotSchema.safeParse({ version: 1, dayKey: DAY, used: 5, pausedUntil: null }).success).toBe(true);
    expect(QuotaSnapshotSchema.safeParse({ version: 2, dayKey: DAY, used: 5, pausedUntil: null }).success).toBe(false);
    expect(QuotaSnapshotSchema.safeParse({ version: 1, dayKey: '2.3.2026', used: 5, pausedUntil: null }).success).toBe(false);
  });
});

describe('restarts never overrun the daily budget (property)', () => {
  type Op =
    | { kind: 'acquire'; priority: number; cost: number }
    | { kind: 'advance'; ms: number }
    | { kind: 'report'; pick: number; status: QuotaReportStatus }
    | { kind: 'persist' }
    | { kind: 'write-then-crash' }
    | { kind: 'crash' };

  const op: fc.Arbitrary<Op> = fc.oneof(
    { weight: 6, arbitrary: fc.record({ kind: fc.constant('acquire' as const), priority: fc.nat(3), cost: fc.integer({ min: 1, max: 3 }) }) },
    { weight: 4, arbitrary: fc.record({ kind: fc.constant('advance' as const), ms: fc.integer({ min: 0, max: 2_000 }) }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('advance' as const), ms: fc.integer({ min: 0, max: 8 * 3_600_000 }) }) },
    {
      weight: 3,
      arbitrary: fc.record({
        kind: fc.constant('report' as const),
        pick: fc.nat(),
        status: fc.constantFrom<QuotaReportStatus>(200, 200, 500, 429, 'transport-error', 'not-sent'),
      }),
    },
    { weight: 3, arbitrary: fc.constant({ kind: 'persist' as const }) },
    { weight: 1, arbitrary: fc.constant({ kind: 'write-then-crash' as const }) },
    { weight: 1, arbitrary: fc.constant({ kind: 'crash' as const }) },
  );

  it('keeps requests sent per day ≤ the limit and ≤ the stored bound, whatever the crash timing', () => {
    const policyInput = {
      ...FAST,
      dailyLimit: 25,
      minRemaining: { sync: 5, backfill: 10 },
      persistence: { aheadBy: 6, renewBelow: 3 },
      pause: { maxMs: 30_000 },
    };
    const policy = resolveQuotaPolicy(policyInput);
    fc.assert(
      fc.property(fc.array(op, { minLength: 50, maxLength: 400 }), (ops) => {
        let stored: QuotaSnapshot | null = null;
        let h: Harness = createHarness(policyInput, { autoPersist: false });
        const sent = new Map<string, number>();
        let live: QuotaGrant[] = [];
        let granted = 0;
        const book = () => {
          for (const g of h.grants.slice(granted)) {
            const day = budgetDayOf(policy, g.grantedAt).key;
            sent.set(day, (sent.get(day) ?? 0) + g.cost);
            live.push(g);
          }
          granted = h.grants.length;
        };
        const write = () => {
          const snap = h.pendingPersist;
          if (!snap) return null;
          stored =
            stored && stored.dayKey === snap.dayKey ? { ...snap, used: Math.max(stored.used, snap.used) } : stored && stored.dayKey > snap.dayKey ? stored : snap;
          return snap;
        };
        const restart = () => {
          h = createHarness(policyInput, { now: h.now, snapshot: stored, autoPersist: false });
          live = [];
          granted = 0;
        };
        for (const o of ops) {
          if (o.kind === 'acquire') h.acquire(QUOTA_PRIORITIES[o.priority], { cost: o.cost, maxWaitMs: 5_000 });
          else if (o.kind === 'advance') h.advanceBy(o.ms);
          else if (o.kind === 'report' && live.length > 0) {
            const g = live.splice(o.pick % live.length, 1)[0];
            const known = h.report(g.permitId, o.status, o.status === 429 ? 1 : undefined);
            const day = budgetDayOf(policy, g.grantedAt).key;
            if (known && o.status === 'not-sent' && day === h.state.budget.dayKey) sent.set(day, sent.get(day)! - g.cost);
          } else if (o.kind === 'persist') {
            const snap = write();
            if (snap) {
              h.stored = stored;
              h.pendingPersist = snap;
              h.persistNow();
            }
          } else if (o.kind === 'write-then-crash') {
            write();
            restart();
          } else if (o.kind === 'crash') restart();
          book();
          for (const [day, n] of sent) {
            expect(n).toBeLessThanOrEqual(policy.dailyLimit);
            const s = stored as QuotaSnapshot | null;
            if (s?.dayKey === day) expect(n).toBeLessThanOrEqual(s.used);
          }
          const today = budgetDayOf(policy, h.now).key;
          if (sent.get(today)) expect((stored as QuotaSnapshot | null)?.dayKey).toBe(today);
        }
      }),
      { numRuns: 150 },
    );
  });
});
