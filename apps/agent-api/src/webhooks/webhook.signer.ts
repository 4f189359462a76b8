import { createHmac, timingSafeEqual } from 'node:crypto';

/** The header carrying `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`. */
export const SIGNATURE_HEADER = 'x-gong-connector-signature';

/** The Standard Webhooks headers (https://www.standardwebhooks.com), sent beside SIGNATURE_HEADER. */
export const STANDARD_WEBHOOK_HEADERS = { id: 'webhook-id', timestamp: 'webhook-timestamp', signature: 'webhook-signature' } as const;

/**
 * Signs outbound webhook bodies the way Stripe-style receivers expect: HMAC-SHA256 with the
 * subscription's secret over `timestamp + "." + body`. Receivers should reject old timestamps.
 */
export class WebhookSigner {
  static sign(secret: string, body: string, unixSeconds: number): string {
    const mac = createHmac('sha256', secret).update(`${unixSeconds}.${body}`).digest('hex');
    return `t=${unixSeconds},v1=${mac}`;
  }

  /**
   * The Standard Webhooks headers for one delivery: `webhook-id` (the delivery id, the same on every
   * retry, so receivers can deduplicate), `webhook-timestamp` (unix seconds) and `webhook-signature`
   * `v1,<base64 HMAC-SHA256 of "<id>.<timestamp>.<body>">`. The key is the subscription's secret as
   * it was shown (its UTF-8 bytes, exactly the key of SIGNATURE_HEADER), so a receiver verifies with
   * the Standard Webhooks libraries in raw-key mode: `new Webhook(secret, { format: 'raw' })`.
   */
  static standardHeaders(secret: string, id: string, body: string, unixSeconds: number): Record<string, string> {
    const mac = createHmac('sha256', Buffer.from(secret, 'utf8')).update(`${id}.${unixSeconds}.${body}`).digest('base64');
    return {
      [STANDARD_WEBHOOK_HEADERS.id]: id,
      [STANDARD_WEBHOOK_HEADERS.timestamp]: String(unixSeconds),
      [STANDARD_WEBHOOK_HEADERS.signature]: `v1,${mac}`,
    };
  }

  /** True when the header is a valid signature of `body` made within `toleranceSeconds` of `nowSeconds`. */
  static verify(secret: string, body: string, header: string, nowSeconds: number, toleranceSeconds = 300): boolean {
    const parts = new Map(header.split(',').map((p) => p.split('=', 2) as [string, string]));
    const t = Number(parts.get('t'));
    const v1 = parts.get('v1');
    if (!Number.isInteger(t) || !v1 || Math.abs(nowSeconds - t) > toleranceSeconds) return false;
    const expected = Buffer.from(createHmac('sha256', secret).update(`${t}.${body}`).digest('hex'));
    const given = Buffer.from(v1);
    return expected.length === given.length && timingSafeEqual(expected, given);
  }
}
