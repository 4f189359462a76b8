import { Inject, Injectable } from '@nestjs/common';
import {
  AppError,
  ErrorCode,
  type Clock,
  type QuotaAcquireReplyV1,
  type QuotaAcquireRequestV1,
  type QuotaReportReplyV1,
  type QuotaReportRequestV1,
  type QuotaStateV1,
} from '@gong-connector/contracts';
import { QuotaSpendRepository } from '@gong-connector/persistence';
import { CLOCK, LOGGER, type Logger } from '@gong-connector/platform';
import {
  confirmPersisted,
  decide,
  describeQuota,
  report,
  restoreQuotaState,
  schedule,
  toAcquireReply,
  type QuotaDecision,
  type QuotaSnapshot,
  type QuotaState,
  type QuotaTransition,
} from '@gong-connector/quota';
import { randomUUID } from 'node:crypto';
import { QuotaMetrics } from '../metrics/quota.metrics.js';
import { BROKER_SETTINGS, type BrokerSettings } from './broker.settings.js';

interface Waiter {
  resolve(reply: QuotaAcquireReplyV1): void;
  reject(error: AppError): void;
}

/** Pause before writing the daily spend again after a failed write. */
const PERSIST_RETRY_MS = 1_000;

/**
 * Drives the pure quota core while this instance is the leader: one state, one timer at the
 * core's `wakeAt`, write-ahead persistence of the day's spend, and the replies of waiting
 * requests. Every transition is synchronous; only the spend write is asynchronous, and the core
 * grants nothing beyond the spend already confirmed stored.
 *
 * `activate` takes the budget over (stored snapshot → restored state, with the core's quiet period
 * and ramp after a restart); `deactivate` stops granting at once and answers every waiting request
 * with DEPENDENCY_UNAVAILABLE, which requesters treat as "no broker, ask again".
 */
@Injectable()
export class QuotaBrokerService {
  private state: QuotaState | null = null;
  /** Grows on every activation and deactivation; asynchronous work of an older term is dropped. */
  private term = 0;
  private holdsLease: () => boolean = () => false;
  private timer: NodeJS.Timeout | undefined;
  private timerAt: number | null = null;
  private readonly waiting = new Map<string, Waiter>();
  private wanted: QuotaSnapshot | null = null;
  private writing = false;
  private retryTimer: NodeJS.Timeout | undefined;

  constructor(
    @Inject(BROKER_SETTINGS) private readonly settings: BrokerSettings,
    @Inject(QuotaSpendRepository) private readonly spend: Pick<QuotaSpendRepository, 'load' | 'save'>,
    @Inject(QuotaMetrics) private readonly metrics: QuotaMetrics,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    metrics.attach(() => this.describe());
  }

  get active(): boolean {
    return this.state !== null;
  }

  /**
   * Takes over the day's budget from the stored snapshot. `holdsLease` is asked before every
   * transition: once it answers false the broker deactivates before granting anything more.
   */
  async activate(holdsLease: () => boolean): Promise<void> {
    this.deactivate('taking over again');
    const term = ++this.term;
    const stored = await this.spend.load(this.settings.budgetName);
    if (term !== this.term) return;
    const now = this.clock.now();
    this.holdsLease = holdsLease;
    this.state = restoreQuotaState(this.settings.policy, stored, now);
    this.logger.info(
      {
        budget: this.settings.budgetName,
        dayKey: this.state.budget.dayKey,
        used: this.state.budget.used,
        pausedUntil: this.state.pause.until === null ? null : new Date(this.state.pause.until).toISOString(),
        restored: stored !== null,
      },
      'quota broker active: took over the daily budget',
    );
    this.apply(schedule(this.state, now));
  }

  /** Stops granting now; waiting requests are told to ask again (another broker may answer). */
  deactivate(reason: string): void {
    if (this.state === null) return;
    this.term++;
    this.state = null;
    this.holdsLease = () => false;
    this.clearTimer();
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this.wanted = null;
    const waiting = [...this.waiting.values()];
    this.waiting.clear();
    for (const w of waiting) {
      w.reject(new AppError(ErrorCode.DEPENDENCY_UNAVAILABLE, `The quota broker ${this.settings.instanceId} stopped granting (${reason}); ask again`));
    }
    this.logger.warn({ reason, answered: waiting.length }, 'quota broker inactive: stopped granting');
  }

  /** `quota.acquire.v1`: a grant or refusal now, or later when the core settles the queued request. */
  async acquire(request: QuotaAcquireRequestV1): Promise<QuotaAcquireReplyV1> {
    const state = this.current();
    const id = randomUUID();
    const t = decide(
      state,
      {
        id,
        priority: request.priority,
        cost: request.cost,
        requester: request.requester,
        deadline: Date.parse(request.deadline),
        ...(request.correlationId === undefined ? {} : { correlationId: request.correlationId }),
        ...(request.operation === undefined ? {} : { operation: request.operation }),
      },
      this.clock.now(),
    );
    const { decision } = t;
    if (decision.kind !== 'queued') {
      this.apply(t);
      this.settle(decision);
      return toAcquireReply(decision);
    }
    const reply = new Promise<QuotaAcquireReplyV1>((resolve, reject) => this.waiting.set(id, { resolve, reject }));
    this.apply(t);
    return reply;
  }

  /** `quota.report.v1`: what Gong answered for a permit (a 429 pauses every grant). */
  report(request: QuotaReportRequestV1): QuotaReportReplyV1 {
    const state = this.current();
    this.metrics.recordReport(request.status);
    if (request.status === 429) {
      this.logger.warn(
        { permitId: request.permitId, requester: request.requester, retryAfterSeconds: request.retryAfterSeconds ?? null },
        'Gong answered 429: pausing grants',
      );
    }
    const t = report(
      state,
      {
        permitId: request.permitId,
        status: request.status,
        ...(request.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: request.retryAfterSeconds }),
      },
      this.clock.now(),
    );
    this.apply(t);
    return { ok: true, known: t.known };
  }

  /** The state as `GET /v1/quota` shows it, or null while inactive. */
  describe(): QuotaStateV1 | null {
    return this.state === null ? null : describeQuota(this.state, this.clock.now());
  }

  /** The state to transition from; throws (and deactivates) when this instance may not grant. */
  private current(): QuotaState {
    if (this.state !== null && !this.holdsLease()) this.deactivate('the leader lease lapsed');
    if (this.state === null) {
      throw new AppError(ErrorCode.DEPENDENCY_UNAVAILABLE, `The quota broker ${this.settings.instanceId} is not the active broker; ask again`);
    }
    return this.state;
  }

  private apply(t: QuotaTransition): void {
    this.state = t.next;
    for (const decision of t.settled) this.settle(decision);
    this.arm(t.wakeAt);
    if (t.persist) this.persist(t.persist);
  }

  private settle(decision: QuotaDecision): void {
    this.metrics.recordDecision(decision);
    if (decision.kind === 'refusal') {
      this.logger.debug({ priority: decision.priority, code: decision.code, requester: decision.requester, waitedMs: decision.waitedMs }, 'permit refused');
    }
    const waiter = this.waiting.get(decision.id);
    if (!waiter) return;
    this.waiting.delete(decision.id);
    waiter.resolve(toAcquireReply(decision));
  }

  private arm(wakeAt: number | null): void {
    if (this.timer !== undefined && wakeAt === this.timerAt) return;
    this.clearTimer();
    if (wakeAt === null) return;
    this.timerAt = wakeAt;
    this.timer = setTimeout(() => this.wake(), Math.max(0, wakeAt - this.clock.now()));
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.timerAt = null;
  }

  private wake(): void {
    this.timer = undefined;
    this.timerAt = null;
    if (this.state === null) return;
    try {
      this.apply(schedule(this.current(), this.clock.now()));
    } catch (error) {
      if (!AppError.is(error, ErrorCode.DEPENDENCY_UNAVAILABLE)) throw error;
    }
  }

  /** Asks for `snapshot` to be written; one write at a time, the latest wish wins, and a failed write backs off. */
  private persist(snapshot: QuotaSnapshot): void {
    this.wanted = snapshot;
    if (!this.writing && this.retryTimer === undefined) void this.flush();
  }

  private async flush(): Promise<void> {
    this.writing = true;
    const term = this.term;
    try {
      while (this.wanted !== null && term === this.term) {
        const snapshot = this.wanted;
        this.wanted = null;
        const stopTimer = this.metrics.persistSeconds.startTimer();
        await this.spend.save(this.settings.budgetName, snapshot);
        stopTimer();
        if (term !== this.term || this.state === null) return;
        // Grants may now use the spend written (confirmPersisted may ask for the next write).
        this.apply(confirmPersisted(this.state, snapshot, this.clock.now()));
      }
    } catch (error) {
      this.metrics.persistFailures.inc();
      this.logger.error(
        { err: error instanceof Error ? error.message : String(error), retryInMs: PERSIST_RETRY_MS },
        'could not store the daily spend; grants beyond the stored spend wait',
      );
      if (term === this.term && this.state !== null) {
        this.retryTimer = setTimeout(() => {
          this.retryTimer = undefined;
          if (term === this.term && this.state !== null) this.apply(schedule(this.state, this.clock.now()));
        }, PERSIST_RETRY_MS);
      }
    } finally {
      this.writing = false;
      if (this.wanted !== null && this.state !== null && this.retryTimer === undefined) void this.flush();
    }
  }
}
