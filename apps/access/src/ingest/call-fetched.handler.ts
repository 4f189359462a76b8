import { Inject, Injectable, type BeforeApplicationShutdown } from '@nestjs/common';
import { Events, Streams, type CallFetchedV1, type Clock } from '@gong-connector/contracts';
import { MAX_BATCH_SIZE } from '@gong-connector/gong-client';
import { CLOCK, Consume, LOGGER, type ConsumerSettings, type Logger, type MessageContext } from '@gong-connector/platform';
import { ACCESS_CONFIG } from '../access.tokens.js';
import type { AccessConfig } from '../config.js';
import { UsersAccessSyncService } from '../sync/users-access-sync.service.js';
import { CallIdBatcher } from './call-id.batcher.js';

/** Deliveries of one event before the handler leaves the call to the sweep (never dead-lettered). */
const MAX_DELIVERIES = 5;
/** How long a batch may wait for a Gong permit before the handler gives up and retries later. */
const PERMIT_WAIT_MS = 60_000;

/**
 * Looks up users-access for calls as ingest stores them: a durable consumer of each "call ready"
 * lane (`ingest.post-call.fetched.v1` as `<ACCESS_CALLS_DURABLE>-post-call`, and
 * `ingest.call.fetched.v1` as `ACCESS_CALLS_DURABLE`), whose handlers share batches of up to 100
 * call ids (one Gong request each, after at most ACCESS_BATCH_MAX_WAIT_MS). A message is acked once its call's grants are
 * stored. When Gong or the quota cannot answer, the message is retried with backoff a few times
 * and then acked: the call is still marked unchecked in PostgreSQL, so the sweep looks it up later.
 */
@Injectable()
export class CallFetchedHandler implements BeforeApplicationShutdown {
  private readonly batcher: CallIdBatcher;

  constructor(
    @Inject(UsersAccessSyncService) private readonly usersAccess: UsersAccessSyncService,
    @Inject(ACCESS_CONFIG) private readonly config: Pick<AccessConfig, 'ACCESS_CALLS_DURABLE' | 'ACCESS_BATCH_MAX_WAIT_MS'>,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.batcher = new CallIdBatcher(
      async (callIds) => {
        await this.usersAccess.check(callIds, 'new calls (users-access)', { deadlineMs: this.clock.now() + PERMIT_WAIT_MS });
      },
      { maxSize: MAX_BATCH_SIZE, maxWaitMs: config.ACCESS_BATCH_MAX_WAIT_MS },
    );
  }

  /** The consumer of one lane; both lanes feed the same batcher: a new call is checked whichever way it came. */
  private lane(durable: string): ConsumerSettings {
    return {
      stream: Streams.calls.name,
      durable,
      maxDeliver: MAX_DELIVERIES + 1,
      backoffMs: [5_000, 30_000, 120_000],
      ackWaitMs: this.config.ACCESS_BATCH_MAX_WAIT_MS + PERMIT_WAIT_MS + 60_000,
      concurrency: MAX_BATCH_SIZE,
    };
  }

  /** After the platform stopped the consumers (onModuleDestroy): flushes the last batch while NATS is still up. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.batcher.close();
  }

  @Consume(Events.postCallFetched, (self: CallFetchedHandler) => self.lane(`${self.config.ACCESS_CALLS_DURABLE}-post-call`))
  @Consume(Events.callFetched, (self: CallFetchedHandler) => self.lane(self.config.ACCESS_CALLS_DURABLE))
  async handle({ callId }: CallFetchedV1, ctx: MessageContext): Promise<void> {
    try {
      await this.batcher.add(callId);
    } catch (error) {
      const err = error instanceof Error ? error.message : String(error);
      if (ctx.deliveryCount < MAX_DELIVERIES) throw error;
      this.logger.warn({ callId, deliveries: ctx.deliveryCount, err }, 'users-access lookup keeps failing; leaving the call to the sweep');
    }
  }
}
