import { Inject, Injectable } from '@nestjs/common';
import type { Clock } from '@gong-connector/contracts';
import { SyncCheckpointRepository } from '@gong-connector/persistence';
import { CLOCK, LOGGER, type Logger } from '@gong-connector/platform';
import { addDays, CoachingSync } from '@gong-connector/replica';
import type { IngestConfig } from '../config.js';
import { INGEST_CONFIG } from '../ingest.tokens.js';

const BACKFILL_RANGE = 'coaching.backfill-range';

/**
 * The scheduled coaching replication: the daily incremental windows at `sync` priority, then (when
 * INGEST_COACHING_BACKFILL_DAYS is set) the history before them at `backfill` priority, over a range
 * fixed at its first run so that a restart resumes it rather than starting another.
 */
@Injectable()
export class CoachingSyncService {
  constructor(
    @Inject(CoachingSync) private readonly coaching: CoachingSync,
    @Inject(SyncCheckpointRepository) private readonly checkpoints: SyncCheckpointRepository,
    @Inject(INGEST_CONFIG) private readonly config: IngestConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async runOnce(): Promise<void> {
    const r = await this.coaching.run();
    this.logger.info({ ...r }, 'coaching sync done');
    const days = this.config.INGEST_COACHING_BACKFILL_DAYS;
    if (days <= 0) return;
    const stored = await this.checkpoints.get(BACKFILL_RANGE);
    if (stored?.state.done === true) return;
    const today = this.coaching.today();
    const range =
      typeof stored?.state.from === 'string' && typeof stored.state.to === 'string' ? { from: stored.state.from, to: stored.state.to } : { from: addDays(today, -days), to: today };
    if (!stored) await this.checkpoints.set(BACKFILL_RANGE, new Date(this.clock.now()), { ...range, done: false });
    const b = await this.coaching.backfill(range, 'backfill');
    await this.checkpoints.set(BACKFILL_RANGE, new Date(this.clock.now()), { ...range, done: true });
    this.logger.info({ ...range, ...b }, 'coaching backfill done');
  }
}
