import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What agent-api replicas share instead of counting per process: the per-token request counters
 * (`api_rate_limits`, in the layout rate-limiter-flexible's PostgreSQL store reads and writes: key,
 * points, expire in epoch milliseconds) and the call ids Gong answered as unknown to the live
 * fallback (`live_fallback_misses`), so a client guessing ids cannot make each replica ask again.
 */
export class CreateSharedLimits1763900700000 implements MigrationInterface {
  name = 'CreateSharedLimits1763900700000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE api_rate_limits (
        key    varchar(255) PRIMARY KEY,
        points integer NOT NULL DEFAULT 0,
        expire bigint
      )`);
    await q.query('CREATE INDEX api_rate_limits_expire ON api_rate_limits (expire)');
    await q.query(`
      CREATE TABLE live_fallback_misses (
        call_id   text PRIMARY KEY,
        missed_at timestamptz NOT NULL
      )`);
    await q.query('CREATE INDEX live_fallback_misses_missed_at ON live_fallback_misses (missed_at)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE live_fallback_misses');
    await q.query('DROP TABLE api_rate_limits');
  }
}
