import { AppError, ErrorCode, Requests, type QuotaPriority } from '@gong-connector/contracts';
import type { Permit, PermitOutcome, PermitRequest, PermitSource } from '@gong-connector/gong-client';
import type { Logger } from '../logging/create-logger.js';
import type { RpcClient } from '../nats/rpc.js';

/** What one granted permit cost the caller in time (for metrics and benchmarks). */
export interface PermitAcquired {
  priority: QuotaPriority;
  endpoint: string;
  /** From the call of `acquire` to the permit, retries included. */
  elapsedMs: number;
  /** Of that, the time the broker kept the request in its queue (its own figure). */
  queuedMs: number;
  /** Broker requests it took (more than 1 after "no broker" answers or a re-asked long wait). */
  attempts: number;
}

export interface BrokerPermitSourceOptions {
  /** `service/instance`, for the broker's logs and metrics. */
  requester: string;
  /** How long each priority may wait for a permit when the caller names no deadline. */
  defaultWaitMs?: Partial<Record<QuotaPriority, number>>;
  /** Pause between attempts while no broker answers (sync and backfill wait; interactive does not). */
  unavailableRetryMs?: number;
  /**
   * Longest single wait for the broker's answer. A longer deadline is waited out in several
   * requests, so a requester whose broker died while it was queued asks the next leader within
   * this long instead of at its (possibly hour-long) deadline.
   */
  maxAttemptMs?: number;
  /** Called for every permit granted. */
  onAcquired?: (event: PermitAcquired) => void;
  clock?: { now(): number };
  sleep?: (ms: number) => Promise<void>;
}

const DEFAULT_WAIT_MS: Record<QuotaPriority, number> = {
  interactive: 5_000,
  'post-call': 60_000,
  sync: 10 * 60_000,
  backfill: 60 * 60_000,
};

/** Milliseconds before the deadline by which the broker must have answered (it refuses rather than time out). */
const REPLY_MARGIN_MS = 250;
const DEFAULT_MAX_ATTEMPT_MS = 10_000;

/**
 * The production PermitSource: every Gong request of every service asks the quota broker over
 * NATS (`quota.acquire.v1`) and reports what Gong answered (`quota.report.v1`). When no broker
 * answers (no responders, no answer in time, or a broker stepping down), `interactive` fails fast
 * with QUOTA_BROKER_UNAVAILABLE while the other priorities wait and ask again until their
 * deadline. A long deadline is waited out in requests of at most `maxAttemptMs`. A refusal becomes
 * an AppError with the broker's code and wait hint.
 */
export class BrokerPermitSource implements PermitSource {
  private readonly clock: { now(): number };
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly maxAttemptMs: number;

  constructor(
    private readonly rpc: Pick<RpcClient, 'request'>,
    private readonly logger: Logger,
    private readonly options: BrokerPermitSourceOptions,
  ) {
    this.clock = options.clock ?? { now: () => Date.now() };
    this.sleep = options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
    this.maxAttemptMs = Math.max(1_000, options.maxAttemptMs ?? DEFAULT_MAX_ATTEMPT_MS);
  }

  async acquire(request: PermitRequest): Promise<Permit> {
    const started = this.clock.now();
    const deadlineMs = request.deadlineMs ?? started + (this.options.defaultWaitMs?.[request.priority] ?? DEFAULT_WAIT_MS[request.priority]);
    let attempts = 0;
    for (;;) {
      const now = this.clock.now();
      const left = deadlineMs - now;
      if (left <= 0) {
        throw new AppError(ErrorCode.QUOTA_DEADLINE_EXCEEDED, `No Gong permit for ${request.endpoint} before its deadline`);
      }
      // A shorter wait than the caller's deadline: this attempt's refusal is not the final answer.
      const capped = left > this.maxAttemptMs + REPLY_MARGIN_MS;
      const attemptDeadline = capped ? now + this.maxAttemptMs : deadlineMs;
      attempts++;
      try {
        const reply = await this.rpc.request(
          Requests.quotaAcquire,
          {
            priority: request.priority,
            cost: request.cost,
            requester: this.options.requester,
            deadline: new Date(Math.max(now + 1, attemptDeadline - REPLY_MARGIN_MS)).toISOString(),
            operation: request.endpoint,
          },
          { timeoutMs: attemptDeadline - now + 1_000 },
        );
        if (reply.granted) {
          this.notify({
            priority: request.priority,
            endpoint: request.endpoint,
            elapsedMs: this.clock.now() - started,
            queuedMs: reply.waitedMs,
            attempts,
          });
          return { id: reply.permitId, priority: request.priority, endpoint: request.endpoint };
        }
        if (capped && (reply.code === ErrorCode.QUOTA_DEADLINE_EXCEEDED || reply.code === ErrorCode.QUOTA_PAUSED)) {
          // Only this attempt's deadline passed (or a pause outlasts it): wait on while the caller's allows.
          const resumeAt = this.clock.now() + (reply.code === ErrorCode.QUOTA_PAUSED ? reply.retryAfterMs : 0);
          if (resumeAt < deadlineMs) {
            if (resumeAt > this.clock.now()) await this.sleep(resumeAt - this.clock.now());
            continue;
          }
        }
        throw new AppError(reply.code, reply.reason, { retryAfterMs: reply.retryAfterMs });
      } catch (error) {
        if (!AppError.is(error, ErrorCode.DEPENDENCY_UNAVAILABLE)) throw error;
        if (request.priority === 'interactive') {
          throw new AppError(
            ErrorCode.QUOTA_BROKER_UNAVAILABLE,
            'The quota broker is not answering, so no interactive Gong request can be sent now; check that quota-broker is running',
            { cause: error },
          );
        }
        const wait = Math.min(this.options.unavailableRetryMs ?? 1_000, Math.max(0, deadlineMs - this.clock.now()));
        this.logger.warn({ priority: request.priority, endpoint: request.endpoint }, 'quota broker not answering; waiting');
        await this.sleep(wait);
      }
    }
  }

  async report(permit: Permit, outcome: PermitOutcome): Promise<void> {
    const status = typeof outcome.status === 'number' ? outcome.status : 'transport-error';
    try {
      await this.rpc.request(
        Requests.quotaReport,
        {
          permitId: permit.id,
          status,
          requester: this.options.requester,
          ...(outcome.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: outcome.retryAfterSeconds }),
        },
        { timeoutMs: 2_000 },
      );
    } catch (error) {
      // A lost report only means the permit stays counted as spent; never fail the caller for it.
      this.logger.warn({ permitId: permit.id, err: error instanceof Error ? error.message : String(error) }, 'could not report a Gong outcome to the quota broker');
    }
  }

  private notify(event: PermitAcquired): void {
    try {
      this.options.onAcquired?.(event);
    } catch {
      // An observer must never fail a permit.
    }
  }
}
