/** A write's preview waiting for `confirm: <id>`. */
export interface WriteConfirmationRecord {
  id: string;
  tokenId: string;
  userId: string;
  tool: string;
  argsDigest: string;
  preview: Record<string, unknown>;
  createdAt: Date;
  expiresAt: Date;
  usedAt: Date | null;
}

/** A write run under an idempotency key: while `running` its answer is unknown; then the first answer, kept. */
export interface WriteOperationRecord {
  id: string;
  scopeKey: string;
  idempotencyKey: string;
  tool: string;
  argsDigest: string;
  state: 'running' | 'done' | 'failed';
  answer: Record<string, unknown> | null;
  createdAt: Date;
  finishedAt: Date | null;
}

/** One line of the write audit (append-only). */
export interface WriteAuditRecord {
  id: string;
  at: Date;
  tokenId: string;
  tokenKind: string;
  /** The Gong user the write was made for. */
  actingFor: string;
  tool: string;
  argsDigest: string;
  /** done, failed, refused, reconciled, replayed. */
  outcome: string;
  gongRequestIds: string[];
  idempotencyKey: string | null;
  detail: Record<string, unknown> | null;
}

export type NewWriteAudit = Omit<WriteAuditRecord, 'id'>;
