import type { CallFetchedV1Schema, CallReadyLane, EventContract } from '@gong-connector/contracts';
import type { ConsumerSettings } from '@gong-connector/platform';

/**
 * One "call ready" lane the processor reads: its contract (`Events.postCallFetched` or
 * `Events.callFetched` in production; tests pass contracts with the same schema on subjects of
 * their own, so they own their stream) and its durable consumer with its own concurrency.
 */
export interface CallReadyLaneSettings extends ConsumerSettings {
  lane: CallReadyLane;
  contract: EventContract<string, typeof CallFetchedV1Schema>;
}

/** Where the processor reads "call ready" from: the post-call lane and the bulk lane, apart. */
export interface CallReadySettings {
  lanes: readonly CallReadyLaneSettings[];
  /** How often each durable's pending count is sampled into transcript_consumer_lag (0: never). */
  lagSampleMs: number;
}

/** Injection token for the CallReadySettings. */
export const CALL_READY_SETTINGS = Symbol('CALL_READY_SETTINGS');
