import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The search index's AccessFilter as one indexed condition, searched together with the text.
 *
 * `search_chunks.access_keys` (generated from the access facts, so it cannot drift) holds the keys
 * under which a chunk is visible: `u:<host>` and `u:<participant>` always (a user sees their own
 * calls, private ones included), and for a call that is not private also `c:<call id>` (granted),
 * `w:<workspace>` (every call of the workspace) and `h:<workspace>:<host>` (the hosts of a
 * managers-team profile). A user's AccessFilter becomes the keys they hold, and
 * `access_keys && <keys>` is true exactly when the old per-arm clause was (see
 * PostgresAccessClause in libs/search).
 *
 * `search_chunks_tsv_access_trackers` is one GIN index over (tsv, access_keys, tracker_names):
 * PostgreSQL intersects the text's posting lists with the user's access keys (and the tracker
 * filter, when there is one) inside the index scan, instead of building a bitmap of every chunk
 * holding a frequent word (118,000 for "pricing" at 10,000 calls) and one of every chunk the user
 * may see, then ANDing them and rechecking the access arms on the heap. It also serves scans on any
 * one of its columns, so it replaces the tsv index, the tracker index and the four access indexes
 * (host, workspace, workspace:host, participants). EXPLAIN (ANALYZE, BUFFERS) at 10,000 calls, a
 * manager searching "pricing": 13 ms of index work down to 3 ms, no heap recheck; a tracker plus a
 * word: 40% fewer heap rows read.
 *
 * Adding the stored generated column rewrites `search_chunks` once, under an exclusive lock (about
 * 20 s at 10,000 calls on 2 cores): searches and writes of the index wait for it.
 */
export class SearchChunkAccessKeys1763900080000 implements MigrationInterface {
  name = 'SearchChunkAccessKeys1763900080000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION search_chunk_access_keys(
        call_id text, workspace_id text, host_user_id text, participant_user_ids text[], is_private boolean
      ) RETURNS text[]
      LANGUAGE sql IMMUTABLE PARALLEL SAFE
      RETURN array_remove(
        ARRAY['u:' || host_user_id]
        || ARRAY(SELECT DISTINCT 'u:' || p FROM unnest(participant_user_ids) AS p WHERE p IS DISTINCT FROM host_user_id)
        || CASE WHEN is_private THEN '{}'::text[]
                ELSE ARRAY['c:' || call_id, 'w:' || workspace_id, 'h:' || workspace_id || ':' || host_user_id] END,
        NULL)`);
    await q.query(`
      ALTER TABLE search_chunks ADD COLUMN access_keys text[] NOT NULL
        GENERATED ALWAYS AS (search_chunk_access_keys(call_id, workspace_id, host_user_id, participant_user_ids, is_private)) STORED`);
    await q.query(`CREATE INDEX search_chunks_tsv_access_trackers ON search_chunks USING gin (tsv, access_keys, tracker_names)`);
    await q.query(`DROP INDEX search_chunks_tsv`);
    await q.query(`DROP INDEX search_chunks_trackers`);
    await q.query(`DROP INDEX search_chunks_host`);
    await q.query(`DROP INDEX search_chunks_workspace`);
    await q.query(`DROP INDEX search_chunks_workspace_host`);
    await q.query(`DROP INDEX search_chunks_participants`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX search_chunks_tsv ON search_chunks USING gin (tsv)`);
    await q.query(`CREATE INDEX search_chunks_trackers ON search_chunks USING gin (tracker_names)`);
    await q.query(`CREATE INDEX search_chunks_host ON search_chunks (host_user_id)`);
    await q.query(`CREATE INDEX search_chunks_workspace ON search_chunks (workspace_id)`);
    await q.query(`CREATE INDEX search_chunks_workspace_host ON search_chunks (workspace_host)`);
    await q.query(`CREATE INDEX search_chunks_participants ON search_chunks USING gin (participant_user_ids)`);
    await q.query(`DROP INDEX search_chunks_tsv_access_trackers`);
    await q.query(`ALTER TABLE search_chunks DROP COLUMN access_keys`);
    await q.query(`DROP FUNCTION search_chunk_access_keys(text, text, text, text[], boolean)`);
  }
}
