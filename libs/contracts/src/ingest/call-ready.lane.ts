import type { CallSource } from './ingest.events.js';

/**
 * The two "call ready" lanes. `post-call`: calls someone is waiting on (a Gong webhook just fired,
 * an agent's live fallback), announced on `ingest.post-call.fetched.v1`; `bulk`: sync and backfill,
 * on `ingest.call.fetched.v1`. Consumers read them apart, so bulk work never delays a live call.
 */
export type CallReadyLane = 'post-call' | 'bulk';

export const CALL_READY_LANES: readonly CallReadyLane[] = ['post-call', 'bulk'];

/** The lane a call's "call ready" event goes to, from how the call reached the replica. */
export function callReadyLaneOf(source: CallSource): CallReadyLane {
  return source === 'webhook' || source === 'live' ? 'post-call' : 'bulk';
}
