import type { Database } from '../database/database.js';
import { returningRows } from '../database/returning-rows.js';
import { purgeCallRows } from './call-rows.purge.js';

/** What one retention batch removed. */
export interface RetentionBatch {
  callIds: string[];
  transcripts: number;
  deliveries: number;
  webhookAudits: number;
}

/**
 * Retention: the oldest calls (by start) before a cutoff, with every row that hangs off them
 * (parties, CRM context, accounts links, topics, trackers, transcripts and the outbox version,
 * which lives on the call row; users-access grants), plus outbound webhook deliveries and ingest's
 * webhook audit rows created before it. One batch per call, so a big first purge never holds one
 * long transaction. The search index is the caller's (it deletes a batch's chunks before the rows,
 * so a crash in between leaves the calls to be selected again).
 */
export class RetentionRepository {
  constructor(private readonly db: Database) {}

  /** Ids of up to `limit` calls started before `cutoff`, oldest first. */
  async expiredCallIds(cutoff: Date, limit: number): Promise<string[]> {
    const rows: { id: string }[] = await this.db.query('SELECT id FROM calls WHERE started < $1 ORDER BY started, id LIMIT $2', [cutoff, limit]);
    return rows.map((r) => r.id);
  }

  /** Deletes these calls and their rows, and up to `limit` deliveries and audit rows older than `cutoff`. */
  async purge(callIds: readonly string[], cutoff: Date, limit: number): Promise<RetentionBatch> {
    return this.db.transaction(async (tx) => {
      const calls = await purgeCallRows(tx, callIds);
      const deliveries = returningRows<{ id: string }>(await tx.query(
        `DELETE FROM outbound_webhook_deliveries WHERE id IN (
           SELECT id FROM outbound_webhook_deliveries WHERE created_at < $1 AND status <> 'pending' ORDER BY created_at LIMIT $2) RETURNING id`,
        [cutoff, limit],
      ));
      const audits = returningRows<{ id: string }>(await tx.query(
        'DELETE FROM webhook_deliveries WHERE id IN (SELECT id FROM webhook_deliveries WHERE received_at < $1 ORDER BY received_at LIMIT $2) RETURNING id',
        [cutoff, limit],
      ));
      return { ...calls, deliveries: deliveries.length, webhookAudits: audits.length };
    });
  }
}
