import type { GongPriority } from '../priority/gong-priority.js';

/** One HTTP request sent to Gong (API or OAuth token endpoint), for metrics. */
export interface GongRequestEvent {
  /** Endpoint template, e.g. `GET /v2/calls/{id}`. */
  endpoint: string;
  status: number | 'network-error' | 'timeout';
  durationMs: number;
  priority: GongPriority;
}

/** Called after every request; must not throw (errors are swallowed) and should be cheap. */
export type OnGongRequest = (event: GongRequestEvent) => void;

/**
 * Wraps each Gong request (its permit wait, the HTTP exchange and the outcome's report) for
 * tracing; must call `fn` exactly once and return what it returns.
 */
export type GongRequestSpan = <T>(request: { method: 'GET' | 'POST' | 'PUT' | 'PATCH'; endpoint: string; priority: GongPriority }, fn: () => Promise<T>) => Promise<T>;
