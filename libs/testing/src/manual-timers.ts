import type { TimerHandle, Timers } from '@gong-connector/contracts';
import type { FakeClock } from './fake-clock.js';

interface Scheduled {
  id: number;
  at: number;
  callback: () => void;
}

/**
 * Timers that fire only when the test moves time (`advance`), in the order they are due; with a
 * FakeClock, the clock moves with them. The `Timers` port's stand-in: no test sleeps.
 */
export class ManualTimers implements Timers {
  private now = 0;
  private nextId = 1;
  private scheduled: Scheduled[] = [];

  constructor(private readonly clock?: FakeClock) {}

  setTimeout(callback: () => void, ms: number): TimerHandle {
    const timer = { id: this.nextId++, at: this.now + Math.max(0, ms), callback };
    this.scheduled.push(timer);
    return timer.id;
  }

  clearTimeout(handle: TimerHandle): void {
    this.scheduled = this.scheduled.filter((t) => t.id !== handle);
  }

  /** Timers set and not yet fired or cleared. */
  get pending(): number {
    return this.scheduled.length;
  }

  /** How long until the next timer is due (undefined: none is set). */
  get nextDueInMs(): number | undefined {
    const next = this.due(Number.POSITIVE_INFINITY);
    return next === undefined ? undefined : next.at - this.now;
  }

  /** Moves time forward by `ms`, firing every timer due meanwhile (and those they set), in order. */
  advance(ms: number): void {
    const until = this.now + ms;
    for (let timer = this.due(until); timer !== undefined; timer = this.due(until)) {
      this.scheduled = this.scheduled.filter((t) => t !== timer);
      this.moveTo(timer.at);
      timer.callback();
    }
    this.moveTo(until);
  }

  private due(until: number): Scheduled | undefined {
    let first: Scheduled | undefined;
    for (const t of this.scheduled) if (t.at <= until && (first === undefined || t.at < first.at)) first = t;
    return first;
  }

  private moveTo(at: number): void {
    this.clock?.advance(at - this.now);
    this.now = at;
  }
}
