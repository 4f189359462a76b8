import { Inject, Injectable } from '@nestjs/common';
import type { Clock } from '@gong-connector/contracts';
import { GongClient } from '@gong-connector/gong-client';
import { GoneCallRepository, SyncCheckpointRepository, type GoneCallDetection } from '@gong-connector/persistence';
import { CLOCK, LOGGER, type Logger } from '@gong-connector/platform';
import type { IngestConfig } from '../config.js';
import { INGEST_CONFIG } from '../ingest.tokens.js';
import { GoneCallPurger } from './gone-call.purger.js';

/** Call ids per verification request: `/v2/calls/extensive` takes up to 100 `filter.callIds` per page. */
export const VERIFY_BATCH = 100;
const CHECKPOINT = 'calls.verify';
const EMPTY_RETRY_MS = 3_600_000;

/** What one verification found. */
export interface VerificationResult {
  checked: number;
  gone: string[];
}

/**
 * Finds replicated calls Gong no longer has (a recording deleted in Gong, or Gong's own data-privacy
 * erasure) and purges them (`GoneCallPurger`).
 *
 * `verify(ids)` is the re-fetch: one `POST /v2/calls/extensive` per 100 ids, `filter.callIds` only
 * and no content selector (metadata only, the cheapest answer the spec offers), at `sync` priority
 * through the quota broker. A call the complete answer does not list (Gong's 404 "No calls found"
 * counts as an empty answer) is gone; an answer that fails purges nothing.
 *
 * `runIfDue()` is the sweep: every replicated call once per INGEST_VERIFY_CYCLE_MS, walking the
 * calls in id order (a cursor in `sync_checkpoints`, wrapping around), one batch of 100 at a time,
 * the batches spread evenly over the cycle: ceil(calls / 100) requests per cycle. The next due time
 * is persisted, so restarts do not spend more.
 */
@Injectable()
export class CallVerificationSweep {
  constructor(
    @Inject(GongClient) private readonly gong: GongClient,
    @Inject(GoneCallRepository) private readonly calls: GoneCallRepository,
    @Inject(SyncCheckpointRepository) private readonly checkpoints: SyncCheckpointRepository,
    @Inject(GoneCallPurger) private readonly purger: GoneCallPurger,
    @Inject(INGEST_CONFIG) private readonly config: Pick<IngestConfig, 'INGEST_VERIFY_CYCLE_MS'>,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** Asks Gong for these calls and purges the ones it no longer has. */
  async verify(callIds: readonly string[], detectedBy: GoneCallDetection = 'refetch'): Promise<VerificationResult> {
    const ids = [...new Set(callIds)];
    const found = new Set<string>();
    for await (const page of this.gong.extensiveForCalls(ids, undefined, { priority: 'sync', batchSize: VERIFY_BATCH })) {
      for (const c of page.items) found.add(c.metaData.id);
    }
    const gone = ids.filter((id) => !found.has(id));
    if (gone.length > 0) await this.purger.purge(gone, detectedBy);
    return { checked: ids.length, gone };
  }

  /** One batch of the sweep when it is due (undefined: not due, or the sweep is off). */
  async runIfDue(): Promise<VerificationResult | undefined> {
    const cycle = this.config.INGEST_VERIFY_CYCLE_MS;
    if (cycle <= 0) return undefined;
    const now = this.clock.now();
    const checkpoint = await this.checkpoints.get(CHECKPOINT);
    if (checkpoint && checkpoint.position.getTime() > now) return undefined;
    const afterId = typeof checkpoint?.state.afterId === 'string' ? checkpoint.state.afterId : '';
    let ids = await this.calls.idsAfter(afterId, VERIFY_BATCH);
    if (ids.length === 0 && afterId !== '') ids = await this.calls.idsAfter('', VERIFY_BATCH); // a cycle is complete: start again
    const result = ids.length > 0 ? await this.verify(ids, 'sweep') : { checked: 0, gone: [] };
    const total = await this.calls.count();
    const gap = CallVerificationSweep.gapMs(cycle, total + result.gone.length);
    // An empty replica (a fresh install) is looked at again within the hour, not a whole cycle later.
    const next = now + (ids.length === 0 ? Math.min(gap, EMPTY_RETRY_MS) : gap);
    await this.checkpoints.set(CHECKPOINT, new Date(next), { afterId: ids.at(-1) ?? '' });
    if (result.checked > 0) this.logger.debug({ checked: result.checked, gone: result.gone.length, nextAt: new Date(next).toISOString() }, 'verified replicated calls with Gong');
    return result;
  }

  /** Time between two batches: the cycle shared by the batches the replica needs (at least one). */
  static gapMs(cycleMs: number, calls: number): number {
    return Math.floor(cycleMs / Math.max(1, Math.ceil(calls / VERIFY_BATCH)));
  }
}
