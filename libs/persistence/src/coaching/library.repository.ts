import type { Database } from '../database/database.js';
import type { Transaction } from '../database/transaction.js';
import type { LibraryClipRecord, LibraryFolderRecord } from './coaching-records.js';

const iso = (v: unknown): string | null => (v === null || v === undefined ? null : new Date(v as string).toISOString());

/** Library folders and their clips (calls or moments of calls), each folder replaced whole by a sync. */
export class LibraryRepository {
  constructor(private readonly db: Database) {}

  /** Stores one folder and makes its clips exactly these (inside `tx` when given). */
  async replaceFolder(folder: LibraryFolderRecord, clips: readonly Omit<LibraryClipRecord, 'folderId' | 'position'>[], tx?: Transaction): Promise<void> {
    const run = async (t: Transaction) => {
      await this.db.query(
        `INSERT INTO gong_library_folders (id, workspace_id, name, parent_folder_id, created_by, updated, synced_at)
         VALUES ($1, $2, $3, $4, $5, $6, now())
         ON CONFLICT (id) DO UPDATE SET workspace_id = EXCLUDED.workspace_id, name = EXCLUDED.name, parent_folder_id = EXCLUDED.parent_folder_id,
           created_by = EXCLUDED.created_by, updated = EXCLUDED.updated, synced_at = now()`,
        [folder.id, folder.workspaceId, folder.name, folder.parentFolderId, folder.createdBy, folder.updated],
        t,
      );
      await this.db.query('DELETE FROM gong_library_clips WHERE folder_id = $1', [folder.id], t);
      if (clips.length === 0) return;
      await this.db.query(
        `INSERT INTO gong_library_clips (folder_id, position, call_id, title, note, added_by, created, url, from_sec, to_sec)
         SELECT $1, position, call_id, title, note, added_by, created, url, from_sec, to_sec
         FROM jsonb_to_recordset($2::jsonb) AS r(position int, call_id text, title text, note text, added_by text, created timestamptz,
           url text, from_sec int, to_sec int)`,
        [
          folder.id,
          JSON.stringify(
            clips.map((c, position) => ({
              position,
              call_id: c.callId,
              title: c.title,
              note: c.note,
              added_by: c.addedBy,
              created: c.created,
              url: c.url,
              from_sec: c.fromSec,
              to_sec: c.toSec,
            })),
          ),
        ],
        t,
      );
    };
    if (tx) await run(tx);
    else await this.db.transaction(run);
  }

  /** Removes the folders (and their clips) Gong no longer lists. Returns how many were removed. */
  async removeFoldersExcept(keepIds: readonly string[], tx?: Transaction): Promise<number> {
    const rows: Array<{ n: number }> = await this.db.query(
      'WITH gone AS (DELETE FROM gong_library_folders WHERE NOT (id = ANY($1::text[])) RETURNING id) SELECT count(*)::int AS n FROM gone',
      [[...keepIds]],
      tx,
    );
    return rows[0].n;
  }

  /** Folders by name, of these workspaces when given. */
  async folders(options: { workspaceIds?: readonly string[] | undefined } = {}): Promise<LibraryFolderRecord[]> {
    const rows: Array<Record<string, unknown>> = options.workspaceIds
      ? await this.db.query('SELECT * FROM gong_library_folders WHERE workspace_id = ANY($1::text[]) ORDER BY lower(name), id', [[...options.workspaceIds]])
      : await this.db.query('SELECT * FROM gong_library_folders ORDER BY lower(name), id');
    return rows.map((r) => ({
      id: r.id as string,
      workspaceId: (r.workspace_id as string | null) ?? null,
      name: r.name as string,
      parentFolderId: (r.parent_folder_id as string | null) ?? null,
      createdBy: (r.created_by as string | null) ?? null,
      updated: iso(r.updated),
    }));
  }

  /** A folder's clips in order, after `afterPosition` (keyset cursor), at most `limit` (default 100). */
  async clips(folderId: string, options: { afterPosition?: number | undefined; limit?: number | undefined } = {}): Promise<LibraryClipRecord[]> {
    const rows: Array<Record<string, unknown>> = await this.db.query(
      'SELECT * FROM gong_library_clips WHERE folder_id = $1 AND position > $2 ORDER BY position LIMIT $3',
      [folderId, options.afterPosition ?? -1, options.limit ?? 100],
    );
    return rows.map(toClip);
  }

  /** Every clip taken from these calls, by folder and position. */
  async clipsOfCalls(callIds: readonly string[]): Promise<LibraryClipRecord[]> {
    const rows: Array<Record<string, unknown>> = await this.db.query('SELECT * FROM gong_library_clips WHERE call_id = ANY($1::text[]) ORDER BY folder_id, position', [[...callIds]]);
    return rows.map(toClip);
  }
}

function toClip(r: Record<string, unknown>): LibraryClipRecord {
  return {
    folderId: r.folder_id as string,
    position: Number(r.position),
    callId: r.call_id as string,
    title: (r.title as string | null) ?? null,
    note: (r.note as string | null) ?? null,
    addedBy: (r.added_by as string | null) ?? null,
    created: iso(r.created),
    url: (r.url as string | null) ?? null,
    fromSec: (r.from_sec as number | null) ?? null,
    toSec: (r.to_sec as number | null) ?? null,
  };
}
