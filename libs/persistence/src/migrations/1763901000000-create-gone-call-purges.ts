import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `gone_call_purges`: one row per purge of calls Gong no longer has (found by the verification
 * sweep or a re-fetch that Gong answered without the call): when, how it was found and how much was
 * removed. Counts only: no call id, title or party, so the record keeps nothing of what was purged.
 */
export class CreateGoneCallPurges1763901000000 implements MigrationInterface {
  name = 'CreateGoneCallPurges1763901000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE gone_call_purges (
        id           text PRIMARY KEY,
        detected_by  text NOT NULL CHECK (detected_by IN ('sweep', 'refetch')),
        purged_at    timestamptz NOT NULL,
        calls        integer NOT NULL,
        transcripts  integer NOT NULL,
        chunks       integer NOT NULL,
        deliveries   integer NOT NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE gone_call_purges');
  }
}
