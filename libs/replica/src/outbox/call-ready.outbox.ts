import {
  CallSourceSchema,
  callReadyLaneOf,
  Events,
  type CallFetchedV1Schema,
  type CallReadyLane,
  type CallSource,
  type Envelope,
  type EventContract,
} from '@gong-connector/contracts';
import type { CallOutboxRepository, PendingCallEvent } from '@gong-connector/persistence';
import type { EventPublisher, Logger } from '@gong-connector/platform';

export interface AnnounceOptions {
  /** When the webhook that announced the calls was received (end-to-end latency downstream). */
  webhookReceivedAt?: string;
  cause?: Pick<Envelope, 'id' | 'correlationId'>;
}

export interface CallReadyOutboxOptions {
  /** The "call ready" contract of each lane (tests namespace them; default: the contracts' own). */
  contractOf?: (lane: CallReadyLane) => EventContract<string, typeof CallFetchedV1Schema>;
  /** Called for each event published (metrics). */
  onPublished?: (source: CallSource) => void;
  logger?: Logger;
}

const PUBLISH_CONCURRENCY = 64;

const defaultContractOf = (lane: CallReadyLane): EventContract<string, typeof CallFetchedV1Schema> =>
  lane === 'post-call' ? Events.postCallFetched : Events.callFetched;

/**
 * Announces stored calls ("call ready") from the outbox kept on the calls table, for every service
 * that stores calls (ingest; agent-api's live fallback): each change of a call or its transcript
 * has a version, the message id is `call-fetched:<id>:v<version>` (a repeated publish is a no-op),
 * and a version is marked published only after JetStream stored it, so a crash in between is
 * repaired by a sweep. Each event goes to its source's lane: webhook and live calls (someone is
 * waiting) on `ingest.post-call.fetched.v1`, sync and backfill on `ingest.call.fetched.v1`.
 */
export class CallReadyOutbox {
  private readonly contractOf: (lane: CallReadyLane) => EventContract<string, typeof CallFetchedV1Schema>;

  constructor(
    private readonly calls: CallOutboxRepository,
    private readonly publisher: EventPublisher,
    private readonly options: CallReadyOutboxOptions = {},
  ) {
    this.contractOf = options.contractOf ?? defaultContractOf;
  }

  /** Announces the unpublished changes of these calls; returns how many events went out. */
  async announce(callIds: readonly string[], options: AnnounceOptions = {}): Promise<number> {
    if (callIds.length === 0) return 0;
    const pending = await this.calls.pendingEvents({ ids: callIds, limit: callIds.length });
    return this.publish(pending, options);
  }

  /**
   * Announces what is still unpublished anywhere: calls with a transcript at once, calls without
   * one only if they changed before `withoutTranscriptBefore` (a webhook may still be waiting).
   */
  async sweep(withoutTranscriptBefore: Date): Promise<number> {
    let total = 0;
    for (;;) {
      const pending = await this.calls.pendingEvents({ limit: 500, withoutTranscriptBefore });
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
            this.contractOf(callReadyLaneOf(source)),
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
          this.options.onPublished?.(source);
        }),
      );
      await this.calls.markPublished(chunk);
    }
    if (pending.length > 0) this.options.logger?.debug({ events: pending.length }, 'call events published');
    return pending.length;
  }
}
