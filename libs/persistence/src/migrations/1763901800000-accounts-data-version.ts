import type { MigrationInterface, QueryRunner } from 'typeorm';

/** What an account resolution and an account's timeline read: the accounts, which calls name them, the calls, who took part, their topics and trackers. */
const TABLES = ['accounts', 'call_accounts', 'call_parties', 'calls', 'call_topics', 'call_trackers'];

/**
 * A third data version (see CreateReplicaDataVersions1763901250000), `accounts`: bumped by every
 * write to the tables an account resolution or an account's timeline reads (the accounts, the calls
 * naming them, the calls, their parties, whose email domains merge a CRM account with its contacts'
 * domain accounts, their topics and trackers). The agent API keeps resolutions and timelines keyed
 * by it, so an agent asking several questions about one account reads them once, and a merge or a
 * new call is still seen as soon as it is committed. The same deferred once-per-transaction triggers
 * as the other domains.
 */
export class AccountsDataVersion1763901800000 implements MigrationInterface {
  name = 'AccountsDataVersion1763901800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`INSERT INTO replica_data_versions (domain) VALUES ('accounts') ON CONFLICT (domain) DO NOTHING`);
    for (const table of TABLES) {
      await q.query(
        `CREATE CONSTRAINT TRIGGER ${table}_accounts_data_version AFTER INSERT OR UPDATE OR DELETE ON ${table}
         DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION replica_data_version_bump('accounts')`,
      );
      await q.query(`CREATE TRIGGER ${table}_accounts_data_version_truncate AFTER TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION replica_data_version_bump('accounts')`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of TABLES) {
      await q.query(`DROP TRIGGER ${table}_accounts_data_version_truncate ON ${table}`);
      await q.query(`DROP TRIGGER ${table}_accounts_data_version ON ${table}`);
    }
    await q.query(`DELETE FROM replica_data_versions WHERE domain = 'accounts'`);
  }
}
