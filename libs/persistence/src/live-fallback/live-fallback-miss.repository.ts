import type { Database } from '../database/database.js';

/**
 * Call ids Gong answered as unknown to agent-api's live fallback, shared by every replica: while an
 * id is remembered, no replica asks Gong about it again. Rows older than the remembering period are
 * deleted as new ones are written, so the table stays as small as the misses of one period.
 */
export class LiveFallbackMissRepository {
  constructor(private readonly db: Database) {}

  /** When Gong last answered `callId` as unknown, if that was at or after `since`. */
  async missedSince(callId: string, since: Date): Promise<Date | undefined> {
    const rows: { missed_at: Date }[] = await this.db.query('SELECT missed_at FROM live_fallback_misses WHERE call_id = $1 AND missed_at >= $2', [callId, since]);
    return rows[0] ? new Date(rows[0].missed_at) : undefined;
  }

  /** Remembers a miss at `at` and forgets those before `forgetBefore`, in one round trip. */
  async remember(callId: string, at: Date, forgetBefore: Date): Promise<void> {
    await this.db.query(
      `WITH pruned AS (DELETE FROM live_fallback_misses WHERE missed_at < $3 AND call_id <> $1)
       INSERT INTO live_fallback_misses (call_id, missed_at) VALUES ($1, $2)
       ON CONFLICT (call_id) DO UPDATE SET missed_at = GREATEST(live_fallback_misses.missed_at, EXCLUDED.missed_at)`,
      [callId, at, forgetBefore],
    );
  }
}
