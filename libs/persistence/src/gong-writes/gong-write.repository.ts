import type { Database } from '../database/database.js';
import { returningRows } from '../database/returning-rows.js';
import type { Transaction } from '../database/transaction.js';
import type { NewWriteAudit, WriteAuditRecord, WriteConfirmationRecord, WriteOperationRecord } from './gong-write.records.js';

interface ConfirmationRow {
  id: string;
  token_id: string;
  user_id: string;
  tool: string;
  args_digest: string;
  preview: Record<string, unknown>;
  created_at: Date;
  expires_at: Date;
  used_at: Date | null;
}

interface OperationRow {
  id: string;
  scope_key: string;
  idempotency_key: string;
  tool: string;
  args_digest: string;
  state: WriteOperationRecord['state'];
  answer: Record<string, unknown> | null;
  created_at: Date;
  finished_at: Date | null;
}

interface AuditRow {
  id: string;
  at: Date;
  token_id: string;
  token_kind: string;
  acting_for: string;
  tool: string;
  args_digest: string;
  outcome: string;
  gong_request_ids: string[];
  idempotency_key: string | null;
  detail: Record<string, unknown> | null;
}

const confirmation = (r: ConfirmationRow): WriteConfirmationRecord => ({
  id: r.id,
  tokenId: r.token_id,
  userId: r.user_id,
  tool: r.tool,
  argsDigest: r.args_digest,
  preview: r.preview,
  createdAt: new Date(r.created_at),
  expiresAt: new Date(r.expires_at),
  usedAt: r.used_at === null ? null : new Date(r.used_at),
});

const operation = (r: OperationRow): WriteOperationRecord => ({
  id: r.id,
  scopeKey: r.scope_key,
  idempotencyKey: r.idempotency_key,
  tool: r.tool,
  argsDigest: r.args_digest,
  state: r.state,
  answer: r.answer,
  createdAt: new Date(r.created_at),
  finishedAt: r.finished_at === null ? null : new Date(r.finished_at),
});

const audit = (r: AuditRow): WriteAuditRecord => ({
  id: String(r.id),
  at: new Date(r.at),
  tokenId: r.token_id,
  tokenKind: r.token_kind,
  actingFor: r.acting_for,
  tool: r.tool,
  argsDigest: r.args_digest,
  outcome: r.outcome,
  gongRequestIds: r.gong_request_ids,
  idempotencyKey: r.idempotency_key,
  detail: r.detail,
});

/**
 * Writes to Gong made for users: confirmations waiting for `confirm`, operations under an
 * idempotency key (shared by every replica), and the append-only audit.
 */
export class GongWriteRepository {
  constructor(private readonly db: Database) {}

  /** Stores a preview to confirm, and forgets confirmations that expired before `forgetBefore`. */
  async createConfirmation(c: Omit<WriteConfirmationRecord, 'usedAt'>, forgetBefore: Date): Promise<void> {
    await this.db.query(
      `WITH pruned AS (DELETE FROM gong_write_confirmations WHERE expires_at < $8)
       INSERT INTO gong_write_confirmations (id, token_id, user_id, tool, args_digest, preview, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $9)`,
      [c.id, c.tokenId, c.userId, c.tool, c.argsDigest, JSON.stringify(c.preview), c.createdAt, forgetBefore, c.expiresAt],
    );
  }

  async getConfirmation(id: string): Promise<WriteConfirmationRecord | undefined> {
    const rows: ConfirmationRow[] = await this.db.query('SELECT * FROM gong_write_confirmations WHERE id = $1', [id]);
    return rows[0] ? confirmation(rows[0]) : undefined;
  }

  /** Marks a confirmation used; false when another request used it first. */
  async useConfirmation(id: string, at: Date): Promise<boolean> {
    const rows = returningRows<{ id: string }>(
      await this.db.query('UPDATE gong_write_confirmations SET used_at = $2 WHERE id = $1 AND used_at IS NULL AND expires_at > $2 RETURNING id', [id, at]),
    );
    return rows.length === 1;
  }

  /**
   * Claims an idempotency key for a new operation (state `running`). When the key is taken, the
   * operation holding it is returned instead (running, or finished with its answer).
   */
  async claim(op: Pick<WriteOperationRecord, 'id' | 'scopeKey' | 'idempotencyKey' | 'tool' | 'argsDigest' | 'createdAt'>): Promise<{ claimed: true } | { claimed: false; existing: WriteOperationRecord }> {
    const inserted: OperationRow[] = await this.db.query(
      `INSERT INTO gong_write_operations (id, scope_key, idempotency_key, tool, args_digest, state, created_at)
       VALUES ($1, $2, $3, $4, $5, 'running', $6) ON CONFLICT (scope_key, idempotency_key) DO NOTHING RETURNING *`,
      [op.id, op.scopeKey, op.idempotencyKey, op.tool, op.argsDigest, op.createdAt],
    );
    if (inserted.length === 1) return { claimed: true };
    const rows: OperationRow[] = await this.db.query('SELECT * FROM gong_write_operations WHERE scope_key = $1 AND idempotency_key = $2', [op.scopeKey, op.idempotencyKey]);
    if (!rows[0]) return this.claim(op);
    return { claimed: false, existing: operation(rows[0]) };
  }

  /** Forgets a claim whose write never reached Gong (refused before sending), so the key may be used again. */
  async release(id: string): Promise<void> {
    await this.db.query(`DELETE FROM gong_write_operations WHERE id = $1 AND state = 'running'`, [id]);
  }

  /** The operation holding an idempotency key, if any. */
  async findOperation(scopeKey: string, idempotencyKey: string): Promise<WriteOperationRecord | undefined> {
    const rows: OperationRow[] = await this.db.query('SELECT * FROM gong_write_operations WHERE scope_key = $1 AND idempotency_key = $2', [scopeKey, idempotencyKey]);
    return rows[0] ? operation(rows[0]) : undefined;
  }

  async getOperation(id: string): Promise<WriteOperationRecord | undefined> {
    const rows: OperationRow[] = await this.db.query('SELECT * FROM gong_write_operations WHERE id = $1', [id]);
    return rows[0] ? operation(rows[0]) : undefined;
  }

  /** Keeps a write's answer (when it ran under a key) and appends its audit line, in one transaction. */
  async finish(result: { operationId?: string | undefined; state: 'done' | 'failed'; answer: Record<string, unknown>; at: Date }, line: NewWriteAudit): Promise<void> {
    await this.db.transaction(async (tx) => {
      if (result.operationId !== undefined) {
        await this.db.query(`UPDATE gong_write_operations SET state = $2, answer = $3, finished_at = $4 WHERE id = $1`, [result.operationId, result.state, JSON.stringify(result.answer), result.at], tx);
      }
      await this.append(line, tx);
    });
  }

  /** Appends one audit line. */
  async append(line: NewWriteAudit, tx?: Transaction): Promise<void> {
    await this.db.query(
      `INSERT INTO gong_write_audit (at, token_id, token_kind, acting_for, tool, args_digest, outcome, gong_request_ids, idempotency_key, detail)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [line.at, line.tokenId, line.tokenKind, line.actingFor, line.tool, line.argsDigest, line.outcome, line.gongRequestIds, line.idempotencyKey, line.detail === null ? null : JSON.stringify(line.detail)],
      tx,
    );
  }

  /** Audit lines, newest first, before the line id `before` (paging), optionally of one user or tool. */
  async listAudit(options: { limit: number; before?: string | undefined; actingFor?: string | undefined; tool?: string | undefined }): Promise<WriteAuditRecord[]> {
    const rows: AuditRow[] = await this.db.query(
      `SELECT * FROM gong_write_audit
       WHERE ($2::bigint IS NULL OR id < $2) AND ($3::text IS NULL OR acting_for = $3) AND ($4::text IS NULL OR tool = $4)
       ORDER BY id DESC LIMIT $1`,
      [options.limit, options.before ?? null, options.actingFor ?? null, options.tool ?? null],
    );
    return rows.map(audit);
  }
}
