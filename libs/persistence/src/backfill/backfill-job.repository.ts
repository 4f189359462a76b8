import type { Database } from '../database/database.js';
import type { Transaction } from '../database/transaction.js';
import type { BackfillJob, BackfillPosition, BackfillStatus } from './backfill-job.js';

type JobRow = {
  id: string;
  from_time: Date;
  to_time: Date;
  workspace_id: string | null;
  status: BackfillStatus;
  window_start: Date | null;
  cursor: string | null;
  resume_from: Date | null;
  calls_stored: number;
  calls_total: number | null;
  transcripts_stored: number;
  requests_spent: number;
  error: string | null;
  created_at: Date;
  updated_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
};

const iso = (d: Date | null): string | null => (d ? new Date(d).toISOString() : null);

const toJob = (r: JobRow): BackfillJob => ({
  id: r.id,
  from: iso(r.from_time)!,
  to: iso(r.to_time)!,
  workspaceId: r.workspace_id,
  status: r.status,
  windowStart: iso(r.window_start),
  cursor: r.cursor,
  resumeFrom: iso(r.resume_from),
  callsStored: r.calls_stored,
  callsTotal: r.calls_total,
  transcriptsStored: r.transcripts_stored,
  requestsSpent: r.requests_spent,
  error: r.error,
  createdAt: iso(r.created_at)!,
  updatedAt: iso(r.updated_at)!,
  startedAt: iso(r.started_at),
  finishedAt: iso(r.finished_at),
});

/** Backfill jobs and their resumable positions (`backfill_jobs`). */
export class BackfillJobRepository {
  constructor(private readonly db: Database) {}

  async create(job: { id: string; from: string; to: string; workspaceId: string | null }): Promise<BackfillJob> {
    const rows: JobRow[] = await this.db.query(
      `INSERT INTO backfill_jobs (id, from_time, to_time, workspace_id, status, window_start)
       VALUES ($1, $2, $3, $4, 'queued', $2) RETURNING *`,
      [job.id, job.from, job.to, job.workspaceId],
    );
    return toJob(rows[0]!);
  }

  async get(id: string): Promise<BackfillJob | undefined> {
    const rows: JobRow[] = await this.db.query('SELECT * FROM backfill_jobs WHERE id = $1', [id]);
    return rows[0] ? toJob(rows[0]) : undefined;
  }

  /** Newest first. */
  async list(limit = 50): Promise<BackfillJob[]> {
    const rows: JobRow[] = await this.db.query('SELECT * FROM backfill_jobs ORDER BY created_at DESC, id LIMIT $1', [limit]);
    return rows.map(toJob);
  }

  /** The job to work on next: one left running by a previous process first, then the oldest queued. */
  async nextRunnable(): Promise<BackfillJob | undefined> {
    const rows: JobRow[] = await this.db.query(
      `SELECT * FROM backfill_jobs WHERE status IN ('running', 'queued')
       ORDER BY (status = 'running') DESC, created_at, id LIMIT 1`,
    );
    return rows[0] ? toJob(rows[0]) : undefined;
  }

  /** Marks a queued (or resumed) job running; false when it was cancelled or finished meanwhile. */
  async markRunning(id: string): Promise<boolean> {
    // TypeORM answers an UPDATE with [rows, rowCount].
    const [, updated]: [unknown[], number] = await this.db.query(
      `UPDATE backfill_jobs SET status = 'running', started_at = COALESCE(started_at, now()), updated_at = now()
       WHERE id = $1 AND status IN ('queued', 'running')`,
      [id],
    );
    return updated > 0;
  }

  /** Records a committed page, inside the transaction that stored it when `tx` is given. */
  async savePosition(id: string, p: BackfillPosition, tx?: Transaction): Promise<void> {
    await this.db.query(
      `UPDATE backfill_jobs SET window_start = $2, cursor = $3, resume_from = $4,
         calls_total = COALESCE($5, calls_total), calls_stored = calls_stored + $6,
         transcripts_stored = transcripts_stored + $7, requests_spent = requests_spent + $8, updated_at = now()
       WHERE id = $1`,
      [id, p.windowStart, p.cursor, p.resumeFrom, p.callsTotal, p.addCalls, p.addTranscripts, p.addRequests],
      tx,
    );
  }

  /** Ends a running job (a cancelled one stays cancelled). */
  async finish(id: string, status: 'completed' | 'failed', error?: string): Promise<void> {
    await this.db.query(
      `UPDATE backfill_jobs SET status = $2, error = $3, finished_at = now(), updated_at = now(),
         calls_total = CASE WHEN $2 = 'completed' THEN calls_stored ELSE calls_total END
       WHERE id = $1 AND status = 'running'`,
      [id, status, error ?? null],
    );
  }

  /** Cancels a queued or running job; returns the job as it is afterwards (undefined: no such job). */
  async cancel(id: string): Promise<BackfillJob | undefined> {
    await this.db.query(
      `UPDATE backfill_jobs SET status = 'cancelled', finished_at = now(), updated_at = now()
       WHERE id = $1 AND status IN ('queued', 'running')`,
      [id],
    );
    return this.get(id);
  }

  async status(id: string): Promise<BackfillStatus | undefined> {
    const rows: { status: BackfillStatus }[] = await this.db.query('SELECT status FROM backfill_jobs WHERE id = $1', [id]);
    return rows[0]?.status;
  }
}
