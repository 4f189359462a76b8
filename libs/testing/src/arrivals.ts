import { deferred, type Deferred } from './deferred.js';

/**
 * Things that arrive over time (webhook deliveries, events), by key: `of(key)` resolves with the
 * first arrival of that key, whether it came already or comes later. Tests await it with `within`.
 */
export class Arrivals<T> {
  readonly all: T[] = [];
  private readonly waiting = new Map<string, Deferred<T>>();

  constructor(private readonly keyOf: (item: T) => string) {}

  add(item: T): void {
    this.all.push(item);
    this.waiting.get(this.keyOf(item))?.resolve(item);
  }

  of(key: string): Promise<T> {
    const seen = this.all.find((item) => this.keyOf(item) === key);
    if (seen) return Promise.resolve(seen);
    const waiter = this.waiting.get(key) ?? deferred<T>();
    this.waiting.set(key, waiter);
    return waiter.promise;
  }
}
