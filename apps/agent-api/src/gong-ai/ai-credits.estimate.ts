/**
 * Gong credits one get-brief or ask-entity request is estimated to cost. Gong says only that a
 * request "consumes Gong credits according to the number of emails and calls used" and reports no
 * figure, so the audit and the metric carry this estimate (gong-sim charges exactly this): 1 credit,
 * plus 1 per started 10 calls and emails used.
 */
export function estimateAiCredits(callsUsed: number | null | undefined, emailsUsed: number | null | undefined): number {
  return 1 + Math.ceil(((callsUsed ?? 0) + (emailsUsed ?? 0)) / 10);
}
