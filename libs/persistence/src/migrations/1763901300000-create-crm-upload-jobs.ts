import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `crm_upload_jobs`: one CRM upload (POST /v2/crm/entities) made for a user, followed until Gong's
 * request status is final. `state`: submitting (being sent), polling (sent; GET
 * /v2/crm/request-status asked every poll interval), done (Gong's status is final: DONE or FAILED,
 * with its line errors) or failed (the upload never reached Gong, or was never finished by it).
 * A poller claims a due job by taking its lease (`lease_owner`, `lease_until`) with
 * `FOR UPDATE SKIP LOCKED`, so replicas never poll one job at once, and a job left by a stopped
 * service is taken again when its lease runs out.
 */
export class CreateCrmUploadJobs1763901300000 implements MigrationInterface {
  name = 'CreateCrmUploadJobs1763901300000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE crm_upload_jobs (
        id                 uuid PRIMARY KEY,
        user_id            text NOT NULL,
        user_email         text,
        token_id           text NOT NULL,
        token_kind         text NOT NULL,
        args_digest        text NOT NULL,
        integration_id     text NOT NULL,
        object_type        text NOT NULL,
        client_request_id  text NOT NULL UNIQUE,
        line_count         integer NOT NULL,
        state              text NOT NULL CHECK (state IN ('submitting', 'polling', 'done', 'failed')),
        gong_status        text,
        gong_request_id    text,
        success_count      integer,
        error_count        integer,
        line_errors        jsonb NOT NULL DEFAULT '[]',
        error              jsonb,
        polls              integer NOT NULL DEFAULT 0,
        next_poll_at       timestamptz NOT NULL,
        lease_owner        text,
        lease_until        timestamptz,
        created_at         timestamptz NOT NULL,
        updated_at         timestamptz NOT NULL,
        finished_at        timestamptz
      )`);
    await q.query(`CREATE INDEX crm_upload_jobs_due ON crm_upload_jobs (next_poll_at) WHERE state IN ('submitting', 'polling')`);
    await q.query('CREATE INDEX crm_upload_jobs_user ON crm_upload_jobs (user_id, created_at DESC)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE crm_upload_jobs');
  }
}
