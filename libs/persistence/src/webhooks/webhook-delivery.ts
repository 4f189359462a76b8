/** `unavailable`: authenticated and valid, but refused with 503 because it could not be queued durably (NATS down); Gong retries it. */
export const WEBHOOK_OUTCOMES = ['accepted', 'duplicate', 'test', 'unauthorized', 'invalid', 'unavailable'] as const;
export type WebhookOutcome = (typeof WEBHOOK_OUTCOMES)[number];

/** One webhook delivery as audited (never the token or the body). */
export interface WebhookDeliveryRecord {
  id: string;
  callId: string | null;
  isTest: boolean;
  outcome: WebhookOutcome;
  /** Why it was refused or ignored, as a stable reason code. */
  reason: string | null;
  authMethod: 'jwt' | 'url-key' | null;
  bodyBytes: number | null;
  receivedAt: string;
}
