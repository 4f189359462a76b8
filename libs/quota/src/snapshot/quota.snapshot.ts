import { z } from 'zod';
import { budgetDayOf } from '../budget/budget-day.calendar.js';
import { advanceBudget } from '../budget/budget.rules.js';
import type { QuotaPolicy } from '../policy/quota.policy.js';
import { draftOf, type QuotaState } from '../state/quota.state.js';

/**
 * What the broker stores durably (one small row): the budget day, the day's spend as an upper
 * bound, and the end of a Gong pause. Store it with `used = GREATEST(stored.used, new.used)` for
 * the same `dayKey` (writes may land out of order); a newer `dayKey` replaces an older one.
 *
 * `used` runs AHEAD of real grants (write-ahead by `persistence.aheadBy`): the core never grants
 * past the value it has been told is stored (`confirmPersisted`), so after a crash the stored
 * value is always ≥ what was really granted, and a restart cannot overrun the day's budget.
 */
export const QuotaSnapshotSchema = z.object({
  version: z.literal(1),
  dayKey: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  used: z.number().int().nonnegative(),
  /** Epoch ms, or null when no pause is in force. */
  pausedUntil: z.number().int().nonnegative().nullable(),
});
export type QuotaSnapshot = z.infer<typeof QuotaSnapshotSchema>;

/**
 * The snapshot to write now, or null when the stored one suffices: when fewer than
 * `persistence.renewBelow` grants are left before the stored spend (or the day rolled over), or a
 * Gong pause outlasts the stored one.
 */
export function snapshotToPersist(state: QuotaState, now: number): QuotaSnapshot | null {
  const d = draftOf(state);
  advanceBudget(d, now);
  const { policy, budget, pause } = d;
  const target = Math.min(policy.dailyLimit, budget.used + policy.persistence.aheadBy);
  const budgetDue = budget.durable - budget.used < policy.persistence.renewBelow && target > budget.durable;
  const pausedUntil = pause.reason === 'rate-limited' && pause.until !== null && pause.until > now ? pause.until : null;
  const pauseDue = pausedUntil !== null && (budget.durablePausedUntil === null || pausedUntil > budget.durablePausedUntil);
  if (!budgetDue && !pauseDue) return null;
  return {
    version: 1,
    dayKey: budget.dayKey,
    used: Math.max(budget.durable, budgetDue ? target : budget.used),
    pausedUntil: pausedUntil ?? budget.durablePausedUntil,
  };
}

/**
 * The state to start from. With no snapshot (first start ever) nothing is spent. With one, the
 * day's spend is the stored upper bound (if it is for today), a stored Gong pause stays in force,
 * and since the old process may have just granted requests that are still in flight, nothing is
 * granted for `restartQuietMs`, then the rate ramps up as after a pause (a learning period).
 * Grants start once the first snapshot of this process is confirmed stored.
 */
export function restoreQuotaState(policy: QuotaPolicy, snapshot: QuotaSnapshot | null, now: number): QuotaState {
  const today = budgetDayOf(policy, now).key;
  const sameOrLater = snapshot !== null && snapshot.dayKey >= today;
  const used = sameOrLater ? Math.min(snapshot.used, policy.dailyLimit) : 0;
  const storedPause = snapshot?.pausedUntil != null && snapshot.pausedUntil > now ? snapshot.pausedUntil : null;
  const quietUntil = snapshot !== null ? now + policy.restartQuietMs : null;
  const until = storedPause !== null || quietUntil !== null ? Math.max(storedPause ?? 0, quietUntil ?? 0) : null;
  return {
    policy,
    budget: { dayKey: sameOrLater ? snapshot.dayKey : today, used, durable: used, durablePausedUntil: storedPause },
    pacing: { log: [], lastGrantAt: null },
    pause: {
      until,
      reason: until === null ? null : storedPause !== null && storedPause >= until ? 'rate-limited' : 'restart',
      rampFrom: until,
    },
    breaker: { state: 'closed', retryAt: null, rateLimitedAt: [], lastCountedAt: null, probePermitId: null },
    queues: { interactive: [], 'post-call': [], sync: [], backfill: [] },
    credits: { interactive: 0, 'post-call': 0, sync: 0, backfill: 0 },
    inFlight: {},
  };
}
