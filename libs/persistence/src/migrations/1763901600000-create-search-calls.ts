import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `search_calls`: one row per call of the PostgreSQL search index, what a search needs to find "the
 * N most recent calls this user may see (of these accounts)" without touching the chunks (libs/search
 * `RECENT_CALLS`): a question whose access filter is selective (a rep's own calls) or that names an
 * account first reads the chunks of those calls only, so its cost follows the window, not the
 * corpus (bench:scale at 100,000 calls: the GIN scan for a rep's common question read 8,800 index
 * pages and 13,600 rows; the chunks of the rep's 150 most recent calls were 60 ms).
 *
 * A call's row is derived from its chunks, never written by hand:
 *
 * - `call_started`: the latest `call_started` of its chunks (every chunk of a call carries the
 *   call's start, so it is the call's start);
 * - `access_keys`, `account_ids`: the union of its chunks' (the same for every chunk of a call, since
 *   the chunker gives each chunk the call's facts; a union so that a chunk visible under a key, or
 *   naming an account, always has its call's row matching that key or account);
 * - `is_private`: true only when every chunk is (the granted-calls arm, `NOT is_private AND call_id
 *   = ANY(...)`, holds for the call when it holds for one of its chunks).
 *
 * So a call's row matches an access filter, account filter or date range whenever one of its chunks
 * does: the calls a search selects here hold every chunk it may match in them. It never widens what
 * a user sees: the search still checks the access filter on every chunk it reads.
 *
 * Kept in step by STATEMENT-level triggers with transition tables on `search_chunks` (INSERT,
 * UPDATE, DELETE): the rows of every call a statement touched are recomputed from the call's chunks
 * (an upsert), and those left with no chunk deleted; TRUNCATE empties it. The trigger locks the
 * rows first, in a statement of its own, and reads the chunks after (read committed), so a deletion
 * beside a concurrent rewrite of the same call ends with the row of what is committed, whichever
 * commits first. Two concurrent first writes of one new call with different facts (replaceCallChunks
 * serializes a call's rewrites with its call lock) could keep the last committer's keys only, until
 * the call's next write. A row wider than its chunks only makes a search read a call more, never
 * show one: the search checks the access filter on every chunk. Every write path
 * (upsertChunks, replaceCallChunks, deleteCall, purges, erasures) stays right with no code change.
 * The functions name the trigger's schema (`TG_TABLE_SCHEMA`), so schemas side by side (tests,
 * tenants) keep their own.
 *
 * The GIN indexes do without a pending list (a search would read all of it; see
 * SearchAccountsIndexNoPendingList1763900081000): a call's row is written once per write of the call.
 */
export class CreateSearchCalls1763901600000 implements MigrationInterface {
  name = 'CreateSearchCalls1763901600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE search_calls (
        call_id      text PRIMARY KEY,
        call_started timestamptz NOT NULL,
        is_private   boolean NOT NULL,
        access_keys  text[] NOT NULL,
        account_ids  text[] NOT NULL
      )`);
    // A union of text arrays (`DISTINCT` arrays in, so a call whose chunks agree concatenates one).
    await q.query(`CREATE AGGREGATE search_calls_union(text[]) (SFUNC = array_cat, STYPE = text[], INITCOND = '{}')`);
    // The rows of the calls a statement touched, from their chunks; `%1$I` is the schema, `%2$s` the touched calls' ids
    // (a query over the statement's transition tables, which only the trigger function itself can read).
    // Read committed: each EXECUTE sees what was committed when it started.
    await q.query(`
      CREATE FUNCTION search_calls_sync() RETURNS trigger LANGUAGE plpgsql AS $fn$
      DECLARE
        touched text;
      BEGIN
        IF TG_OP = 'TRUNCATE' THEN
          EXECUTE format('TRUNCATE %I.search_calls', TG_TABLE_SCHEMA);
          RETURN NULL;
        END IF;
        touched := CASE TG_OP
          WHEN 'INSERT' THEN 'SELECT DISTINCT n.call_id FROM search_calls_new n'
          WHEN 'UPDATE' THEN 'SELECT n.call_id FROM search_calls_new n UNION SELECT o.call_id FROM search_calls_old o'
          ELSE 'SELECT DISTINCT o.call_id FROM search_calls_old o' END;
        -- Their rows locked first, in a statement of its own: a concurrent writer of the same call has
        -- committed by the time the statements below start (read committed: each sees what was committed then).
        EXECUTE format('SELECT 1 FROM %1$I.search_calls s WHERE s.call_id IN (%2$s) ORDER BY s.call_id FOR UPDATE', TG_TABLE_SCHEMA, touched);
        -- Those that still have chunks: recomputed.
        EXECUTE format($sql$
          WITH rows AS (
            SELECT c.call_id, max(c.call_started) AS call_started, bool_and(c.is_private) AS is_private,
                   ARRAY(SELECT DISTINCT k FROM unnest(%1$I.search_calls_union(DISTINCT c.access_keys)) k ORDER BY k) AS access_keys,
                   ARRAY(SELECT DISTINCT k FROM unnest(%1$I.search_calls_union(DISTINCT c.account_ids)) k ORDER BY k) AS account_ids
            FROM %1$I.search_chunks c WHERE c.call_id IN (%2$s) GROUP BY c.call_id)
          INSERT INTO %1$I.search_calls AS s (call_id, call_started, is_private, access_keys, account_ids)
          SELECT rows.call_id, rows.call_started, rows.is_private, rows.access_keys, rows.account_ids FROM rows ORDER BY rows.call_id
          ON CONFLICT (call_id) DO UPDATE SET call_started = EXCLUDED.call_started, is_private = EXCLUDED.is_private,
            access_keys = EXCLUDED.access_keys, account_ids = EXCLUDED.account_ids
        $sql$, TG_TABLE_SCHEMA, touched);
        -- Those left with none (never after an insert): deleted.
        IF TG_OP <> 'INSERT' THEN
          EXECUTE format('DELETE FROM %1$I.search_calls s WHERE s.call_id IN (%2$s) AND NOT EXISTS (SELECT 1 FROM %1$I.search_chunks c WHERE c.call_id = s.call_id)',
                         TG_TABLE_SCHEMA, touched);
        END IF;
        RETURN NULL;
      END
      $fn$`);
    await q.query(`
      CREATE TRIGGER search_calls_insert AFTER INSERT ON search_chunks
        REFERENCING NEW TABLE AS search_calls_new FOR EACH STATEMENT EXECUTE FUNCTION search_calls_sync()`);
    await q.query(`
      CREATE TRIGGER search_calls_update AFTER UPDATE ON search_chunks
        REFERENCING OLD TABLE AS search_calls_old NEW TABLE AS search_calls_new FOR EACH STATEMENT EXECUTE FUNCTION search_calls_sync()`);
    await q.query(`
      CREATE TRIGGER search_calls_delete AFTER DELETE ON search_chunks
        REFERENCING OLD TABLE AS search_calls_old FOR EACH STATEMENT EXECUTE FUNCTION search_calls_sync()`);
    await q.query(`CREATE TRIGGER search_calls_truncate AFTER TRUNCATE ON search_chunks FOR EACH STATEMENT EXECUTE FUNCTION search_calls_sync()`);
    // The fill: one pass over the chunks (the triggers keep it from here; the migration's transaction holds writers off).
    await q.query(`
      INSERT INTO search_calls (call_id, call_started, is_private, access_keys, account_ids)
      SELECT c.call_id, max(c.call_started), bool_and(c.is_private),
             ARRAY(SELECT DISTINCT k FROM unnest(search_calls_union(DISTINCT c.access_keys)) k ORDER BY k),
             ARRAY(SELECT DISTINCT k FROM unnest(search_calls_union(DISTINCT c.account_ids)) k ORDER BY k)
      FROM search_chunks c GROUP BY c.call_id`);
    await q.query(`CREATE INDEX search_calls_access_keys ON search_calls USING gin (access_keys) WITH (fastupdate = off)`);
    await q.query(`CREATE INDEX search_calls_accounts ON search_calls USING gin (account_ids) WITH (fastupdate = off)`);
    await q.query(`CREATE INDEX search_calls_started ON search_calls (call_started)`);
    await q.query(`ANALYZE search_calls`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TRIGGER search_calls_truncate ON search_chunks');
    await q.query('DROP TRIGGER search_calls_delete ON search_chunks');
    await q.query('DROP TRIGGER search_calls_update ON search_chunks');
    await q.query('DROP TRIGGER search_calls_insert ON search_chunks');
    await q.query('DROP FUNCTION search_calls_sync()');
    await q.query('DROP AGGREGATE search_calls_union(text[])');
    await q.query('DROP TABLE search_calls');
  }
}
