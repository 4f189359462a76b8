import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The quota broker's durable daily counter: one row per budget and budget day, holding an upper
 * bound of the day's Gong requests (written ahead of the grants) and the end of a Gong pause.
 * Writes only ever raise both values (GREATEST), so late or concurrent writers cannot lower them.
 */
export class CreateQuotaSpend1763900010000 implements MigrationInterface {
  name = 'CreateQuotaSpend1763900010000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE quota_spend (
        budget       text NOT NULL,
        day_key      text NOT NULL CHECK (day_key ~ '^\\d{4}-\\d{2}-\\d{2}$'),
        used         integer NOT NULL CHECK (used >= 0),
        paused_until timestamptz,
        updated_at   timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (budget, day_key)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE quota_spend');
  }
}
