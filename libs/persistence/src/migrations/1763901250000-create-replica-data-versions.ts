import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The tables each data version covers: any write to one of them bumps its domain's version. */
const DOMAINS: Record<string, string[]> = {
  coaching: ['gong_user_day_activity', 'gong_user_day_interaction', 'gong_scorecards', 'gong_scorecard_questions', 'gong_answered_scorecards', 'gong_scorecard_answers'],
  search: ['search_chunks', 'search_chunk_texts'],
};

/**
 * `replica_data_versions`: one counter per domain of the replica (`coaching`: per-user stats and
 * scorecards; `search`: the PostgreSQL index's chunks), bumped in the same transaction as every
 * INSERT, UPDATE or DELETE of the domain's rows (and every TRUNCATE), whoever writes them (the
 * coaching sync, the indexer, an erasure, a purge). A reader that caches derived answers keys them
 * by the version it read BEFORE reading the data: a version is visible exactly when the writes that
 * bumped it are, so an answer is never cached under a version newer than its data.
 *
 * The row triggers are deferred to commit and bump once per transaction and domain (a transaction
 * setting): the counter's row lock is held only while committing, so concurrent indexers (bulk and
 * post-call lanes) do not queue behind each other's whole transaction.
 */
export class CreateReplicaDataVersions1763901250000 implements MigrationInterface {
  name = 'CreateReplicaDataVersions1763901250000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE replica_data_versions (
        domain   text PRIMARY KEY,
        version  bigint NOT NULL DEFAULT 0
      )`);
    await q.query(`INSERT INTO replica_data_versions (domain) VALUES ${Object.keys(DOMAINS).map((d) => `('${d}')`).join(', ')}`);
    // The counter updated is the one in the schema of the table written (schemas side by side: tests, tenants).
    await q.query(`
      CREATE FUNCTION replica_data_version_bump() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        done text := 'replica_data_version.b' || md5(TG_TABLE_SCHEMA || '/' || TG_ARGV[0]);
      BEGIN
        IF TG_LEVEL = 'ROW' THEN
          IF current_setting(done, true) = 'bumped' THEN RETURN NULL; END IF;
          PERFORM set_config(done, 'bumped', true);
        END IF;
        EXECUTE format('UPDATE %I.replica_data_versions SET version = version + 1 WHERE domain = $1', TG_TABLE_SCHEMA) USING TG_ARGV[0];
        RETURN NULL;
      END $$`);
    for (const [domain, tables] of Object.entries(DOMAINS)) {
      for (const table of tables) {
        await q.query(
          `CREATE CONSTRAINT TRIGGER ${table}_data_version AFTER INSERT OR UPDATE OR DELETE ON ${table}
           DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION replica_data_version_bump('${domain}')`,
        );
        await q.query(`CREATE TRIGGER ${table}_data_version_truncate AFTER TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION replica_data_version_bump('${domain}')`);
      }
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const tables of Object.values(DOMAINS)) {
      for (const table of tables) {
        await q.query(`DROP TRIGGER ${table}_data_version_truncate ON ${table}`);
        await q.query(`DROP TRIGGER ${table}_data_version ON ${table}`);
      }
    }
    await q.query('DROP FUNCTION replica_data_version_bump()');
    await q.query('DROP TABLE replica_data_versions');
  }
}
