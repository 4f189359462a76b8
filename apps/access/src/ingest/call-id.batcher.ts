/**
 * Collects call ids and hands them to `flush` in batches of at most `maxSize`: as soon as a batch
 * is full, or `maxWaitMs` after its first id. `add` resolves (or rejects) with the flush of the
 * batch that carried the id; an id added twice before its flush rides in one batch.
 */
export class CallIdBatcher {
  private pending = new Map<string, Array<{ resolve: () => void; reject: (error: unknown) => void }>>();
  private timer: NodeJS.Timeout | undefined;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly flush: (callIds: string[]) => Promise<void>,
    private readonly options: { maxSize: number; maxWaitMs: number },
  ) {}

  add(callId: string): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const waiters = this.pending.get(callId);
      if (waiters) waiters.push({ resolve, reject });
      else this.pending.set(callId, [{ resolve, reject }]);
      if (this.pending.size >= this.options.maxSize) this.flushNow();
      else if (this.timer === undefined) {
        this.timer = setTimeout(() => this.flushNow(), this.options.maxWaitMs);
        this.timer.unref();
      }
    });
  }

  /** Flushes what is pending and waits for every flush in flight. */
  async close(): Promise<void> {
    this.flushNow();
    await Promise.allSettled([...this.inFlight]);
  }

  private flushNow(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.pending.size === 0) return;
    const batch = this.pending;
    this.pending = new Map();
    const run = this.flush([...batch.keys()]).then(
      () => {
        for (const waiters of batch.values()) for (const w of waiters) w.resolve();
      },
      (error: unknown) => {
        for (const waiters of batch.values()) for (const w of waiters) w.reject(error);
      },
    );
    this.inFlight.add(run);
    void run.finally(() => this.inFlight.delete(run));
  }
}
