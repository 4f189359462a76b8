import type { QuotaPolicy } from '../policy/quota.policy.js';

/** One budget day: its key (`YYYY-MM-DD` of the zone the boundary is set in) and its bounds in ms. */
export interface BudgetDay {
  readonly key: string;
  readonly startsAt: number;
  readonly endsAt: number;
}

const DAY_MS = 86_400_000;

/**
 * The budget day `now` falls in. The day starts at `dayBoundary.hour` o'clock in the zone
 * `dayBoundary.utcOffsetMinutes` east of UTC (fixed offset, no daylight saving: Gong's counter is
 * a server-side clock). Keys sort in time order.
 */
export function budgetDayOf(policy: Pick<QuotaPolicy, 'dayBoundary'>, now: number): BudgetDay {
  const shift = policy.dayBoundary.utcOffsetMinutes * 60_000 - policy.dayBoundary.hour * 3_600_000;
  const local = now + shift;
  const startLocal = Math.floor(local / DAY_MS) * DAY_MS;
  const key = new Date(startLocal).toISOString().slice(0, 10);
  return { key, startsAt: startLocal - shift, endsAt: startLocal - shift + DAY_MS };
}
