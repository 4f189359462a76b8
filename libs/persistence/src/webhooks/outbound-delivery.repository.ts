import type { Database } from '../database/database.js';
import { returningRows } from '../database/returning-rows.js';
import type { OutboundDeliveryRecord, OutboundDeliveryStatus } from './outbound-delivery.record.js';

interface DeliveryRow {
  id: string;
  subscription_id: string;
  event: string;
  event_key: string;
  payload: unknown;
  status: OutboundDeliveryStatus;
  attempts: number;
  next_attempt_at: Date;
  give_up_at: Date;
  last_error: string | null;
  last_status: number | null;
  source_time: Date | null;
  created_at: Date;
  delivered_at: Date | null;
}

const iso = (d: Date | null): string | null => (d === null ? null : new Date(d).toISOString());

const toRecord = (r: DeliveryRow): OutboundDeliveryRecord => ({
  id: r.id,
  subscriptionId: r.subscription_id,
  event: r.event,
  eventKey: r.event_key,
  payload: r.payload,
  status: r.status,
  attempts: r.attempts,
  nextAttemptAt: new Date(r.next_attempt_at).toISOString(),
  giveUpAt: new Date(r.give_up_at).toISOString(),
  lastError: r.last_error,
  lastStatus: r.last_status,
  sourceTime: iso(r.source_time),
  createdAt: new Date(r.created_at).toISOString(),
  deliveredAt: iso(r.delivered_at),
});

export interface NewOutboundDelivery {
  id: string;
  subscriptionId: string;
  event: string;
  eventKey: string;
  payload: unknown;
  giveUpAt: Date;
  sourceTime: Date | null;
}

/**
 * Outbound webhook deliveries: enqueued idempotently (one per subscription and event key), claimed
 * when due with `FOR UPDATE SKIP LOCKED` so several instances never send one delivery at once.
 */
export class OutboundDeliveryRepository {
  constructor(private readonly db: Database) {}

  /** Inserts the deliveries not there yet; returns the ids inserted. */
  async enqueue(deliveries: readonly NewOutboundDelivery[]): Promise<string[]> {
    if (deliveries.length === 0) return [];
    const rows: { id: string }[] = await this.db.query(
      `INSERT INTO outbound_webhook_deliveries (id, subscription_id, event, event_key, payload, status, give_up_at, source_time)
       SELECT r.id, r.subscription_id, r.event, r.event_key, r.payload, 'pending', r.give_up_at, r.source_time
       FROM jsonb_to_recordset($1::jsonb) AS r(id text, subscription_id text, event text, event_key text, payload jsonb,
         give_up_at timestamptz, source_time timestamptz)
       ON CONFLICT (subscription_id, event_key) DO NOTHING RETURNING id`,
      [
        JSON.stringify(
          deliveries.map((d) => ({
            id: d.id,
            subscription_id: d.subscriptionId,
            event: d.event,
            event_key: d.eventKey,
            payload: d.payload,
            give_up_at: d.giveUpAt.toISOString(),
            source_time: d.sourceTime?.toISOString() ?? null,
          })),
        ),
      ],
    );
    return rows.map((r) => r.id);
  }

  /**
   * Claims up to `limit` due pending deliveries by pushing their next attempt `leaseMs` ahead (so a
   * crashed sender's claim lapses), and returns them.
   */
  async claimDue(now: Date, limit: number, leaseMs: number): Promise<OutboundDeliveryRecord[]> {
    const rows: DeliveryRow[] = returningRows(await this.db.query(
      `UPDATE outbound_webhook_deliveries d SET next_attempt_at = $2::timestamptz + ($3::int * interval '1 millisecond')
       WHERE d.id IN (
         SELECT id FROM outbound_webhook_deliveries
         WHERE status = 'pending' AND next_attempt_at <= $2 ORDER BY next_attempt_at LIMIT $1 FOR UPDATE SKIP LOCKED)
       RETURNING d.*`,
      [limit, now, leaseMs],
    ));
    return rows.map(toRecord);
  }

  async markDelivered(id: string, status: number, at: Date): Promise<void> {
    await this.db.query(
      `UPDATE outbound_webhook_deliveries SET status = 'delivered', attempts = attempts + 1, last_status = $2, last_error = NULL, delivered_at = $3 WHERE id = $1`,
      [id, status, at],
    );
  }

  /** Records a failed attempt: retried at `nextAttemptAt`, or dead when that is past the give-up time. */
  async markFailed(id: string, error: string, status: number | null, nextAttemptAt: Date): Promise<OutboundDeliveryStatus> {
    const rows: { status: OutboundDeliveryStatus }[] = returningRows(await this.db.query(
      `UPDATE outbound_webhook_deliveries SET attempts = attempts + 1, last_error = $2, last_status = $3,
         status = CASE WHEN $4::timestamptz > give_up_at THEN 'dead' ELSE 'pending' END, next_attempt_at = $4
       WHERE id = $1 RETURNING status`,
      [id, error.slice(0, 500), status, nextAttemptAt],
    ));
    return rows[0]?.status ?? 'dead';
  }

  async list(options: { status?: OutboundDeliveryStatus; subscriptionId?: string; limit: number }): Promise<OutboundDeliveryRecord[]> {
    const rows: DeliveryRow[] = await this.db.query(
      `SELECT * FROM outbound_webhook_deliveries
       WHERE ($1::text IS NULL OR status = $1) AND ($2::text IS NULL OR subscription_id = $2)
       ORDER BY created_at DESC, id LIMIT $3`,
      [options.status ?? null, options.subscriptionId ?? null, options.limit],
    );
    return rows.map(toRecord);
  }

  /** Puts dead deliveries back in the queue with a fresh retry period; returns those requeued. */
  async redeliver(ids: readonly string[], giveUpAt: Date): Promise<string[]> {
    const rows: { id: string }[] = returningRows(await this.db.query(
      `UPDATE outbound_webhook_deliveries SET status = 'pending', next_attempt_at = now(), give_up_at = $2, last_error = NULL
       WHERE id = ANY($1::text[]) AND status = 'dead' RETURNING id`,
      [[...ids], giveUpAt],
    ));
    return rows.map((r) => r.id);
  }
}
