import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * When the access service last asked Gong's users-access for a call (`POST /v2/calls/users-access`).
 * `call_user_access` only holds the grants found, so a call without grants is told apart from one
 * never checked here. No foreign key to `calls`: a check may be stored before a call is re-written.
 */
export class CreateCallAccessChecks1763900030000 implements MigrationInterface {
  name = 'CreateCallAccessChecks1763900030000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE call_access_checks (
        call_id    text PRIMARY KEY,
        checked_at timestamptz NOT NULL,
        grants     integer NOT NULL DEFAULT 0 CHECK (grants >= 0)
      )`);
    await q.query('CREATE INDEX call_access_checks_checked_at ON call_access_checks (checked_at)');
    await q.query('CREATE INDEX permission_profiles_workspace ON permission_profiles (workspace_id)');
    await q.query('CREATE INDEX permission_profile_users_user ON permission_profile_users (user_id)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX permission_profile_users_user');
    await q.query('DROP INDEX permission_profiles_workspace');
    await q.query('DROP TABLE call_access_checks');
  }
}
