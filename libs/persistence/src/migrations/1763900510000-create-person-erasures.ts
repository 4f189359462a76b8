import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `person_erasures`: one row per erasure request ("right to be forgotten"): who asked, when, what
 * kind of identifier and how much was removed, never the data itself. `subject_hash` is the
 * sha256 of the normalized identifier (lower-case email; `+` and digits of a phone number): what
 * ingest matches every stored call against, so a later sync or webhook does not bring the person
 * back, without keeping the address in clear.
 */
export class CreatePersonErasures1763900510000 implements MigrationInterface {
  name = 'CreatePersonErasures1763900510000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE person_erasures (
        id                  text PRIMARY KEY,
        subject_kind        text NOT NULL CHECK (subject_kind IN ('email', 'phone')),
        subject_hash        text NOT NULL,
        requested_by        text NOT NULL,
        requested_at        timestamptz NOT NULL DEFAULT now(),
        calls_affected      integer NOT NULL DEFAULT 0,
        parties_removed     integer NOT NULL DEFAULT 0,
        monologues_removed  integer NOT NULL DEFAULT 0,
        mentions_redacted   integer NOT NULL DEFAULT 0,
        context_objects_removed integer NOT NULL DEFAULT 0,
        deliveries_scrubbed integer NOT NULL DEFAULT 0,
        gong_forward        text NOT NULL DEFAULT 'off' CHECK (gong_forward IN ('off', 'sent', 'failed')),
        gong_forward_error  text
      )`);
    await q.query(`CREATE INDEX person_erasures_subject ON person_erasures (subject_kind, subject_hash)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE person_erasures');
  }
}
