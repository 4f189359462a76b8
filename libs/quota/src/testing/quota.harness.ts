import type { QuotaPriority, QuotaReportStatus } from '@gong-connector/contracts';
import { cancel, confirmPersisted, decide, report, schedule } from '../core/quota.core.js';
import type { QuotaDecision, QuotaGrant, QuotaQueued, QuotaRefusal, QuotaTransition } from '../decision/quota.decision.js';
import { resolveQuotaPolicy, type QuotaPolicyInput } from '../policy/quota.policy.js';
import { restoreQuotaState, snapshotToPersist, type QuotaSnapshot } from '../snapshot/quota.snapshot.js';
import type { QuotaRequest, QuotaState } from '../state/quota.state.js';

export const T0 = Date.UTC(2026, 2, 2, 12, 0, 0); // Monday 2026-03-02 12:00:00 UTC

export interface HarnessOptions {
  now?: number;
  snapshot?: QuotaSnapshot | null;
  /** Confirm every requested snapshot at once (default true). */
  autoPersist?: boolean;
  /**
   * Report each grant with 200 this long after it (default 0: at the instant it is granted, as if
   * Gong answered at once), unless the test reports it first. null: only the test reports, and an
   * unreported permit stays in flight (its tokens live) until its lease ends.
   */
  reportAfterMs?: number | null;
}

/**
 * A test driver playing the broker app: holds the state and a virtual clock, applies transitions,
 * follows `wakeAt` when time advances, and records every final decision. Test-only; no timers.
 */
export function createHarness(policyInput: QuotaPolicyInput = {}, options: HarnessOptions = {}) {
  const policy = resolveQuotaPolicy(policyInput);
  const h = {
    policy,
    now: options.now ?? T0,
    state: undefined as unknown as QuotaState,
    wakeAt: null as number | null,
    autoPersist: options.autoPersist ?? true,
    stored: options.snapshot ?? null,
    pendingPersist: null as QuotaSnapshot | null,
    decisions: new Map<string, QuotaDecision>(),
    grants: [] as QuotaGrant[],
    refusals: [] as QuotaRefusal[],
    seq: 0,
    /** Auto-reports not yet made: permit id → when (see `reportAfterMs`). */
    dueReports: new Map<string, number>(),

    apply(t: QuotaTransition): void {
      h.state = t.next;
      for (const x of t.settled) h.record(x);
      h.wakeAt = t.wakeAt;
      if (h.wakeAt !== null && h.wakeAt <= h.now) throw new Error(`wakeAt ${h.wakeAt} is not after now ${h.now}`);
      h.pendingPersist = t.persist;
      if (t.persist && h.autoPersist) h.persistNow();
    },
    record(x: QuotaDecision): void {
      if (h.decisions.has(x.id)) throw new Error(`decided twice: ${x.id}`);
      h.decisions.set(x.id, x);
      if (x.kind === 'grant') {
        h.grants.push(x);
        const after = options.reportAfterMs === undefined ? 0 : options.reportAfterMs;
        if (after !== null) h.dueReports.set(x.id, x.grantedAt + after);
      } else h.refusals.push(x);
    },
    /** Writes the pending snapshot (GREATEST per day) and confirms it. */
    persistNow(): void {
      const snap = h.pendingPersist;
      if (!snap) return;
      h.pendingPersist = null;
      h.stored =
        h.stored && h.stored.dayKey === snap.dayKey
          ? { ...snap, used: Math.max(h.stored.used, snap.used) }
          : h.stored && h.stored.dayKey > snap.dayKey
            ? h.stored
            : snap;
      h.apply(confirmPersisted(h.state, snap, h.now));
    },
    acquire(
      priority: QuotaPriority,
      opts: Partial<Omit<QuotaRequest, 'priority'>> & { maxWaitMs?: number } = {},
    ): QuotaDecision | QuotaQueued {
      h.flushReports(h.now);
      const id = opts.id ?? `${priority}-${++h.seq}`;
      const t = decide(
        h.state,
        {
          id,
          priority,
          cost: opts.cost ?? 1,
          requester: opts.requester ?? 'test',
          deadline: opts.deadline ?? h.now + (opts.maxWaitMs ?? 60_000),
        },
        h.now,
      );
      h.apply(t);
      if (t.decision.kind !== 'queued') h.record(t.decision);
      return t.decision;
    },
    report(permitId: string, status: QuotaReportStatus, retryAfterSeconds?: number): boolean {
      h.dueReports.delete(permitId);
      const t = report(h.state, { permitId, status, ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }) }, h.now);
      h.apply(t);
      return t.known;
    },
    /** Makes the auto-reports due at or before `upTo`, each at its time (or now, if later). */
    flushReports(upTo: number): void {
      for (;;) {
        let next: [string, number] | null = null;
        for (const e of h.dueReports) if (e[1] <= upTo && (next === null || e[1] < next[1])) next = e;
        if (next === null) return;
        h.dueReports.delete(next[0]);
        h.now = Math.max(h.now, next[1]);
        h.apply(report(h.state, { permitId: next[0], status: 200 }, h.now));
      }
    },
    cancel(id: string): boolean {
      h.flushReports(h.now);
      const t = cancel(h.state, id, h.now);
      h.apply(t);
      return t.cancelled;
    },
    /** Moves the clock to `to`, calling `schedule` at every `wakeAt` on the way (like the app's timer). */
    advanceTo(to: number): void {
      for (;;) {
        h.flushReports(Math.min(to, h.wakeAt ?? Infinity));
        if (h.wakeAt === null || h.wakeAt > to) break;
        h.now = Math.max(h.now, h.wakeAt);
        h.apply(schedule(h.state, h.now));
      }
      h.now = Math.max(h.now, to);
    },
    advanceBy(ms: number): void {
      h.advanceTo(h.now + ms);
    },
    /** Runs `schedule` at the current time (as a timer firing would). */
    tick(): void {
      h.flushReports(h.now);
      h.apply(schedule(h.state, h.now));
    },
    decision(id: string): QuotaDecision | undefined {
      return h.decisions.get(id);
    },
  };
  h.state = restoreQuotaState(policy, h.stored, h.now);
  const first = snapshotToPersist(h.state, h.now);
  h.pendingPersist = first;
  if (first && h.autoPersist) h.persistNow();
  return h;
}

export type Harness = ReturnType<typeof createHarness>;

/** The largest number of grant times (tokens) inside any half-open window [t, t + windowMs). */
export function maxInAnyWindow(times: readonly number[], windowMs = 1000): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  let lo = 0;
  for (let hi = 0; hi < sorted.length; hi++) {
    while (sorted[hi] - sorted[lo] >= windowMs) lo++;
    best = Math.max(best, hi - lo + 1);
  }
  return best;
}

/** One entry per token of each grant. */
export function tokenTimes(grants: readonly QuotaGrant[]): number[] {
  return grants.flatMap((g) => Array.from({ length: g.cost }, () => g.grantedAt));
}

/** A small deterministic PRNG (mulberry32) for simulations. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
