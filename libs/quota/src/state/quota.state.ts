import type { QuotaBreakerState, QuotaPauseReason, QuotaPriority } from '@gong-connector/contracts';
import type { QuotaPolicy } from '../policy/quota.policy.js';

/** A request for a permit as the core sees it (the app has validated the wire form). */
export interface QuotaRequest {
  /** Unique per request; becomes the permit id. The app makes it (a UUID). */
  readonly id: string;
  readonly priority: QuotaPriority;
  readonly cost: number;
  readonly requester: string;
  /** Epoch ms; never granted at or after it. */
  readonly deadline: number;
  readonly correlationId?: string;
  readonly operation?: string;
}

/** A request waiting in its priority's queue. */
export interface WaitingRequest extends QuotaRequest {
  readonly enqueuedAt: number;
}

/** A granted permit not yet reported or expired. */
export interface InFlightPermit {
  readonly permitId: string;
  readonly priority: QuotaPriority;
  readonly cost: number;
  readonly requester: string;
  readonly dayKey: string;
  readonly grantedAt: number;
  readonly leaseExpiresAt: number;
  /** The half-open breaker's probe: its outcome closes or re-opens the breaker. */
  readonly probe: boolean;
}

/**
 * Everything the core knows, as plain data. Transitions never mutate a state; they return the
 * next one. Only {@link QuotaState.budget} (via a snapshot) and the pause need to survive a restart.
 */
export interface QuotaState {
  readonly policy: QuotaPolicy;
  readonly budget: {
    readonly dayKey: string;
    /** Requests granted today (minus `not-sent` refunds); after a restart, the persisted bound. */
    readonly used: number;
    /** The spend durably recorded for `dayKey`; grants never take `used` past it. */
    readonly durable: number;
    /** The pause end durably recorded (so a long Retry-After survives a restart). */
    readonly durablePausedUntil: number | null;
  };
  readonly pacing: {
    /**
     * When the requests of recent tokens were done (reported, or their lease expired), one entry per
     * token, oldest first; tokens still in flight are in `inFlight`. See `earliestGrantAt`.
     */
    readonly log: readonly number[];
    readonly lastGrantAt: number | null;
  };
  readonly pause: {
    /** No grant before this (a 429's Retry-After, or the quiet period after a restart). */
    readonly until: number | null;
    readonly reason: QuotaPauseReason | null;
    /** When the rate started (or starts) ramping back up; null at full rate. */
    readonly rampFrom: number | null;
  };
  readonly breaker: {
    readonly state: QuotaBreakerState;
    /** While open: when a probe may pass. */
    readonly retryAt: number | null;
    /** Times of counted 429s within the breaker window. */
    readonly rateLimitedAt: readonly number[];
    /** The last counted 429: a 429 of a permit granted before it is the same episode. */
    readonly lastCountedAt: number | null;
    readonly probePermitId: string | null;
  };
  readonly queues: Readonly<Record<QuotaPriority, readonly WaitingRequest[]>>;
  /** Floor credits of waiting classes (see `floorShare`); a class at ≥ 1 goes next. */
  readonly credits: Readonly<Record<QuotaPriority, number>>;
  readonly inFlight: Readonly<Record<string, InFlightPermit>>;
}

/** The mutable copy a transition works on before handing it back as the next state. */
export type QuotaDraft = {
  policy: QuotaPolicy;
  budget: { -readonly [K in keyof QuotaState['budget']]: QuotaState['budget'][K] };
  pacing: { log: number[]; lastGrantAt: number | null };
  pause: { -readonly [K in keyof QuotaState['pause']]: QuotaState['pause'][K] };
  breaker: {
    state: QuotaBreakerState;
    retryAt: number | null;
    rateLimitedAt: number[];
    lastCountedAt: number | null;
    probePermitId: string | null;
  };
  queues: Record<QuotaPriority, WaitingRequest[]>;
  credits: Record<QuotaPriority, number>;
  inFlight: Record<string, InFlightPermit>;
};

export function draftOf(state: QuotaState): QuotaDraft {
  return {
    policy: state.policy,
    budget: { ...state.budget },
    pacing: { log: [...state.pacing.log], lastGrantAt: state.pacing.lastGrantAt },
    pause: { ...state.pause },
    breaker: { ...state.breaker, rateLimitedAt: [...state.breaker.rateLimitedAt] },
    queues: {
      interactive: [...state.queues.interactive],
      'post-call': [...state.queues['post-call']],
      sync: [...state.queues.sync],
      backfill: [...state.queues.backfill],
    },
    credits: { ...state.credits },
    inFlight: { ...state.inFlight },
  };
}
