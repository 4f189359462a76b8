import type { Database } from '../database/database.js';
import { returningRows } from '../database/returning-rows.js';
import { purgeCallRows } from './call-rows.purge.js';

/** How a call Gong no longer has was found: the verification sweep, or a re-fetch of the call. */
export type GoneCallDetection = 'sweep' | 'refetch';

/** One purge of calls Gong no longer has: counts only, never what was removed. */
export interface GoneCallPurgeRecord {
  id: string;
  detectedBy: GoneCallDetection;
  purgedAt: string;
  calls: number;
  transcripts: number;
  chunks: number;
  deliveries: number;
}

/**
 * Calls Gong answers as gone (deleted in Gong, or erased there on someone's request): which
 * replicated calls to verify next (by id, a cursor that wraps around), and their purge: the calls
 * with every row of theirs, the outbound webhook deliveries that carry them (their bodies hold the
 * title and participants), and the record of the purge, in one transaction. The search index is the
 * caller's: it deletes the chunks first, so a crash in between leaves the calls to be found again.
 */
export class GoneCallRepository {
  constructor(private readonly db: Database) {}

  /** Up to `limit` replicated call ids after `afterId`, in id order. */
  async idsAfter(afterId: string, limit: number): Promise<string[]> {
    const rows: { id: string }[] = await this.db.query('SELECT id FROM calls WHERE id > $1 ORDER BY id LIMIT $2', [afterId, limit]);
    return rows.map((r) => r.id);
  }

  /** How many calls the replica holds. */
  async count(): Promise<number> {
    const [row]: { n: number }[] = await this.db.query('SELECT count(*)::int AS n FROM calls');
    return row?.n ?? 0;
  }

  async purge(record: Omit<GoneCallPurgeRecord, 'calls' | 'transcripts' | 'deliveries'>, callIds: readonly string[]): Promise<GoneCallPurgeRecord> {
    return this.db.transaction(async (tx) => {
      const calls = await purgeCallRows(tx, callIds);
      const deliveries = returningRows<{ id: string }>(
        await tx.query(
          `DELETE FROM outbound_webhook_deliveries WHERE event = 'call.indexed' AND split_part(event_key, '@', 1) = ANY($1::text[]) RETURNING id`,
          [[...callIds]],
        ),
      );
      const done: GoneCallPurgeRecord = { ...record, calls: calls.callIds.length, transcripts: calls.transcripts, deliveries: deliveries.length };
      await tx.query(
        'INSERT INTO gone_call_purges (id, detected_by, purged_at, calls, transcripts, chunks, deliveries) VALUES ($1, $2, $3, $4, $5, $6, $7)',
        [done.id, done.detectedBy, done.purgedAt, done.calls, done.transcripts, done.chunks, done.deliveries],
      );
      return done;
    });
  }

  /** The purge records, newest first. */
  async records(limit = 100): Promise<GoneCallPurgeRecord[]> {
    const rows: { id: string; detected_by: GoneCallDetection; purged_at: Date; calls: number; transcripts: number; chunks: number; deliveries: number }[] =
      await this.db.query('SELECT * FROM gone_call_purges ORDER BY purged_at DESC, id LIMIT $1', [limit]);
    return rows.map((r) => ({
      id: r.id,
      detectedBy: r.detected_by,
      purgedAt: new Date(r.purged_at).toISOString(),
      calls: r.calls,
      transcripts: r.transcripts,
      chunks: r.chunks,
      deliveries: r.deliveries,
    }));
  }
}
