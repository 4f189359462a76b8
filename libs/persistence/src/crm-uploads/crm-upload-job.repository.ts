import type { Database } from '../database/database.js';
import { returningRows } from '../database/returning-rows.js';
import type { Transaction } from '../database/transaction.js';
import type { NewWriteAudit } from '../gong-writes/gong-write.records.js';
import { GongWriteRepository } from '../gong-writes/gong-write.repository.js';
import type { CrmUploadJobProgress, CrmUploadJobRecord, CrmUploadJobState, CrmUploadLineError, NewCrmUploadJob } from './crm-upload-job.record.js';

interface JobRow {
  id: string;
  user_id: string;
  user_email: string | null;
  token_id: string;
  token_kind: string;
  args_digest: string;
  integration_id: string;
  object_type: string;
  client_request_id: string;
  line_count: number;
  state: CrmUploadJobState;
  gong_status: string | null;
  gong_request_id: string | null;
  success_count: number | null;
  error_count: number | null;
  line_errors: CrmUploadLineError[];
  error: { code: string; message: string } | null;
  polls: number;
  next_poll_at: Date;
  created_at: Date;
  updated_at: Date;
  finished_at: Date | null;
}

const job = (r: JobRow): CrmUploadJobRecord => ({
  id: r.id,
  userId: r.user_id,
  userEmail: r.user_email,
  tokenId: r.token_id,
  tokenKind: r.token_kind,
  argsDigest: r.args_digest,
  integrationId: r.integration_id,
  objectType: r.object_type,
  clientRequestId: r.client_request_id,
  lineCount: r.line_count,
  state: r.state,
  gongStatus: r.gong_status,
  gongRequestId: r.gong_request_id,
  successCount: r.success_count,
  errorCount: r.error_count,
  lineErrors: r.line_errors,
  error: r.error,
  polls: r.polls,
  nextPollAt: new Date(r.next_poll_at),
  createdAt: new Date(r.created_at),
  updatedAt: new Date(r.updated_at),
  finishedAt: r.finished_at === null ? null : new Date(r.finished_at),
});

/**
 * CRM upload jobs: created when an upload is sent, claimed by one poller at a time (a lease taken
 * with `FOR UPDATE SKIP LOCKED`, so replicas share the jobs and never poll one twice at once; a
 * job whose poller stopped is taken again when its lease runs out), updated under that lease only.
 */
export class CrmUploadJobRepository {
  constructor(private readonly db: Database) {}

  /** Creates the job in state `submitting`; an existing id (a send retried) is left as it is. */
  async create(j: NewCrmUploadJob): Promise<void> {
    await this.db.query(
      `INSERT INTO crm_upload_jobs (id, user_id, user_email, token_id, token_kind, args_digest, integration_id, object_type, client_request_id,
         line_count, state, next_poll_at, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'submitting', $11, $12, $12)
       ON CONFLICT (id) DO NOTHING`,
      [j.id, j.userId, j.userEmail, j.tokenId, j.tokenKind, j.argsDigest, j.integrationId, j.objectType, j.clientRequestId, j.lineCount, j.nextPollAt, j.createdAt],
    );
  }

  async get(id: string): Promise<CrmUploadJobRecord | undefined> {
    const rows: JobRow[] = await this.db.query('SELECT * FROM crm_upload_jobs WHERE id = $1', [id]);
    return rows[0] ? job(rows[0]) : undefined;
  }

  /** Gong took the upload: poll it from `nextPollAt` on (only a job still submitting moves). */
  async markSubmitted(id: string, gongRequestId: string | null, nextPollAt: Date, at: Date): Promise<void> {
    await this.db.query(
      `UPDATE crm_upload_jobs SET state = 'polling', gong_request_id = COALESCE($2, gong_request_id), next_poll_at = $3, updated_at = $4
       WHERE id = $1 AND state = 'submitting'`,
      [id, gongRequestId, nextPollAt, at],
    );
  }

  /** The upload was not taken (Gong refused it, or it never left): the job ends failed. */
  async markNotSubmitted(id: string, error: { code: string; message: string }, at: Date): Promise<void> {
    await this.db.query(
      `UPDATE crm_upload_jobs SET state = 'failed', error = $2, updated_at = $3, finished_at = $3 WHERE id = $1 AND state = 'submitting'`,
      [id, JSON.stringify(error), at],
    );
  }

  /**
   * Takes the lease of up to `limit` due jobs (submitting or polling, next poll due, no live lease)
   * for `owner` until `now + leaseMs`; the jobs taken.
   */
  async claimDue(owner: string, now: Date, leaseMs: number, limit: number): Promise<CrmUploadJobRecord[]> {
    const rows = returningRows<JobRow>(
      await this.db.query(
        `UPDATE crm_upload_jobs j SET lease_owner = $1, lease_until = $2::timestamptz + ($3::bigint * interval '1 millisecond')
         WHERE j.id IN (
           SELECT id FROM crm_upload_jobs
           WHERE state IN ('submitting', 'polling') AND next_poll_at <= $2 AND (lease_until IS NULL OR lease_until <= $2)
           ORDER BY next_poll_at
           LIMIT $4
           FOR UPDATE SKIP LOCKED)
         RETURNING j.*`,
        [owner, now, Math.round(leaseMs), limit],
      ),
    );
    return rows.map(job);
  }

  /** Writes what a poll learned and gives the lease back; false when `owner` no longer held it (nothing written). */
  async record(id: string, owner: string, p: CrmUploadJobProgress, tx?: Transaction): Promise<boolean> {
    const final = p.state === 'done' || p.state === 'failed';
    const rows = returningRows<{ id: string }>(
      await this.db.query(
        `UPDATE crm_upload_jobs SET
           state = $3,
           gong_status = COALESCE($4, gong_status),
           success_count = COALESCE($5, success_count),
           error_count = COALESCE($6, error_count),
           line_errors = COALESCE($7::jsonb, line_errors),
           error = COALESCE($8::jsonb, error),
           polls = polls + 1,
           next_poll_at = $9,
           updated_at = $10,
           finished_at = CASE WHEN $11 THEN $10 ELSE finished_at END,
           lease_owner = NULL,
           lease_until = NULL
         WHERE id = $1 AND lease_owner = $2 AND state IN ('submitting', 'polling')
         RETURNING id`,
        [
          id,
          owner,
          p.state,
          p.gongStatus ?? null,
          p.successCount ?? null,
          p.errorCount ?? null,
          p.lineErrors === undefined ? null : JSON.stringify(p.lineErrors),
          p.error == null ? null : JSON.stringify(p.error),
          p.nextPollAt,
          p.at,
          final,
        ],
        tx,
      ),
    );
    return rows.length > 0;
  }

  /**
   * Records a job's end and appends its audit line, in one transaction; false when `owner` no longer
   * held the job (nothing written: the replica that took it over finishes it).
   */
  async finish(id: string, owner: string, p: CrmUploadJobProgress, audit: NewWriteAudit): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      if (!(await this.record(id, owner, p, tx))) return false;
      await new GongWriteRepository(this.db).append(audit, tx);
      return true;
    });
  }

  /** Gives up the leases `owner` holds (a service stopping), so another replica takes the jobs at once. */
  async releaseLeases(owner: string): Promise<void> {
    await this.db.query(`UPDATE crm_upload_jobs SET lease_owner = NULL, lease_until = NULL WHERE lease_owner = $1`, [owner]);
  }
}
