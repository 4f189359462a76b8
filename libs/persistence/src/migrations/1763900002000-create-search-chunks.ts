import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The PostgreSQL search index (libs/search PostgresSearchIndex), one row per transcript chunk in
 * two tables:
 *
 * - `search_chunks`: what a search reads for every candidate chunk: the chunk and call ids, every
 *   filter as a column (arrays for multi-valued ones), the access facts of the call (workspace,
 *   host, internal participants, private) so the user's AccessFilter is a WHERE clause, and the
 *   weighted tsvector (A = body, B = speaker line, topic and tracker names, C = call title and
 *   account names; built by `search_chunk_tsv`, stored MAIN so it stays inline and uncompressed
 *   where possible).
 * - `search_chunk_texts`: what only the page of hits reads: text, speaker line, metadata jsonb.
 *
 * Why two: a search scores every match (ts_rank_cd needs each row's tsvector) and counts facets
 * over all of them, so it touches every matching row. With the texts and metadata inline a row
 * is 1.7 kB and the table 770 MB at 10,000 calls (470,000 chunks), far over the default 128 MB of
 * shared buffers; without them it is half that, and a manager's search over all their calls reads
 * half the pages (EXPLAIN ANALYZE: 2,887 instead of 5,711 buffers for "pricing").
 *
 * Ids are text (20-digit Gong ids). `workspace_host` pairs workspace and host for the access
 * filter's per-workspace host lists, so that arm is one indexed `= ANY`.
 */
export class CreateSearchChunks1763900002000 implements MigrationInterface {
  name = 'CreateSearchChunks1763900002000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION search_chunk_tsv(
        body text, speaker_line text, topic text, tracker_names text[], call_title text, account_names text[]
      ) RETURNS tsvector
      LANGUAGE sql IMMUTABLE PARALLEL SAFE
      RETURN setweight(to_tsvector('english'::regconfig, coalesce(body, '')), 'A')
          || setweight(to_tsvector('english'::regconfig,
               coalesce(speaker_line, '') || ' ' || coalesce(topic, '') || ' ' || coalesce(array_to_string(tracker_names, ' '), '')), 'B')
          || setweight(to_tsvector('english'::regconfig,
               coalesce(call_title, '') || ' ' || coalesce(array_to_string(account_names, ' '), '')), 'C')`);
    await q.query(`
      CREATE TABLE search_chunks (
        chunk_id             text PRIMARY KEY,
        call_id              text NOT NULL,
        call_started         timestamptz NOT NULL,
        is_private           boolean NOT NULL,
        workspace_id         text,
        host_user_id         text,
        workspace_host       text GENERATED ALWAYS AS (workspace_id || ':' || host_user_id) STORED,
        participant_user_ids text[] NOT NULL DEFAULT '{}',
        account_ids          text[] NOT NULL DEFAULT '{}',
        account_names        text[] NOT NULL DEFAULT '{}',
        speaker_id           text,
        speaker_name         text,
        speaker_email        text,
        speaker_user_id      text,
        speaker_affiliation  text NOT NULL CHECK (speaker_affiliation IN ('Internal', 'External', 'Unknown')),
        topic                text,
        tracker_names        text[] NOT NULL DEFAULT '{}',
        tsv                  tsvector NOT NULL
      )`);
    await q.query(`ALTER TABLE search_chunks ALTER COLUMN tsv SET STORAGE MAIN`);
    await q.query(`
      CREATE TABLE search_chunk_texts (
        chunk_id        text PRIMARY KEY REFERENCES search_chunks (chunk_id) ON DELETE CASCADE,
        chunk_index     integer NOT NULL,
        call_title      text NOT NULL,
        call_duration_s integer NOT NULL,
        start_ms        integer NOT NULL,
        end_ms          integer NOT NULL,
        speaker_line    text NOT NULL,
        body            text NOT NULL,
        metadata        jsonb NOT NULL,
        indexed_at      timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX search_chunks_tsv ON search_chunks USING gin (tsv)`);
    await q.query(`CREATE INDEX search_chunks_call ON search_chunks (call_id)`);
    await q.query(`CREATE INDEX search_chunks_started ON search_chunks (call_started)`);
    await q.query(`CREATE INDEX search_chunks_host ON search_chunks (host_user_id)`);
    await q.query(`CREATE INDEX search_chunks_workspace ON search_chunks (workspace_id)`);
    await q.query(`CREATE INDEX search_chunks_workspace_host ON search_chunks (workspace_host)`);
    await q.query(`CREATE INDEX search_chunks_participants ON search_chunks USING gin (participant_user_ids)`);
    await q.query(`CREATE INDEX search_chunks_accounts ON search_chunks USING gin (account_ids)`);
    await q.query(`CREATE INDEX search_chunks_trackers ON search_chunks USING gin (tracker_names)`);
    await q.query(`CREATE INDEX search_chunks_speaker_email ON search_chunks (speaker_email)`);
    await q.query(`CREATE INDEX search_chunks_speaker_user ON search_chunks (speaker_user_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE search_chunk_texts');
    await q.query('DROP TABLE search_chunks');
    await q.query('DROP FUNCTION search_chunk_tsv(text, text, text, text[], text, text[])');
  }
}
