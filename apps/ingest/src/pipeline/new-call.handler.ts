import { Inject, Injectable } from '@nestjs/common';
import type { Clock, WebhookReceivedV1 } from '@gong-connector/contracts';
import { CallDataSchema, GongClient, GongError, type CallData, type CallTranscript } from '@gong-connector/gong-client';
import { CallReadRepository } from '@gong-connector/persistence';
import { CLOCK, Consume, LOGGER, PermanentFailure, type ConsumerSettings, type Logger, type MessageContext } from '@gong-connector/platform';
import { ExtensiveContentSelector } from '@gong-connector/replica';
import { CallEventOutbox } from '../calls/call-event.outbox.js';
import { CallWriter } from '../calls/call.writer.js';
import type { IngestConfig } from '../config.js';
import { INGEST_CONFIG } from '../ingest.tokens.js';
import { IngestMessaging } from '../messaging/ingest-messaging.js';
import { IngestMetrics } from '../metrics/ingest.metrics.js';
import { CoalescingBatcher } from './coalescing.batcher.js';
import { TranscriptPendingError } from './transcript-pending.error.js';
import { UnknownCallError } from './unknown-call.error.js';

/**
 * The new-call pipeline: a durable consumer of `ingest.webhook.received.v1`. At `post-call`
 * priority it fetches what the webhook lacks (`/v2/calls/extensive` for the call, unless the payload
 * already holds everything) and, in parallel, the transcript. The call is stored at once; a
 * transcript Gong has not finished is retried with backoff (the message is redelivered) up to the
 * configured limit, after which the call is announced without it and sync picks the transcript up
 * later. Once stored, `ingest.call.fetched.v1` goes out (source webhook, with the receive time).
 * A call already stored with its transcript is only announced (if it was not): repeats change nothing.
 * A call Gong does not list (and whose webhook callData is not usable) is tried
 * INGEST_UNKNOWN_CALL_ATTEMPTS times, then dead-lettered: no Gong request is spent on it after that.
 */
@Injectable()
export class NewCallHandler {
  /**
   * Concurrent webhooks share their Gong requests: one batch sends `/v2/calls/extensive` (for the
   * calls that need it) and `/v2/calls/transcript` together, for every call waiting meanwhile.
   * Keys are `<callId>` (transcript only) or `<callId>+call` (call and transcript).
   */
  private readonly fetches = new CoalescingBatcher<{ call?: CallData; transcript?: CallTranscript }>(async (keys) => {
    const needCall = keys.filter((k) => k.endsWith('+call')).map((k) => k.slice(0, -5));
    const ids = [...new Set(keys.map((k) => k.replace(/\+call$/, '')))];
    const [calls, transcripts] = await Promise.all([
      (async () => {
        const found = new Map<string, CallData>();
        if (needCall.length === 0) return found;
        for await (const page of this.gong.extensiveForCalls(needCall, ExtensiveContentSelector.selector, { priority: 'post-call' })) {
          for (const c of page.items) found.set(c.metaData.id, c);
        }
        return found;
      })(),
      (async () => {
        const found = new Map<string, CallTranscript>();
        for await (const page of this.gong.transcriptsForCalls(ids, { priority: 'post-call' })) {
          for (const t of page.items) if (t.transcript.length > 0) found.set(t.callId, t);
        }
        return found;
      })(),
    ]);
    return new Map(
      keys.map((k) => {
        const id = k.replace(/\+call$/, '');
        return [k, { ...(calls.has(id) ? { call: calls.get(id)! } : {}), ...(transcripts.has(id) ? { transcript: transcripts.get(id)! } : {}) }];
      }),
    );
  }, { lingerMs: 50 });

  constructor(
    @Inject(IngestMessaging) private readonly messaging: IngestMessaging,
    @Inject(GongClient) private readonly gong: GongClient,
    @Inject(CallReadRepository) private readonly calls: CallReadRepository,
    @Inject(CallWriter) private readonly writer: CallWriter,
    @Inject(CallEventOutbox) private readonly outbox: CallEventOutbox,
    @Inject(IngestMetrics) private readonly metrics: IngestMetrics,
    @Inject(INGEST_CONFIG) private readonly config: IngestConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** The durable consumer of `ingest.webhook.received.v1` (ingest's stream, which a test namespaces). */
  private consumerSettings(): ConsumerSettings {
    const backoffMs = this.config.INGEST_TRANSCRIPT_RETRY_MS;
    return {
      stream: this.messaging.ingestStream,
      durable: 'ingest-new-calls',
      maxDeliver: NewCallHandler.maxDeliveries(backoffMs, this.config.INGEST_TRANSCRIPT_WAIT_LIMIT_MS),
      backoffMs,
      ackWaitMs: this.config.INGEST_PIPELINE_ACK_WAIT_MS,
      concurrency: this.config.INGEST_PIPELINE_CONCURRENCY,
    };
  }

  /** Deliveries that fit in the transcript wait limit at this backoff, plus room for Gong failures. */
  static maxDeliveries(backoffMs: readonly number[], limitMs: number): number {
    let waited = 0;
    let n = 1;
    while (waited < limitMs && n < 1_000) {
      waited += backoffMs[Math.min(n - 1, backoffMs.length - 1)] ?? 1_000;
      n += 1;
    }
    return n + 5;
  }

  @Consume((self: NewCallHandler) => self.messaging.webhookReceived, (self: NewCallHandler) => self.consumerSettings())
  async handle(event: WebhookReceivedV1, ctx: MessageContext): Promise<void> {
    const { callId } = event;
    const receivedAt = Date.parse(event.receivedAt);
    const announce = () => this.outbox.announce([callId], { webhookReceivedAt: event.receivedAt, cause: ctx.envelope });
    const [stored, withTranscript] = await Promise.all([this.calls.existingIds([callId]), this.calls.idsWithTranscript([callId])]);
    if (withTranscript.has(callId)) {
      await announce();
      return;
    }
    const isStored = stored.has(callId);
    try {
      const t0 = performance.now();
      const { callData, transcript } = await this.fetch(event, isStored);
      const t1 = performance.now();
      const commit = await this.writer.commit({
        calls: callData ? [callData] : [],
        transcripts: transcript ? [transcript] : [],
        source: 'webhook',
      });
      const now = this.clock.now();
      this.logger.debug(
        { callId, delivery: ctx.deliveryCount, sinceWebhookMs: now - receivedAt, fetchMs: Math.round(t1 - t0), commitMs: Math.round(performance.now() - t1) },
        'webhook call fetched',
      );
      if (callData && commit.records.length > 0 && !isStored) {
        this.metrics.webhookToStored.observe({ stage: 'call' }, Math.max(0, now - receivedAt) / 1000);
      }
      if (commit.transcriptsChanged.includes(callId)) {
        this.metrics.webhookToStored.observe({ stage: 'transcript' }, Math.max(0, now - receivedAt) / 1000);
        await announce();
        return;
      }
      if (commit.skipped.includes(callId)) throw new PermanentFailure(`call ${callId} from Gong cannot be stored`);
      const waited = now - receivedAt;
      if (waited < this.config.INGEST_TRANSCRIPT_WAIT_LIMIT_MS) throw new TranscriptPendingError(callId, waited);
      this.logger.warn({ callId, waitedMs: waited }, 'no transcript within the wait limit; announced without it (sync fetches it later)');
      await announce();
    } catch (error) {
      if (error instanceof UnknownCallError && ctx.deliveryCount >= this.config.INGEST_UNKNOWN_CALL_ATTEMPTS) {
        // Dead-lettered once and terminated: no Gong request is spent on this message again.
        throw new PermanentFailure(`${error.message} after ${ctx.deliveryCount} attempts (INGEST_UNKNOWN_CALL_ATTEMPTS)`, { cause: error });
      }
      if (GongError.isKind(error, 'bad-request') || GongError.isKind(error, 'auth') || GongError.isKind(error, 'forbidden')) {
        throw new PermanentFailure(`Gong refused a request for call ${callId}: ${error.message}`, { cause: error });
      }
      throw error;
    }
  }

  /**
   * What the call lacks, in one shared batch: the call as `/v2/calls/extensive` shows it (unless it
   * is stored, or the webhook's own callData is complete) and its transcript (undefined while Gong
   * has not finished it).
   */
  private async fetch(event: WebhookReceivedV1, isStored: boolean): Promise<{ callData?: CallData; transcript?: CallTranscript }> {
    const fromPayload = CallDataSchema.safeParse(event.callData);
    const complete = fromPayload.success && fromPayload.data.metaData.id === event.callId && ExtensiveContentSelector.covers(fromPayload.data);
    const needCall = !isStored && !complete;
    const found = await this.fetches.load(needCall ? `${event.callId}+call` : event.callId);
    const transcript = found?.transcript;
    if (isStored) return transcript ? { transcript } : {};
    const callData = complete ? fromPayload.data : (found?.call ?? (fromPayload.success ? fromPayload.data : undefined));
    if (!callData) throw new UnknownCallError(event.callId);
    return { callData, ...(transcript ? { transcript } : {}) };
  }
}
