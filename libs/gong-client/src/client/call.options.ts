import type { GongPriority } from '../priority/gong-priority.js';

/** Per-call options. Every call needs a priority: here, or bound with `client.withPriority(p)`. */
export interface CallOptions {
  priority?: GongPriority;
  /** Absolute deadline (epoch ms) for obtaining permits; retries stop when backoff would pass it. */
  deadlineMs?: number;
  /** Aborts the call (a request in flight is cancelled and still reported). */
  signal?: AbortSignal;
}

/** Options of a single-page method: the cursor of the page to fetch (from the previous page's `records.cursor`). */
export interface PageOptions extends CallOptions {
  cursor?: string;
}

/** Options of the batched transcript and extensive fetchers. */
export interface BatchOptions extends CallOptions {
  /** Call ids per request, 1 to 100 (default: the client's `batchSize`, 100). */
  batchSize?: number;
}
