import type { Database } from '../database/database.js';
import type { KeywordTrackerRecord } from './keyword-tracker.record.js';

interface Row {
  id: string;
  name: string;
  workspace_id: string | null;
  affiliation: string | null;
  keywords: KeywordTrackerRecord['keywords'];
  said_at: string | null;
  said_in_topics: string[];
  part_of_question: boolean;
  updated: Date | null;
}

/** The company's keyword trackers: replaced whole by a sync, listed by workspace and name. */
export class TrackerRepository {
  constructor(private readonly db: Database) {}

  /** Makes the stored trackers exactly these (trackers Gong no longer lists are removed), in one transaction. */
  async replaceAll(trackers: readonly KeywordTrackerRecord[]): Promise<void> {
    await this.db.transaction(async (tx) => {
      await this.db.query('DELETE FROM gong_trackers WHERE NOT (id = ANY($1::text[]))', [trackers.map((t) => t.id)], tx);
      for (const t of trackers) {
        await this.db.query(
          `INSERT INTO gong_trackers (id, name, workspace_id, affiliation, keywords, said_at, said_in_topics, part_of_question, updated, synced_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, now())
           ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, workspace_id = EXCLUDED.workspace_id, affiliation = EXCLUDED.affiliation,
             keywords = EXCLUDED.keywords, said_at = EXCLUDED.said_at, said_in_topics = EXCLUDED.said_in_topics,
             part_of_question = EXCLUDED.part_of_question, updated = EXCLUDED.updated, synced_at = now()`,
          [t.id, t.name, t.workspaceId, t.affiliation, JSON.stringify(t.keywords), t.saidAt, t.saidInTopics, t.partOfQuestion, t.updated],
          tx,
        );
      }
    });
  }

  /** Trackers by name (then id), of these workspaces when given. */
  async list(options: { workspaceIds?: readonly string[] | undefined } = {}): Promise<KeywordTrackerRecord[]> {
    const rows: Row[] = options.workspaceIds
      ? await this.db.query('SELECT * FROM gong_trackers WHERE workspace_id = ANY($1::text[]) ORDER BY lower(name), id', [[...options.workspaceIds]])
      : await this.db.query('SELECT * FROM gong_trackers ORDER BY lower(name), id');
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      workspaceId: r.workspace_id,
      affiliation: r.affiliation,
      keywords: r.keywords,
      saidAt: r.said_at,
      saidInTopics: r.said_in_topics,
      partOfQuestion: r.part_of_question,
      updated: r.updated === null ? null : new Date(r.updated).toISOString(),
    }));
  }
}
