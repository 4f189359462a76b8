import { AppError, ErrorCode, type Clock } from '@gong-connector/contracts';
import type { GongClient } from '@gong-connector/gong-client';
import type { GongWriteRepository, WriteOperationRecord } from '@gong-connector/persistence';
import { randomBytes, randomUUID } from 'node:crypto';
import type { Principal } from '../auth/principal.js';
import { executeGongWrite, type GongWrite } from './gong-write.executor.js';
import { writeArgumentsDigest } from './write-arguments.digest.js';

/** What a write will change, shown before it is confirmed. */
export interface WritePreview {
  /** One sentence: what changes, for whom. */
  summary: string;
  /** The Gong user the write is made for (email or id). */
  actingFor: string;
  /** The changes, one line each. */
  changes: string[];
}

/** The answer of every write tool (REST and MCP). */
export interface WriteAnswer extends Record<string, unknown> {
  status: 'confirmation_required' | 'done' | 'failed';
  tool: string;
  preview: WritePreview;
  /** Pass as `confirm` (same arguments) to perform the write; only while confirmation_required. */
  confirmationId?: string;
  expiresAt?: string;
  /** What Gong answered (done). */
  result?: Record<string, unknown>;
  /** Why Gong refused (failed). */
  error?: { code: string; message: string };
  gongRequestIds: string[];
  /** The first answer under this idempotency key, given again (no new Gong request). */
  replayed: boolean;
  /** The outcome was unknown (timeout) and was read back from Gong. */
  reconciled: boolean;
}

export interface WriteRequest {
  tool: string;
  principal: Principal;
  /** The arguments that define the write (not confirm, not the idempotency key). */
  args: Record<string, unknown>;
  confirm?: string | undefined;
  idempotencyKey?: string | undefined;
  preview: WritePreview;
  write: GongWrite;
}

export interface GongWriteServiceOptions {
  /** How long a preview may be confirmed. */
  confirmationTtlMs: number;
}

/**
 * Every write to Gong made for a user: previewed and confirmed (a confirmation id bound to the
 * token, the user, the tool and the exact arguments, short-lived, used once; tokens created
 * `autoConfirm` skip it), idempotent (an idempotency key's first answer is kept in PostgreSQL and
 * given again, with no second Gong request, by any replica after any restart), executed at
 * `interactive` priority through the quota broker (see `executeGongWrite`), and audited (append-only).
 */
export class GongWriteService {
  constructor(
    private readonly repo: GongWriteRepository,
    private readonly gong: () => Promise<GongClient>,
    private readonly clock: Clock,
    private readonly options: GongWriteServiceOptions,
  ) {}

  async run(req: WriteRequest): Promise<WriteAnswer> {
    const user = req.principal.user;
    if (!user) throw new AppError(ErrorCode.ACCESS_DENIED, `${req.tool} acts in Gong for a known Gong user; this token's user (${req.principal.subject}) is not in the replica`);
    const digest = writeArgumentsDigest(req.tool, req.args);
    const scopeKey = `${req.principal.tokenId}:${user.id}`;
    const base = { tool: req.tool, preview: req.preview, gongRequestIds: [] as string[], replayed: false, reconciled: false };

    if (req.idempotencyKey !== undefined) {
      const earlier = await this.repo.findOperation(scopeKey, req.idempotencyKey);
      if (earlier) return this.replay(req, earlier, digest);
    }

    const confirming = !req.principal.grant?.autoConfirm;
    if (confirming && req.confirm === undefined) {
      const now = this.clock.now();
      const id = `cf_${randomBytes(18).toString('base64url')}`;
      const expiresAt = new Date(now + this.options.confirmationTtlMs);
      await this.repo.createConfirmation({ id, tokenId: req.principal.tokenId, userId: user.id, tool: req.tool, argsDigest: digest, preview: { ...req.preview }, createdAt: new Date(now), expiresAt }, new Date(now));
      return { ...base, status: 'confirmation_required', confirmationId: id, expiresAt: expiresAt.toISOString() };
    }

    // The key is claimed before the confirmation is used: a repeat of this very request (an agent
    // retrying what it thinks lost) then finds the key (still running, then the first answer)
    // instead of a confirmation already used by its twin.
    let operationId: string | undefined;
    if (req.idempotencyKey !== undefined) {
      const id = randomUUID();
      const claim = await this.repo.claim({ id, scopeKey, idempotencyKey: req.idempotencyKey, tool: req.tool, argsDigest: digest, createdAt: new Date(this.clock.now()) });
      if (!claim.claimed) return this.replay(req, claim.existing, digest);
      operationId = id;
    }
    if (confirming) {
      try {
        await this.useConfirmation(req, user.id, digest);
      } catch (error) {
        // Nothing was sent: the key is free again.
        if (operationId !== undefined) await this.repo.release(operationId).catch(() => undefined);
        throw error;
      }
    }

    let executed;
    try {
      executed = await executeGongWrite(await this.gong(), req.write);
    } catch (error) {
      // Not a Gong answer (the quota broker or the database is down): nothing was sent, the key is free again.
      if (operationId !== undefined) await this.repo.release(operationId).catch(() => undefined);
      throw error;
    }
    const answer: WriteAnswer =
      executed.state === 'done'
        ? { ...base, status: 'done', result: executed.outcome.result, gongRequestIds: executed.outcome.gongRequestIds, reconciled: executed.reconciled }
        : { ...base, status: 'failed', error: executed.error, gongRequestIds: executed.gongRequestIds };
    const at = new Date(this.clock.now());
    await this.repo.finish(
      { operationId, state: answer.status === 'done' ? 'done' : 'failed', answer, at },
      {
        at,
        tokenId: req.principal.tokenId,
        tokenKind: req.principal.tokenKind,
        actingFor: user.id,
        tool: req.tool,
        argsDigest: digest,
        outcome: answer.status === 'done' ? (answer.reconciled ? 'reconciled' : 'done') : 'failed',
        gongRequestIds: answer.gongRequestIds,
        idempotencyKey: req.idempotencyKey ?? null,
        detail: { summary: req.preview.summary, ...(answer.error ? { error: answer.error } : {}), ...(executed.rateLimited > 0 ? { rateLimited: executed.rateLimited } : {}) },
      },
    );
    return answer;
  }

  /** The first answer under an idempotency key, when the arguments are the same. */
  private async replay(req: WriteRequest, op: WriteOperationRecord, digest: string): Promise<WriteAnswer> {
    if (op.tool !== req.tool || op.argsDigest !== digest) {
      throw new AppError(ErrorCode.VALIDATION_FAILED, `Idempotency key ${req.idempotencyKey} was used for a different write (${op.tool} with other arguments): use a new key for a new write`, {
        details: [{ path: 'idempotencyKey', message: 'already used for other arguments' }],
      });
    }
    if (op.state === 'running' || op.answer === null) {
      throw new AppError(ErrorCode.RATE_LIMITED, `A write with idempotency key ${req.idempotencyKey} is still running: ask again in a moment for its result`);
    }
    const user = req.principal.user!;
    await this.repo.append({
      at: new Date(this.clock.now()),
      tokenId: req.principal.tokenId,
      tokenKind: req.principal.tokenKind,
      actingFor: user.id,
      tool: req.tool,
      argsDigest: digest,
      outcome: 'replayed',
      gongRequestIds: [],
      idempotencyKey: req.idempotencyKey ?? null,
      detail: { operationId: op.id },
    });
    return { ...(op.answer as WriteAnswer), replayed: true };
  }

  private async useConfirmation(req: WriteRequest, userId: string, digest: string): Promise<void> {
    const id = req.confirm!;
    const invalid = (why: string): AppError =>
      new AppError(ErrorCode.VALIDATION_FAILED, `confirm: ${why}`, { details: [{ path: 'confirm', message: why }] });
    const c = await this.repo.getConfirmation(id);
    if (!c || c.tokenId !== req.principal.tokenId || c.userId !== userId) throw invalid(`no confirmation ${id} for this token and user: call ${req.tool} without confirm first for a preview and its confirmationId`);
    if (c.tool !== req.tool || c.argsDigest !== digest) throw invalid(`confirmation ${id} was given for other arguments: send exactly the arguments of the preview, or ask for a new preview`);
    if (c.usedAt !== null) throw invalid(`confirmation ${id} was already used: ask for a new preview`);
    if (c.expiresAt.getTime() <= this.clock.now()) throw invalid(`confirmation ${id} expired at ${c.expiresAt.toISOString()}: ask for a new preview`);
    if (!(await this.repo.useConfirmation(id, new Date(this.clock.now())))) throw invalid(`confirmation ${id} was already used: ask for a new preview`);
  }
}
