import { Inject, Injectable } from '@nestjs/common';
import type { Clock } from '@gong-connector/contracts';
import { RetentionRepository } from '@gong-connector/persistence';
import { CLOCK, LOGGER, type Logger } from '@gong-connector/platform';
import type { SearchIndex } from '@gong-connector/search';
import { INGEST_CONFIG, INGEST_SEARCH_INDEX } from '../ingest.tokens.js';
import type { IngestConfig } from '../config.js';
import { IngestMetrics } from '../metrics/ingest.metrics.js';

/** What one retention run purged. */
export interface RetentionTotals {
  calls: number;
  transcripts: number;
  chunks: number;
  deliveries: number;
  webhookAudits: number;
}

/**
 * `RETENTION_DAYS`: at each incremental sync, calls that started before now minus that many days
 * are purged in batches of RETENTION_BATCH_SIZE (their index chunks first, then the calls with
 * every row of theirs in one transaction), and outbound webhook deliveries and webhook audit rows
 * older than that too. Counted in `ingest_retention_purged_total{kind}`. Unset: nothing is purged.
 */
@Injectable()
export class RetentionService {
  constructor(
    @Inject(RetentionRepository) private readonly retention: RetentionRepository,
    @Inject(INGEST_SEARCH_INDEX) private readonly index: Pick<SearchIndex, 'deleteCall'>,
    @Inject(IngestMetrics) private readonly metrics: IngestMetrics,
    @Inject(INGEST_CONFIG) private readonly config: Pick<IngestConfig, 'RETENTION_DAYS' | 'RETENTION_BATCH_SIZE'>,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async purge(): Promise<RetentionTotals> {
    const totals: RetentionTotals = { calls: 0, transcripts: 0, chunks: 0, deliveries: 0, webhookAudits: 0 };
    const days = this.config.RETENTION_DAYS;
    if (days === undefined) return totals;
    const cutoff = new Date(this.clock.now() - days * 86_400_000);
    const limit = this.config.RETENTION_BATCH_SIZE;
    for (;;) {
      const ids = await this.retention.expiredCallIds(cutoff, limit);
      let chunks = 0;
      for (const id of ids) chunks += (await this.index.deleteCall(id)).deleted;
      const batch = await this.retention.purge(ids, cutoff, limit);
      const counts = { calls: batch.callIds.length, transcripts: batch.transcripts, chunks, deliveries: batch.deliveries, webhookAudits: batch.webhookAudits };
      for (const [kind, n] of Object.entries(counts)) {
        totals[kind as keyof RetentionTotals] += n;
        if (n > 0) this.metrics.retentionPurged.inc({ kind }, n);
      }
      if (ids.length < limit && batch.deliveries < limit && batch.webhookAudits < limit) break;
    }
    if (totals.calls + totals.deliveries + totals.webhookAudits > 0) this.logger.info({ cutoff: cutoff.toISOString(), ...totals }, 'retention purged data older than RETENTION_DAYS');
    return totals;
  }
}
