import { QUOTA_PRIORITIES, type QuotaPriority, type QuotaStateV1 } from '@gong-connector/contracts';
import { advanceBreaker, breakerBlock } from '../breaker/breaker.rules.js';
import { budgetDayOf } from '../budget/budget-day.calendar.js';
import { advanceBudget, budgetAvailable } from '../budget/budget.rules.js';
import { advancePacing, grantsInWindow, rateAt } from '../pacing/pacing.rules.js';
import { windowMsOf } from '../policy/quota.policy.js';
import { draftOf, type QuotaState } from '../state/quota.state.js';

/** The broker's `GET /v1/quota` body: the state as it stands at `now`. */
export function describeQuota(state: QuotaState, now: number): QuotaStateV1 {
  const d = draftOf(state);
  advanceBudget(d, now);
  advanceBreaker(d, now);
  advancePacing(d, now);
  const { policy, budget, pause, breaker } = d;
  const day = budgetDayOf(policy, now);
  const perPriority = <T>(f: (p: QuotaPriority) => T) =>
    Object.fromEntries(QUOTA_PRIORITIES.map((p) => [p, f(p)])) as Record<QuotaPriority, T>;
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  const inFlight = Object.values(d.inFlight).filter((p) => p.leaseExpiresAt > now);
  return {
    at: new Date(now).toISOString(),
    day: { key: budget.dayKey, startsAt: new Date(day.startsAt).toISOString(), endsAt: new Date(day.endsAt).toISOString() },
    used: budget.used,
    limit: policy.dailyLimit,
    remaining: Math.max(0, policy.dailyLimit - budget.used),
    persistedUsed: Math.max(budget.durable, budget.used),
    reserves: perPriority((p) => {
      const available = budgetAvailable(d, p);
      return { minRemaining: policy.minRemaining[p], available, open: available > 0 && breakerBlock(d, p, now) === null };
    }),
    pausedUntil: iso(pause.until),
    pauseReason: pause.reason,
    breaker: {
      state: breaker.state,
      retryAt: iso(breaker.retryAt),
      recentRateLimited: breaker.rateLimitedAt.length,
      probeInFlight: breaker.probePermitId !== null && d.inFlight[breaker.probePermitId] !== undefined,
    },
    queueDepth: perPriority((p) => d.queues[p].length),
    inFlight: inFlight.length,
    rate: {
      limitPerSecond: policy.ratePerSecond,
      currentPerSecond: rateAt(policy, pause, now),
      windowMs: windowMsOf(policy),
      grantsInWindow: grantsInWindow(d, now),
    },
  };
}
