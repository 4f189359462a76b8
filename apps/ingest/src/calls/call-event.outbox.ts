import { Inject, Injectable } from '@nestjs/common';
import type { Clock } from '@gong-connector/contracts';
import { CallOutboxRepository } from '@gong-connector/persistence';
import { CLOCK, EventPublisher, LOGGER, type Logger } from '@gong-connector/platform';
import { CallReadyOutbox, type AnnounceOptions } from '@gong-connector/replica';
import { INGEST_CONFIG } from '../ingest.tokens.js';
import type { IngestConfig } from '../config.js';
import { IngestMessaging } from '../messaging/ingest-messaging.js';
import { IngestMetrics } from '../metrics/ingest.metrics.js';

export type { AnnounceOptions } from '@gong-connector/replica';

/**
 * Ingest's outbox of "call ready" events (the replica's CallReadyOutbox on ingest's subjects): webhook
 * calls go to the post-call lane, sync and backfill to the bulk lane; the sweep waits
 * INGEST_TRANSCRIPT_WAIT_LIMIT_MS before announcing a call still without a transcript.
 */
@Injectable()
export class CallEventOutbox {
  private readonly outbox: CallReadyOutbox;

  constructor(
    @Inject(CallOutboxRepository) calls: CallOutboxRepository,
    @Inject(EventPublisher) publisher: EventPublisher,
    @Inject(IngestMessaging) messaging: IngestMessaging,
    @Inject(IngestMetrics) metrics: IngestMetrics,
    @Inject(INGEST_CONFIG) private readonly config: IngestConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) logger: Logger,
  ) {
    this.outbox = new CallReadyOutbox(calls, publisher, {
      contractOf: (lane) => messaging.callReady(lane),
      onPublished: (source) => metrics.eventsPublished.inc({ source }),
      logger,
    });
  }

  /** Announces the unpublished changes of these calls; returns how many events went out. */
  announce(callIds: readonly string[], options: AnnounceOptions = {}): Promise<number> {
    return this.outbox.announce(callIds, options);
  }

  /**
   * Announces what is still unpublished anywhere: calls with a transcript at once, calls without one
   * only once the transcript wait limit has passed (a webhook may still be waiting for it).
   */
  sweep(): Promise<number> {
    return this.outbox.sweep(new Date(this.clock.now() - this.config.INGEST_TRANSCRIPT_WAIT_LIMIT_MS));
  }
}
