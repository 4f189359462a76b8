/**
 * The one place the deal-risk score's weights and thresholds live. Each factor yields a risk in
 * [0, 1]; the score is 100 x the weighted mean of the factors (weights need not sum to 1).
 *
 * - `daysSinceCustomerCall`: no risk up to `quietDaysFree` days since the last call with the
 *   customer, full risk at `quietDaysFull`.
 * - `customerTalkShare`: the customer's share of talk time in the last calls, no risk at
 *   `talkShareHealthy` or above, full risk at `talkShareHealthy - talkShareSpan`; plus a falling
 *   trend (earlier calls vs the last ones, full risk at a drop of `talkTrendFull`).
 * - `decisionMakersAbsent`: the share of the last `recentCalls` customer calls without a decision
 *   maker (a title matching `decisionMakerTitle`).
 * - `competitorMentions`: the customer's competitor tracker mentions in the last `recentCalls`
 *   customer calls, per sentence the customer said there; no risk up to `competitorRateFree`, full
 *   risk at `competitorRateFull` (long calls say more of everything, so rates, not counts).
 * - `objectionsUnresolved`: customer pricing or security objections in the last `unresolvedCalls`
 *   customer calls (an objection that did not come back in them counts as resolved), per sentence
 *   the customer said there; no risk up to `objectionRateFree`, full risk at `objectionRateFull`.
 * - `noNextStep`: the last customer call agreed no next step.
 * - `closeDatePushed`: how often the close date moved later across the calls, full risk at
 *   `pushesFull`.
 * - `stageAge`: days in the current stage over the company's median for that stage; no risk up to
 *   the median, full risk at `stageAgeFullRatio` times it.
 */
export const DealRiskWeights = {
  factors: {
    daysSinceCustomerCall: 0.2,
    customerTalkShare: 0.15,
    decisionMakersAbsent: 0.15,
    competitorMentions: 0.15,
    objectionsUnresolved: 0.05,
    noNextStep: 0.1,
    closeDatePushed: 0.1,
    stageAge: 0.1,
  },
  quietDaysFree: 7,
  quietDaysFull: 28,
  talkShareHealthy: 0.45,
  talkShareSpan: 0.25,
  talkTrendFull: 0.2,
  recentCalls: 3,
  unresolvedCalls: 2,
  decisionMakerTitle: /\b(chief|c[efiot]o|cxo|vp|svp|evp|vice president|president|head of|founder|owner|director|general manager)\b/i,
  competitorRateFree: 0.03,
  competitorRateFull: 0.3,
  objectionRateFree: 0.03,
  objectionRateFull: 0.2,
  pushesFull: 2,
  stageAgeFullRatio: 2.5,
  /** Levels: `high` from this score on, `medium` from `mediumFrom`. */
  highFrom: 50,
  mediumFrom: 30,
} as const;

export type DealRiskFactorName = keyof typeof DealRiskWeights.factors;
