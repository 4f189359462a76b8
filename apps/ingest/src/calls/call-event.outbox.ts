import { Inject, Injectable } from '@nestjs/common';
import { CallSourceSchema, callReadyLaneOf, type Clock, type Envelope } from '@gong-connector/contracts';
import { CallRepository, type PendingCallEvent } from '@gong-connector/persistence';
import { EventPublisher, LOGGER, type Logger } from '@gong-connector/platform';
import { CLOCK, INGEST_CONFIG } from '../ingest.tokens.js';
import type { IngestConfig } from '../config.js';
import { IngestMessaging } from '../messaging/ingest-messaging.js';
import { IngestMetrics } from '../metrics/ingest.metrics.js';

export interface AnnounceOptions {
  /** When the webhook that announced the calls was received (end-to-end latency downstream). */
  webhookReceivedAt?: string;
  cause?: Pick<Envelope, 'id' | 'correlationId'>;
}

const PUBLISH_CONCURRENCY = 64;

/**
 * Announces stored calls ("call ready") from the outbox kept on the calls table: each change of a
 * call or its transcript has a version, the message id is `call-fetched:<id>:v<version>` (a
 * repeated publish is a no-op), and a version is marked published only after JetStream stored it.
 * A sweep announces what a crash left unpublished. Each event goes to its source's lane: webhook
 * and live calls (someone is waiting) on `ingest.post-call.fetched.v1`, sync and backfill on
 * `ingest.call.fetched.v1`, so the processor never makes a live call wait behind bulk work.
 */
@Injectable()
export class CallEventOutbox {
  constructor(
    @Inject(CallRepository) private readonly calls: CallRepository,
    @Inject(EventPublisher) private readonly publisher: EventPublisher,
    @Inject(IngestMessaging) private readonly messaging: IngestMessaging,
    @Inject(IngestMetrics) private readonly metrics: IngestMetrics,
    @Inject(INGEST_CONFIG) private readonly config: IngestConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** Announces the unpublished changes of these calls; returns how many events went out. */
  async announce(callIds: readonly string[], options: AnnounceOptions = {}): Promise<number> {
    if (callIds.length === 0) return 0;
    const pending = await this.calls.pendingEvents({ ids: callIds, limit: callIds.length });
    return this.publish(pending, options);
  }

  /**
   * Announces what is still unpublished anywhere: calls with a transcript at once, calls without one
   * only once the transcript wait limit has passed (a webhook may still be waiting for it).
   */
  async sweep(): Promise<number> {
    let total = 0;
    for (;;) {
      const pending = await this.calls.pendingEvents({
        limit: 500,
        withoutTranscriptBefore: new Date(this.clock.now() - this.config.INGEST_TRANSCRIPT_WAIT_LIMIT_MS),
      });
      if (pending.length === 0) return total;
      total += await this.publish(pending, {});
      if (pending.length < 500) return total;
    }
  }

  private async publish(pending: readonly PendingCallEvent[], options: AnnounceOptions): Promise<number> {
    for (let i = 0; i < pending.length; i += PUBLISH_CONCURRENCY) {
      const chunk = pending.slice(i, i + PUBLISH_CONCURRENCY);
      await Promise.all(
        chunk.map(async (event) => {
          const source = CallSourceSchema.safeParse(event.source).data ?? 'sync';
          await this.publisher.publish(
            this.messaging.callReady(callReadyLaneOf(source)),
            {
              callId: event.callId,
              workspaceId: event.workspaceId,
              source,
              hasTranscript: event.hasTranscript,
              storedAt: event.changedAt,
              ...(options.webhookReceivedAt === undefined ? {} : { webhookReceivedAt: options.webhookReceivedAt }),
            },
            { messageId: `call-fetched:${event.callId}:v${event.version}`, ...(options.cause ? { cause: options.cause } : {}) },
          );
          this.metrics.eventsPublished.inc({ source });
        }),
      );
      await this.calls.markPublished(chunk);
    }
    if (pending.length > 0) this.logger.debug({ events: pending.length }, 'call events published');
    return pending.length;
  }
}
