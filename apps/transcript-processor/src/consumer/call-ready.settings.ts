import type { CallFetchedV1Schema, EventContract } from '@gong-connector/contracts';
import type { ConsumerSettings } from '@gong-connector/platform';

/**
 * Where the processor reads "call ready" from. `contract` is `Events.callFetched` in production;
 * tests pass a contract with the same schema on a subject of their own, so they own their stream.
 */
export interface CallReadySettings extends ConsumerSettings {
  contract: EventContract<string, typeof CallFetchedV1Schema>;
  /** How often the durable's pending count is sampled into transcript_consumer_lag (0: never). */
  lagSampleMs: number;
}

/** Injection token for the CallReadySettings. */
export const CALL_READY_SETTINGS = Symbol('CALL_READY_SETTINGS');
