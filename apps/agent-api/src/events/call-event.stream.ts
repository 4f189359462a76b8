import { Inject, Injectable } from '@nestjs/common';
import { Events, type CallIndexedV1 } from '@gong-connector/contracts';
import { LOGGER, NatsClient, type Logger } from '@gong-connector/platform';
import { AGENT_API_CONFIG } from '../agent-api.tokens.js';
import type { AgentApiConfig } from '../config.js';
import { PostCallEventFilter } from '../webhooks/post-call-event.filter.js';
import { NatsFanOut } from './nats-fan-out.js';

/**
 * Every `search.call.indexed.v1` this instance sees, fanned out to in-process listeners (the SSE
 * streams). A plain core-NATS subscription: each instance gets every event (the durable consumer
 * feeding webhooks shares events between instances instead). Backfilled calls are dropped here,
 * before any per-user check, unless AGENT_API_POST_CALL_INCLUDE_BACKFILL (PostCallEventFilter).
 */
@Injectable()
export class CallEventStream extends NatsFanOut<CallIndexedV1> {
  constructor(
    @Inject(NatsClient) nats: NatsClient,
    @Inject(LOGGER) logger: Logger,
    @Inject(AGENT_API_CONFIG) private readonly config: Pick<AgentApiConfig, 'AGENT_API_POST_CALL_INCLUDE_BACKFILL'>,
  ) {
    super(nats, logger, { subject: Events.callIndexed.subject, schema: Events.callIndexed.schema, name: 'call.indexed' });
  }

  protected override wants(event: CallIndexedV1): boolean {
    return PostCallEventFilter.wants(event, this.config);
  }
}
