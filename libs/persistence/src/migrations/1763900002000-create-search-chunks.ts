import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The PostgreSQL search index (libs/search PostgresSearchIndex): one row per transcript chunk,
 * every filter as a column, the access facts of the call on every row (so the user's AccessFilter
 * is a WHERE clause), and a weighted tsvector kept by the database itself:
 * A = body, B = speaker line, topic and tracker names, C = call title and account names.
 * Ids are text (20-digit Gong ids). `workspace_host` pairs workspace and host for the access
 * filter's per-workspace host lists.
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
        chunk_index          integer NOT NULL,
        call_title           text NOT NULL,
        call_started         timestamptz NOT NULL,
        call_duration_s      integer NOT NULL,
        workspace_id         text,
        host_user_id         text,
        workspace_host       text GENERATED ALWAYS AS (workspace_id || ':' || host_user_id) STORED,
        participant_user_ids text[] NOT NULL DEFAULT '{}',
        is_private           boolean NOT NULL,
        account_ids          text[] NOT NULL DEFAULT '{}',
        account_names        text[] NOT NULL DEFAULT '{}',
        speaker_id           text,
        speaker_name         text,
        speaker_email        text,
        speaker_user_id      text,
        speaker_affiliation  text NOT NULL CHECK (speaker_affiliation IN ('Internal', 'External', 'Unknown')),
        topic                text,
        tracker_names        text[] NOT NULL DEFAULT '{}',
        start_ms             integer NOT NULL,
        end_ms               integer NOT NULL,
        speaker_line         text NOT NULL,
        body                 text NOT NULL,
        metadata             jsonb NOT NULL,
        tsv                  tsvector GENERATED ALWAYS AS
                               (search_chunk_tsv(body, speaker_line, topic, tracker_names, call_title, account_names)) STORED,
        indexed_at           timestamptz NOT NULL DEFAULT now()
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
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE search_chunks');
    await q.query('DROP FUNCTION search_chunk_tsv(text, text, text, text[], text, text[])');
  }
}
