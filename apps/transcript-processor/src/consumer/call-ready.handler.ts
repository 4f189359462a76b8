import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { AppError, ErrorCode, Events, type CallFetchedV1, type CallReadyLane, type Clock } from '@gong-connector/contracts';
import {
  CLOCK,
  Consume,
  EventPublisher,
  LOGGER,
  NatsClient,
  PermanentFailure,
  type Logger,
  type MessageContext,
} from '@gong-connector/platform';
import { LaneIndexing } from '../indexing/lane-indexing.provider.js';
import { TranscriptMetrics, type TranscriptFailureReason } from '../metrics/transcript.metrics.js';
import { CALL_READY_SETTINGS, type CallReadyLaneSettings, type CallReadySettings } from './call-ready.settings.js';

/** A failure the handler classified, so transcript_failures_total can say why. */
class IndexingFailure extends Error {
  constructor(
    readonly reason: TranscriptFailureReason,
    message: string,
  ) {
    super(message);
    this.name = 'IndexingFailure';
  }
}

/**
 * Consumes "call ready" from two durable JetStream consumers, one per lane, each with its own
 * concurrency and PostgreSQL pool: `ingest.post-call.fetched.v1` (webhook and live calls, someone
 * is waiting) and `ingest.call.fetched.v1` (sync and backfill), so a backfill's backlog never
 * delays a live call. Both lanes run the same code: index the call's transcript chunks, then
 * publish `search.call.indexed.v1` with the call's source (message id from the call id and its
 * content, so a redelivery or a duplicate event publishes nothing new).
 *
 * - No transcript in the replica yet: acknowledged without indexing or publishing; ingest publishes
 *   the call again when the transcript is stored. When the event itself claims a transcript, the
 *   read raced the write and the message is retried instead.
 * - Unknown call id: retried with backoff (the replica may lag), dead-lettered with the reason
 *   after the maximum deliveries. A stored call that fails validation is dead-lettered at once.
 */
@Injectable()
export class CallReadyHandler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private lagTimer?: NodeJS.Timeout;

  constructor(
    @Inject(EventPublisher) private readonly publisher: EventPublisher,
    @Inject(NatsClient) private readonly nats: NatsClient,
    @Inject(LaneIndexing) private readonly indexing: LaneIndexing,
    @Inject(TranscriptMetrics) private readonly metrics: TranscriptMetrics,
    @Inject(CALL_READY_SETTINGS) private readonly settings: CallReadySettings,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** Samples the consumers' lag once they exist (the platform starts them at bootstrap, before this hook). */
  async onApplicationBootstrap(): Promise<void> {
    const { lagSampleMs } = this.settings;
    if (lagSampleMs > 0) {
      await this.sampleLag();
      this.lagTimer = setInterval(() => void this.sampleLag(), lagSampleMs);
      this.lagTimer.unref();
    }
  }

  beforeApplicationShutdown(): void {
    if (this.lagTimer) clearInterval(this.lagTimer);
  }

  /** The post-call lane (webhook and live calls). */
  @Consume((self: CallReadyHandler) => self.lane('post-call').contract, (self: CallReadyHandler) => self.lane('post-call'))
  onPostCall(payload: CallFetchedV1, ctx: MessageContext): Promise<void> {
    return this.handle('post-call', payload, ctx);
  }

  /** The bulk lane (sync and backfill). */
  @Consume((self: CallReadyHandler) => self.lane('bulk').contract, (self: CallReadyHandler) => self.lane('bulk'))
  onBulk(payload: CallFetchedV1, ctx: MessageContext): Promise<void> {
    return this.handle('bulk', payload, ctx);
  }

  private lane(lane: CallReadyLane): CallReadyLaneSettings {
    const settings = this.settings.lanes.find((l) => l.lane === lane);
    if (!settings) throw new Error(`no settings for the ${lane} lane`);
    return settings;
  }

  async handle(lane: CallReadyLane, payload: CallFetchedV1, ctx: MessageContext): Promise<void> {
    try {
      await this.process(lane, payload, ctx);
    } catch (error) {
      const reason = error instanceof IndexingFailure ? error.reason : classify(error);
      this.metrics.failures.inc({ reason });
      if (reason === 'invalid-replica-row') throw new PermanentFailure(describe(error), { cause: error });
      throw error;
    }
  }

  private async process(lane: CallReadyLane, payload: CallFetchedV1, ctx: MessageContext): Promise<void> {
    const outcome = await this.indexing.of(lane).indexCall(payload.callId, 'consumer');
    if (outcome.kind === 'not-found') {
      throw new IndexingFailure('call-not-found', `CALL_NOT_FOUND: call ${payload.callId} is not in the replica`);
    }
    if (outcome.kind === 'no-transcript') {
      if (payload.hasTranscript) {
        throw new IndexingFailure('transcript-missing', `TRANSCRIPT_MISSING: call ${payload.callId} was announced with a transcript that the replica does not hold`);
      }
      this.metrics.callsSkipped.inc({ reason: 'no-transcript' });
      this.logger.info({ callId: payload.callId }, 'call has no transcript yet: nothing to index');
      return;
    }
    let published: { duplicate: boolean };
    try {
      published = await this.publisher.publish(
        Events.callIndexed,
        {
          ...outcome.summary,
          indexedAt: new Date(this.clock.now()).toISOString(),
          ...(payload.webhookReceivedAt ? { webhookReceivedAt: payload.webhookReceivedAt } : {}),
          source: payload.source,
        },
        { cause: ctx.envelope, messageId: `indexed:${payload.callId}:${outcome.contentHash}` },
      );
    } catch (error) {
      throw new IndexingFailure('publish', `publishing call.indexed failed: ${describe(error)}`);
    }
    this.metrics.indexedEvents.inc({ outcome: published.duplicate ? 'duplicate' : 'published', lane });
    if (payload.webhookReceivedAt && !published.duplicate) {
      this.metrics.webhookToIndexed.observe((this.clock.now() - Date.parse(payload.webhookReceivedAt)) / 1000);
    }
    this.logger.info(
      { callId: payload.callId, lane, source: payload.source, chunks: outcome.chunks.length, removed: outcome.deleted, deliveryCount: ctx.deliveryCount },
      'call indexed',
    );
  }

  private async sampleLag(): Promise<void> {
    await Promise.all(this.settings.lanes.map((lane) => this.sampleLaneLag(lane)));
  }

  private async sampleLaneLag({ lane, stream, durable }: CallReadyLaneSettings): Promise<void> {
    try {
      const info = await this.nats.jsm.consumers.info(stream, durable);
      this.metrics.consumerLag.set({ lane }, info.num_pending);
    } catch (error) {
      this.logger.warn({ lane, err: describe(error) }, 'could not sample the consumer lag');
    }
  }
}

function classify(error: unknown): TranscriptFailureReason {
  if (error instanceof AppError && error.code === ErrorCode.VALIDATION_FAILED) return 'invalid-replica-row';
  if (error instanceof AppError) return 'index-write';
  return 'other';
}

function describe(error: unknown): string {
  if (error instanceof AppError) return `${error.code}: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}
