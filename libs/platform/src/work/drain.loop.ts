import type { Timers } from '@gong-connector/contracts';

/** Node's timers, unref'ed: a pending sweep never keeps the process alive on its own. */
const unrefTimers: Timers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms).unref(),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export interface DrainLoopOptions {
  /**
   * One pass over the work: handles what it finds and returns true when more may be waiting (the
   * loop runs it again at once) or false when nothing was left.
   */
  step: () => Promise<boolean>;
  /** A kick every this many ms once started, for work nobody kicked for (0 or unset: kicks only). */
  sweepMs?: number;
  /** Told of a pass that failed; the loop goes on at the next kick or sweep. */
  onError: (error: unknown) => void;
  timers?: Timers;
}

/**
 * "Kick and drain": `kick()` runs `step` until it reports nothing left. A kick while a pass runs
 * is not lost and does not run a second pass alongside: the kicks coalesce into one more drain
 * after the current one. Once started, a periodic sweep kicks it every `sweepMs`. `stop()` turns
 * kicks and sweeps off and waits for the step in progress; no step starts after it.
 */
export class DrainLoop {
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = false;
  private sweepTimer: unknown;
  private readonly timers: Timers;

  constructor(private readonly options: DrainLoopOptions) {
    this.timers = options.timers ?? unrefTimers;
  }

  /** Starts the periodic sweep (the first one `sweepMs` from now). */
  start(): void {
    if (this.stopped || this.sweepTimer !== undefined || !this.options.sweepMs || this.options.sweepMs <= 0) return;
    this.armSweep(this.options.sweepMs);
  }

  /** Drains now, or once more after the drain in progress. */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain()
      .catch((error: unknown) => this.options.onError(error))
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
  }

  /** True while a drain runs. */
  get busy(): boolean {
    return this.running !== undefined;
  }

  /** Resolves once no drain runs and none is due after it. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  /** No more kicks or sweeps; resolves once the step in progress (if any) has ended. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.sweepTimer !== undefined) this.timers.clearTimeout(this.sweepTimer);
    this.sweepTimer = undefined;
    await this.running;
  }

  private armSweep(ms: number): void {
    this.sweepTimer = this.timers.setTimeout(() => {
      this.sweepTimer = undefined;
      if (this.stopped) return;
      this.kick();
      this.armSweep(ms);
    }, ms);
  }

  private async drain(): Promise<void> {
    while (!this.stopped && (await this.options.step())) {
      // More may be waiting: take the next pass at once.
    }
  }
}
