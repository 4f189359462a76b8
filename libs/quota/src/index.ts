export {
  QuotaPolicySchema,
  resolveQuotaPolicy,
  windowMsOf,
  type QuotaPolicy,
  type QuotaPolicyInput,
} from './policy/quota.policy.js';
export { budgetDayOf, type BudgetDay } from './budget/budget-day.calendar.js';
export type { QuotaState, QuotaRequest, WaitingRequest, InFlightPermit } from './state/quota.state.js';
export {
  toAcquireReply,
  type QuotaDecision,
  type QuotaGrant,
  type QuotaRefusal,
  type QuotaRefusalCode,
  type QuotaQueued,
  type QuotaTransition,
} from './decision/quota.decision.js';
export { QuotaSnapshotSchema, snapshotToPersist, restoreQuotaState, type QuotaSnapshot } from './snapshot/quota.snapshot.js';
export { decide, schedule, report, cancel, confirmPersisted, type QuotaOutcome } from './core/quota.core.js';
export { describeQuota } from './view/quota.view.js';
export { rateAt, earliestGrantAt } from './pacing/pacing.rules.js';
