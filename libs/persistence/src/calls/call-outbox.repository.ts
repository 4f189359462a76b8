import type { Database } from '../database/database.js';

/**
 * The "call ready" outbox kept on the calls table: each change of a call or its transcript has an
 * event version, and `published_version` says which version was announced last.
 */
export class CallOutboxRepository {
  constructor(private readonly db: Database) {}

  /**
   * Calls whose latest change has not been announced yet (the event outbox): of `ids` when given,
   * otherwise the oldest changes first. `withoutTranscriptBefore` holds back calls without a
   * transcript that changed after it (their transcript may still come).
   */
  async pendingEvents(options: { ids?: readonly string[]; limit?: number; withoutTranscriptBefore?: Date } = {}): Promise<PendingCallEvent[]> {
    const rows: { id: string; workspace_id: string | null; source: string; version: number; has_transcript: boolean; updated_at: Date }[] =
      await this.db.query(
        `SELECT c.id, c.workspace_id, c.source, c.event_version AS version, c.updated_at,
                EXISTS (SELECT 1 FROM call_transcripts t WHERE t.call_id = c.id) AS has_transcript
         FROM calls c
         WHERE c.event_version > c.published_version
           AND ($1::text[] IS NULL OR c.id = ANY($1::text[]))
           AND ($2::timestamptz IS NULL OR c.updated_at < $2
                OR EXISTS (SELECT 1 FROM call_transcripts t WHERE t.call_id = c.id))
         ORDER BY c.updated_at, c.id
         LIMIT $3`,
        [options.ids ? [...options.ids] : null, options.withoutTranscriptBefore?.toISOString() ?? null, options.limit ?? 1000],
      );
    return rows.map((r) => ({
      callId: r.id,
      workspaceId: r.workspace_id,
      source: r.source,
      version: r.version,
      hasTranscript: r.has_transcript,
      changedAt: new Date(r.updated_at).toISOString(),
    }));
  }

  /** Records that these versions were announced (a later version stays pending). */
  async markPublished(events: readonly Pick<PendingCallEvent, 'callId' | 'version'>[]): Promise<void> {
    if (events.length === 0) return;
    await this.db.query(
      `UPDATE calls c SET published_version = GREATEST(c.published_version, r.version)
       FROM jsonb_to_recordset($1::jsonb) AS r(id text, version integer)
       WHERE c.id = r.id`,
      [JSON.stringify(events.map((e) => ({ id: e.callId, version: e.version })))],
    );
  }
}

/** A call change not yet announced on `ingest.call.fetched.v1`. */
export interface PendingCallEvent {
  callId: string;
  workspaceId: string | null;
  /** Where the latest stored version came from (webhook, sync, backfill, live). */
  source: string;
  /** Grows with every change of the call or its transcript. */
  version: number;
  hasTranscript: boolean;
  changedAt: string;
}
