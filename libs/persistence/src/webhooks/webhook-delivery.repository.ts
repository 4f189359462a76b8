import type { Database } from '../database/database.js';
import type { WebhookDeliveryRecord, WebhookOutcome } from './webhook-delivery.js';

/** Webhook deliveries (`webhook_deliveries`): the audit trail, and "was this call accepted before?" for dedupe. */
export class WebhookDeliveryRepository {
  constructor(private readonly db: Database) {}

  async record(d: WebhookDeliveryRecord): Promise<void> {
    await this.db.query(
      `INSERT INTO webhook_deliveries (id, call_id, is_test, outcome, reason, auth_method, body_bytes, received_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (id) DO NOTHING`,
      [d.id, d.callId, d.isTest, d.outcome, d.reason, d.authMethod, d.bodyBytes, d.receivedAt],
    );
  }

  /** Whether a delivery for this call was accepted before. */
  async wasAccepted(callId: string): Promise<boolean> {
    const rows: unknown[] = await this.db.query(
      `SELECT 1 FROM webhook_deliveries WHERE call_id = $1 AND outcome = 'accepted' LIMIT 1`,
      [callId],
    );
    return rows.length > 0;
  }

  /** Newest first; of one call when given. */
  async list(options: { callId?: string; limit?: number } = {}): Promise<WebhookDeliveryRecord[]> {
    const rows: {
      id: string;
      call_id: string | null;
      is_test: boolean;
      outcome: WebhookOutcome;
      reason: string | null;
      auth_method: 'jwt' | 'url-key' | null;
      body_bytes: number | null;
      received_at: Date;
    }[] = await this.db.query(
      `SELECT * FROM webhook_deliveries WHERE ($1::text IS NULL OR call_id = $1)
       ORDER BY received_at DESC, id LIMIT $2`,
      [options.callId ?? null, options.limit ?? 100],
    );
    return rows.map((r) => ({
      id: r.id,
      callId: r.call_id,
      isTest: r.is_test,
      outcome: r.outcome,
      reason: r.reason,
      authMethod: r.auth_method,
      bodyBytes: r.body_bytes,
      receivedAt: new Date(r.received_at).toISOString(),
    }));
  }
}
