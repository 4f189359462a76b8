import { AppError, ErrorCode, systemClock, type Clock } from '@gong-connector/contracts';
import { GONG_PRIORITIES } from '../priority/gong-priority.js';
import { realSleep, type Sleep } from '../time/sleep.port.js';
import type { Permit, PermitOutcome, PermitRequest, PermitSource } from './permit-source.port.js';

export interface LocalPacerOptions {
  /** Requests granted in any window (default 3, Gong's per-second limit). */
  requestsPerSecond?: number;
  /** Window length (default 1000 ms). */
  windowMs?: number;
  clock?: Clock;
  sleep?: Sleep;
}

interface Waiter {
  request: PermitRequest;
  rank: number;
  seq: number;
  resolve: (permit: Permit) => void;
  reject: (error: unknown) => void;
}

/**
 * An in-process PermitSource for unit tests and local tools: grants at most N requests in any
 * sliding window, highest priority first (FIFO within a priority), refuses a permit that cannot be
 * granted before its deadline (QUOTA_DEADLINE_EXCEEDED), and pauses after a reported 429 for its
 * Retry-After. It does not know the daily budget or other processes: services use the quota broker.
 */
export class LocalPacer implements PermitSource {
  private readonly limit: number;
  private readonly windowMs: number;
  private readonly clock: Clock;
  private readonly sleep: Sleep;
  private readonly queue: Waiter[] = [];
  /** Grant times within the current window, oldest first (one entry per unit of cost). */
  private readonly recent: number[] = [];
  private pausedUntil = 0;
  private pumping = false;
  private seq = 0;

  constructor(options: LocalPacerOptions = {}) {
    this.limit = options.requestsPerSecond ?? 3;
    this.windowMs = options.windowMs ?? 1000;
    this.clock = options.clock ?? systemClock;
    this.sleep = options.sleep ?? realSleep;
    if (!Number.isInteger(this.limit) || this.limit < 1) {
      throw new AppError(ErrorCode.CONFIG_INVALID, 'LocalPacer: requestsPerSecond must be a positive integer');
    }
    if (!(this.windowMs > 0)) throw new AppError(ErrorCode.CONFIG_INVALID, 'LocalPacer: windowMs must be positive');
  }

  acquire(request: PermitRequest): Promise<Permit> {
    if (!Number.isInteger(request.cost) || request.cost < 1 || request.cost > this.limit) {
      return Promise.reject(
        new AppError(ErrorCode.VALIDATION_FAILED, `Permit cost must be an integer from 1 to ${this.limit}`, {
          details: [{ path: 'cost', message: `got ${String(request.cost)}` }],
        }),
      );
    }
    const rank = GONG_PRIORITIES.indexOf(request.priority);
    if (rank < 0) {
      return Promise.reject(
        new AppError(ErrorCode.VALIDATION_FAILED, `Unknown priority; expected one of ${GONG_PRIORITIES.join(', ')}`, {
          details: [{ path: 'priority', message: 'unknown priority' }],
        }),
      );
    }
    return new Promise<Permit>((resolve, reject) => {
      const waiter: Waiter = { request, rank, seq: this.seq++, resolve, reject };
      const at = this.queue.findIndex((w) => w.rank > rank);
      if (at < 0) this.queue.push(waiter);
      else this.queue.splice(at, 0, waiter);
      if (!this.pumping) void this.pump();
    });
  }

  async report(_permit: Permit, outcome: PermitOutcome): Promise<void> {
    if (outcome.status !== 429) return;
    const waitMs = (outcome.retryAfterSeconds ?? this.windowMs / 1000) * 1000;
    this.pausedUntil = Math.max(this.pausedUntil, this.clock.now() + waitMs);
  }

  private async pump(): Promise<void> {
    this.pumping = true;
    try {
      while (this.queue.length > 0) {
        const head = this.queue[0];
        const now = this.clock.now();
        const at = this.nextSlot(now, head.request.cost);
        this.refuseLate(at);
        if (this.queue[0] !== head) continue;
        if (at > now) {
          await this.sleep(at - now);
          continue;
        }
        this.queue.shift();
        for (let i = 0; i < head.request.cost; i += 1) this.recent.push(now);
        head.resolve({
          id: `local-${head.seq}`,
          priority: head.request.priority,
          endpoint: head.request.endpoint,
        });
      }
    } finally {
      this.pumping = false;
    }
  }

  /** The earliest time `cost` more requests fit in the window (and the pause is over). */
  private nextSlot(now: number, cost: number): number {
    while (this.recent.length > 0 && this.recent[0] <= now - this.windowMs) this.recent.shift();
    const fits = this.recent.length + cost <= this.limit ? now : this.recent[this.recent.length + cost - this.limit - 1] + this.windowMs;
    return Math.max(fits, this.pausedUntil);
  }

  /** Refuses every waiter whose deadline falls before `at`: none of them can be granted in time. */
  private refuseLate(at: number): void {
    for (let i = this.queue.length - 1; i >= 0; i -= 1) {
      const waiter = this.queue[i];
      const deadline = waiter.request.deadlineMs;
      if (deadline !== undefined && deadline < at) {
        this.queue.splice(i, 1);
        waiter.reject(
          new AppError(
            ErrorCode.QUOTA_DEADLINE_EXCEEDED,
            `No Gong request slot for ${waiter.request.endpoint} before its deadline`,
            { retryAfterMs: Math.max(0, at - this.clock.now()) },
          ),
        );
      }
    }
  }
}
