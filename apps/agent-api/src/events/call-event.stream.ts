import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { Events, type CallIndexedV1 } from '@gong-connector/contracts';
import { LOGGER, NatsClient, type Logger } from '@gong-connector/platform';
import { AGENT_API_CONFIG } from '../agent-api.tokens.js';
import type { AgentApiConfig } from '../config.js';
import { PostCallEventFilter } from '../webhooks/post-call-event.filter.js';

type Listener = (event: CallIndexedV1) => void;

/**
 * Every `search.call.indexed.v1` this instance sees, fanned out to in-process listeners (the SSE
 * streams). A plain core-NATS subscription: each instance gets every event (the durable consumer
 * feeding webhooks shares events between instances instead). Backfilled calls are dropped here,
 * before any per-user check, unless AGENT_API_POST_CALL_INCLUDE_BACKFILL (PostCallEventFilter).
 */
@Injectable()
export class CallEventStream implements OnModuleInit, OnApplicationShutdown {
  private readonly listeners = new Set<Listener>();
  private sub: { unsubscribe(): void } | undefined;

  constructor(
    @Inject(NatsClient) private readonly nats: NatsClient,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(AGENT_API_CONFIG) private readonly config: Pick<AgentApiConfig, 'AGENT_API_POST_CALL_INCLUDE_BACKFILL'>,
  ) {}

  onModuleInit(): void {
    const sub = this.nats.nc.subscribe(Events.callIndexed.subject);
    this.sub = sub;
    void (async () => {
      for await (const m of sub) {
        const parsed = Events.callIndexed.schema.safeParse(m.json());
        if (!parsed.success) {
          this.logger.warn({ subject: m.subject }, 'ignored an invalid call.indexed event');
          continue;
        }
        if (!PostCallEventFilter.wants(parsed.data, this.config)) continue;
        for (const listener of this.listeners) listener(parsed.data);
      }
    })();
  }

  onApplicationShutdown(): void {
    this.sub?.unsubscribe();
  }

  /** Calls `listener` for each event until the returned function is called. */
  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
