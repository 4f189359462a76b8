import type { QuotaSnapshot } from '@gong-connector/quota';
import type { Database } from '../database/database.js';

interface SpendRow {
  day_key: string;
  used: number;
  paused_until: Date | null;
}

/**
 * The quota broker's daily spend (see `QuotaSnapshot` in @gong-connector/quota): one row per
 * budget and budget day. `save` only ever raises the stored values (`GREATEST`), so writes that
 * land out of order, or from a broker that just lost its lease, never lower the day's count.
 */
export class QuotaSpendRepository {
  constructor(private readonly db: Database) {}

  /**
   * The latest day's snapshot of `budget`, or null before the first write. `pausedUntil` is the
   * latest pause stored on any day (a long Retry-After may run past the day boundary).
   */
  async load(budget: string): Promise<QuotaSnapshot | null> {
    const rows: (SpendRow & { max_paused_until: Date | null })[] = await this.db.query(
      `SELECT day_key, used, paused_until,
              (SELECT max(paused_until) FROM quota_spend WHERE budget = $1) AS max_paused_until
         FROM quota_spend WHERE budget = $1
        ORDER BY day_key DESC LIMIT 1`,
      [budget],
    );
    const row = rows[0];
    if (!row) return null;
    return toSnapshot({ ...row, paused_until: row.max_paused_until });
  }

  /** Stores `snapshot` (raising, never lowering, the day's values) and returns what is stored now. */
  async save(budget: string, snapshot: QuotaSnapshot): Promise<QuotaSnapshot> {
    const rows: SpendRow[] = await this.db.query(
      `INSERT INTO quota_spend (budget, day_key, used, paused_until)
       VALUES ($1, $2, $3, $4)
       ON CONFLICT (budget, day_key) DO UPDATE
         SET used = GREATEST(quota_spend.used, EXCLUDED.used),
             paused_until = GREATEST(quota_spend.paused_until, EXCLUDED.paused_until),
             updated_at = now()
       RETURNING day_key, used, paused_until`,
      [budget, snapshot.dayKey, snapshot.used, snapshot.pausedUntil === null ? null : new Date(snapshot.pausedUntil)],
    );
    return toSnapshot(rows[0]!);
  }
}

function toSnapshot(row: SpendRow): QuotaSnapshot {
  return {
    version: 1,
    dayKey: row.day_key,
    used: Number(row.used),
    pausedUntil: row.paused_until === null ? null : new Date(row.paused_until).getTime(),
  };
}
