import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Events, type Clock } from '@gong-connector/contracts';
import { GoneCallRepository, type GoneCallDetection, type GoneCallPurgeRecord } from '@gong-connector/persistence';
import { CLOCK, EventPublisher, LOGGER, type Logger } from '@gong-connector/platform';
import type { SearchIndex } from '@gong-connector/search';
import { INGEST_SEARCH_INDEX } from '../ingest.tokens.js';
import { IngestMetrics } from '../metrics/ingest.metrics.js';

/**
 * Purges calls Gong no longer has, the way retention and erasure purge: their index chunks first,
 * then the calls with every row of theirs and the outbound webhook bodies that carry them, and a
 * record of the purge (counts only), in one transaction; then `ingest.call.purged.v1` per call for
 * subscribers that keep copies. Counted in `ingest_gone_calls_purged_total{detected_by}`. The log
 * line and the record hold counts, never a title, party or passage.
 */
@Injectable()
export class GoneCallPurger {
  constructor(
    @Inject(GoneCallRepository) private readonly gone: GoneCallRepository,
    @Inject(INGEST_SEARCH_INDEX) private readonly index: Pick<SearchIndex, 'deleteCall'>,
    @Inject(EventPublisher) private readonly publisher: EventPublisher,
    @Inject(IngestMetrics) private readonly metrics: IngestMetrics,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async purge(callIds: readonly string[], detectedBy: GoneCallDetection): Promise<GoneCallPurgeRecord | undefined> {
    const ids = [...new Set(callIds)];
    if (ids.length === 0) return undefined;
    let chunks = 0;
    for (const id of ids) chunks += (await this.index.deleteCall(id)).deleted;
    const purgedAt = new Date(this.clock.now()).toISOString();
    const record = await this.gone.purge({ id: randomUUID(), detectedBy, purgedAt, chunks }, ids);
    this.metrics.goneCallsPurged.inc({ detected_by: detectedBy }, record.calls);
    for (const callId of ids) {
      await this.publisher.publish(Events.callPurged, { callId, reason: 'gone-from-gong', purgedAt }, { messageId: `purged:${callId}` });
    }
    this.logger.info(
      { purgeId: record.id, detectedBy, calls: record.calls, transcripts: record.transcripts, chunks: record.chunks, deliveries: record.deliveries },
      'purged calls Gong no longer has',
    );
    return record;
  }
}
