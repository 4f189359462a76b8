import type { ErrorCode, QuotaAcquireReplyV1, QuotaPriority } from '@gong-connector/contracts';
import type { QuotaState } from '../state/quota.state.js';
import type { QuotaSnapshot } from '../snapshot/quota.snapshot.js';

interface DecisionBase {
  /** The request's id (the app's key for the pending NATS reply). */
  readonly id: string;
  readonly priority: QuotaPriority;
  readonly cost: number;
  readonly requester: string;
  readonly correlationId?: string;
  /** Time spent waiting in the broker's queue. */
  readonly waitedMs: number;
}

export interface QuotaGrant extends DecisionBase {
  readonly kind: 'grant';
  /** Equal to `id`. */
  readonly permitId: string;
  readonly grantedAt: number;
  readonly leaseExpiresAt: number;
  /** This grant is the half-open breaker's probe. */
  readonly probe: boolean;
}

export type QuotaRefusalCode = Extract<
  ErrorCode,
  | 'QUOTA_EXHAUSTED'
  | 'QUOTA_DEADLINE_EXCEEDED'
  | 'QUOTA_PAUSED'
  | 'QUOTA_BREAKER_OPEN'
  | 'RATE_LIMITED'
  | 'VALIDATION_FAILED'
>;

export interface QuotaRefusal extends DecisionBase {
  readonly kind: 'refusal';
  readonly code: QuotaRefusalCode;
  /** For a person: what happened and what to do. */
  readonly reason: string;
  /** When asking again may succeed. */
  readonly retryAfterMs: number;
}

/** A final answer to one request. */
export type QuotaDecision = QuotaGrant | QuotaRefusal;

/** Not decided yet: the request waits in its queue; a later transition settles it. */
export interface QuotaQueued {
  readonly kind: 'queued';
  readonly id: string;
  readonly priority: QuotaPriority;
  /** 1-based place in its priority's queue. */
  readonly position: number;
}

/**
 * What every transition returns. The app replaces its state with `next`, answers each of
 * `settled`, arms ONE timer for `wakeAt` (calling `schedule(next, wakeAt)` when it fires), and
 * writes `persist` when it is not null (then calls `confirmPersisted`).
 */
export interface QuotaTransition {
  readonly next: QuotaState;
  /** Final decisions for requests that were waiting (grants and refusals), oldest first. */
  readonly settled: readonly QuotaDecision[];
  /** When `schedule` next has something to do; null when nothing waits on time. */
  readonly wakeAt: number | null;
  /** A snapshot to write durably, or null when the stored one is recent enough. */
  readonly persist: QuotaSnapshot | null;
}

/** The wire reply for a decision. */
export function toAcquireReply(decision: QuotaDecision): QuotaAcquireReplyV1 {
  if (decision.kind === 'grant')
    return {
      granted: true,
      permitId: decision.permitId,
      leaseExpiresAt: new Date(decision.leaseExpiresAt).toISOString(),
      tokens: decision.cost,
      waitedMs: Math.max(0, Math.round(decision.waitedMs)),
    };
  return {
    granted: false,
    code: decision.code,
    reason: decision.reason,
    retryAfterMs: Math.max(0, Math.ceil(decision.retryAfterMs)),
  };
}
