import type { QuotaPriority } from '@gong-connector/contracts';
import type { QuotaDraft, QuotaState } from '../state/quota.state.js';
import { budgetDayOf } from './budget-day.calendar.js';

/**
 * The daily budget. `used` counts tokens granted in the current budget day (spent at grant time,
 * whatever Gong answers; only a `not-sent` report gives them back). A class may take a grant only
 * while `used + cost ≤ dailyLimit − minRemaining[class]`, so sync and backfill stop when only the
 * reserve is left and interactive and post-call run on to the hard limit.
 */
export function advanceBudget(d: QuotaDraft, now: number): void {
  const day = budgetDayOf(d.policy, now);
  if (day.key > d.budget.dayKey) d.budget = { ...d.budget, dayKey: day.key, used: 0, durable: 0 };
}

/** Tokens `priority` may still take today. */
export function budgetAvailable(s: Pick<QuotaState, 'policy' | 'budget'>, priority: QuotaPriority): number {
  return Math.max(0, s.policy.dailyLimit - s.policy.minRemaining[priority] - s.budget.used);
}

/** Why the budget refuses `cost` tokens of `priority` now, or null. */
export function budgetBlock(
  s: Pick<QuotaState, 'policy' | 'budget'>,
  priority: QuotaPriority,
  cost: number,
  now: number,
): { retryAfterMs: number; reason: string } | null {
  if (cost <= budgetAvailable(s, priority)) return null;
  const { policy, budget } = s;
  const day = budgetDayOf(policy, now);
  const reserve = policy.minRemaining[priority];
  const resets = `the budget resets at ${new Date(day.endsAt).toISOString()}`;
  const reason =
    reserve > 0 && budget.used + cost <= policy.dailyLimit
      ? `Gong's daily budget for ${priority} requests is spent: ${budget.used} of ${policy.dailyLimit} used and the last ${reserve} are kept for higher priorities; ${resets}.`
      : `Gong's daily budget is spent: ${budget.used} of ${policy.dailyLimit} used; ${resets}.`;
  return { retryAfterMs: Math.max(0, day.endsAt - now), reason };
}

/** Whether `cost` more tokens stay within the durably recorded spend. */
export function withinDurable(s: Pick<QuotaState, 'budget'>, cost: number): boolean {
  return s.budget.used + cost <= s.budget.durable;
}
