import type { GongPriority } from '../priority/gong-priority.js';

/** What a caller asks for before one Gong request. */
export interface PermitRequest {
  priority: GongPriority;
  /** Requests this permit stands for (1 per HTTP request). */
  cost: number;
  /** Low-cardinality endpoint template, e.g. `POST /v2/calls/transcript`, `GET /v2/calls/{id}`. */
  endpoint: string;
  /** Absolute deadline (epoch ms): a permit that cannot be granted by then is refused. */
  deadlineMs?: number;
}

/** A grant to send exactly one Gong request. Reported back exactly once. */
export interface Permit {
  readonly id: string;
  readonly priority: GongPriority;
  readonly endpoint: string;
}

/** How the request sent under a permit ended. */
export interface PermitOutcome {
  /** The HTTP status Gong answered with, or why there was none. */
  status: number | 'network-error' | 'timeout';
  /** Gong's `Retry-After` (seconds) on a 429. */
  retryAfterSeconds?: number;
  endpoint: string;
  durationMs: number;
}

/**
 * The port every Gong request goes through: no request leaves without a permit, and every outcome
 * (success, 4xx, 5xx, 429, network error, timeout) is reported. Implemented in-process by
 * `LocalPacer` and, in services, by the quota broker client.
 */
export interface PermitSource {
  /** Resolves when the request may be sent; rejects (e.g. QUOTA_DEADLINE_EXCEEDED) when it may not. */
  acquire(request: PermitRequest): Promise<Permit>;
  report(permit: Permit, outcome: PermitOutcome): Promise<void>;
}
