import { systemTimers, type Timers } from '@gong-connector/contracts';

interface Waiter<V> {
  resolve: (value: V | undefined) => void;
  reject: (error: unknown) => void;
}

/**
 * Coalesces lookups by id into batched requests: a batch leaves `lingerMs` after its first lookup
 * (lookups of the same moment join it), and while one batch is in flight, the ids asked for
 * meanwhile wait and go out together in the next (up to `maxBatch`). A lone lookup costs one
 * request and the linger; a burst of webhooks costs a couple of requests instead of one per call.
 * The linger runs on the injected `timers` (the process's own unless told), so tests move it by hand.
 */
export class CoalescingBatcher<V> {
  private readonly queue = new Map<string, Waiter<V>[]>();
  private busy = false;

  constructor(
    private readonly fetchBatch: (ids: string[]) => Promise<Map<string, V>>,
    private readonly options: { maxBatch?: number; lingerMs?: number; timers?: Timers } = {},
  ) {}

  load(id: string): Promise<V | undefined> {
    return new Promise<V | undefined>((resolve, reject) => {
      const waiters = this.queue.get(id) ?? [];
      waiters.push({ resolve, reject });
      this.queue.set(id, waiters);
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.busy || this.queue.size === 0) return;
    this.busy = true;
    // Let the lookups of handlers running in the same moment join this batch.
    const linger = this.options.lingerMs ?? 0;
    if (linger > 0) (this.options.timers ?? systemTimers).setTimeout(() => void this.flush(), linger);
    else setImmediate(() => void this.flush());
  }

  private async flush(): Promise<void> {
    const ids = [...this.queue.keys()].slice(0, this.options.maxBatch ?? 100);
    const waiting = ids.map((id) => [id, this.queue.get(id)!] as const);
    for (const id of ids) this.queue.delete(id);
    try {
      const found = await this.fetchBatch(ids);
      for (const [id, waiters] of waiting) for (const w of waiters) w.resolve(found.get(id));
    } catch (error) {
      for (const [, waiters] of waiting) for (const w of waiters) w.reject(error);
    } finally {
      this.busy = false;
      this.schedule();
    }
  }
}
