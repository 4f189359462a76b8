import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The company's Gong OAuth grant, shared by every service that calls Gong with OAuth: Gong's
 * refresh tokens are single-use, so the current pair must live in one place that each process
 * re-reads (and refreshes under a lock) instead of a copy per process.
 */
export class CreateGongOAuthGrants1763900090000 implements MigrationInterface {
  name = 'CreateGongOAuthGrants1763900090000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE gong_oauth_grants (
        name       text PRIMARY KEY,
        tokens     jsonb NOT NULL,
        version    integer NOT NULL DEFAULT 1,
        -- sha256 of the configured refresh token the row was seeded from: a new one (the app was
        -- authorized again) replaces the grant, the same one leaves the rotated grant alone.
        seed_sha256 text,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE gong_oauth_grants');
  }
}
