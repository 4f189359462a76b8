/**
 * Why a webhook was refused, as a stable code (HTTP 401 details, logs, the audit table, metrics).
 * Never carries the token or the body.
 */
export type WebhookRejection =
  | 'missing-token'
  | 'malformed-token'
  | 'bad-algorithm'
  | 'bad-signature'
  | 'expired'
  | 'lifetime-too-long'
  | 'missing-claim'
  | 'body-mismatch'
  | 'url-mismatch'
  | 'jwt-not-configured'
  | 'bad-url-key'
  | 'url-key-not-configured';

export type WebhookVerdict = { ok: true; method: 'jwt' | 'url-key' } | { ok: false; reason: WebhookRejection };
