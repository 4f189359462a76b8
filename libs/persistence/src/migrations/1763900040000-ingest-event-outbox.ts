import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What ingest needs beyond the replica tables:
 * - an event outbox on `calls`: `event_version` grows in the transaction that changes a call or its
 *   transcript, `published_version` records the last version announced on `ingest.call.fetched.v1`,
 *   so a crash between the commit and the publish is repaired by a sweep (partial index);
 * - the position of a backfill that survives restarts (`resume_from`: every call that started before
 *   it is stored; the cursor's own request starts at `window_start`), counts and timestamps;
 * - how a webhook delivery was authenticated and how big it was (audit).
 */
export class IngestEventOutbox1763900040000 implements MigrationInterface {
  name = 'IngestEventOutbox1763900040000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE calls
        ADD COLUMN event_version     integer NOT NULL DEFAULT 0,
        ADD COLUMN published_version integer NOT NULL DEFAULT 0`);
    await q.query(`CREATE INDEX calls_unpublished ON calls (updated_at) WHERE event_version > published_version`);
    await q.query(`
      ALTER TABLE backfill_jobs
        ADD COLUMN resume_from        timestamptz,
        ADD COLUMN transcripts_stored integer NOT NULL DEFAULT 0,
        ADD COLUMN started_at         timestamptz,
        ADD COLUMN finished_at        timestamptz`);
    await q.query(`CREATE INDEX backfill_jobs_status ON backfill_jobs (status, created_at)`);
    await q.query(`
      ALTER TABLE webhook_deliveries
        ADD COLUMN auth_method text,
        ADD COLUMN body_bytes  integer`);
    await q.query(`CREATE INDEX webhook_deliveries_accepted ON webhook_deliveries (call_id) WHERE outcome = 'accepted'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX webhook_deliveries_accepted');
    await q.query('ALTER TABLE webhook_deliveries DROP COLUMN body_bytes, DROP COLUMN auth_method');
    await q.query('DROP INDEX backfill_jobs_status');
    await q.query(
      'ALTER TABLE backfill_jobs DROP COLUMN finished_at, DROP COLUMN started_at, DROP COLUMN transcripts_stored, DROP COLUMN resume_from',
    );
    await q.query('DROP INDEX calls_unpublished');
    await q.query('ALTER TABLE calls DROP COLUMN published_version, DROP COLUMN event_version');
  }
}
