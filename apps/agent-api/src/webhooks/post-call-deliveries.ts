import { Inject } from '@nestjs/common';
import type { CallIndexedV1, Clock } from '@gong-connector/contracts';
import { CallReadRepository, OutboundDeliveryRepository, WebhookSubscriptionRepository, type CallRecord } from '@gong-connector/persistence';
import { CLOCK, NatsClient } from '@gong-connector/platform';
import { AGENT_API_CONFIG } from '../agent-api.tokens.js';
import type { AgentApiConfig } from '../config.js';
import { SubscriptionAudienceResolver } from './subscription-audience.resolver.js';
import { WebhookDispatcher } from './webhook.dispatcher.js';

/** One subscription served one event: the delivery's id and the webhook body. */
export interface ServedDelivery<P> {
  id: string;
  subscriptionId: string;
  payload: P;
}

/** What every post-call webhook body (`call.indexed`, `tracker.mentioned`) says of the call, from the event and the replica's copy. */
export function postCallEnvelope(
  event: CallIndexedV1,
  call: CallRecord | undefined,
  config: Pick<AgentApiConfig, 'AGENT_API_PUBLIC_URL' | 'PORT'>,
) {
  const base = config.AGENT_API_PUBLIC_URL ?? `http://127.0.0.1:${config.PORT}`;
  const host = call?.parties.find((p) => p.userId !== null && p.userId === event.hostUserId);
  return {
    eventId: `${event.callId}@${event.indexedAt}`,
    occurredAt: event.indexedAt,
    call: {
      callId: event.callId,
      title: event.title,
      started: event.started,
      workspaceId: event.workspaceId,
      accounts: event.accounts,
      host: { userId: event.hostUserId, name: host?.name ?? null, email: host?.email ?? null },
    },
    links: {
      call: `${base}/v1/calls/${event.callId}`,
      transcript: `${base}/v1/calls/${event.callId}/transcript`,
      note: 'Fetch with your own bearer token: the answer is filtered to what that user may see.',
    },
  };
}

/**
 * What a post-call webhook handler (`call.indexed`, `tracker.mentioned`) is given, and its last
 * step: enqueue one delivery per served subscription (idempotent by subscription and `eventKey`),
 * kick the dispatcher and relay each newly enqueued body to its subscription's own core NATS
 * subject (a redelivered event that was already enqueued is not relayed again).
 */
export abstract class PostCallWebhookHandler {
  constructor(
    @Inject(WebhookSubscriptionRepository) protected readonly subscriptions: WebhookSubscriptionRepository,
    @Inject(OutboundDeliveryRepository) protected readonly deliveries: OutboundDeliveryRepository,
    @Inject(CallReadRepository) protected readonly calls: CallReadRepository,
    @Inject(WebhookDispatcher) protected readonly dispatcher: WebhookDispatcher,
    @Inject(SubscriptionAudienceResolver) protected readonly audiences: SubscriptionAudienceResolver,
    @Inject(CLOCK) protected readonly clock: Clock,
    @Inject(NatsClient) protected readonly nats: NatsClient,
    @Inject(AGENT_API_CONFIG)
    protected readonly config: Pick<
      AgentApiConfig,
      'AGENT_API_WEBHOOK_CONSUMER' | 'AGENT_API_WEBHOOK_RETRY_PERIOD_MS' | 'AGENT_API_PUBLIC_URL' | 'PORT' | 'AGENT_API_POST_CALL_INCLUDE_BACKFILL'
    >,
  ) {}

  protected async enqueue<P>(
    event: CallIndexedV1,
    delivery: { event: string; eventKey: string; subjectOf: (subscriptionId: string) => string },
    served: ServedDelivery<P>[],
  ): Promise<void> {
    if (served.length === 0) return;
    const sourceTime = new Date(event.webhookReceivedAt ?? event.indexedAt);
    const giveUpAt = new Date(this.clock.now() + this.config.AGENT_API_WEBHOOK_RETRY_PERIOD_MS);
    const inserted = await this.deliveries.enqueue(
      served.map((s) => ({
        id: s.id,
        subscriptionId: s.subscriptionId,
        event: delivery.event,
        eventKey: delivery.eventKey,
        payload: s.payload,
        giveUpAt,
        sourceTime,
      })),
    );
    if (inserted.length === 0) return;
    this.dispatcher.kick(inserted);
    const fresh = new Set(inserted);
    const bodies = new Map<P, string>();
    for (const s of served) {
      if (!fresh.has(s.id)) continue;
      let body = bodies.get(s.payload);
      if (body === undefined) bodies.set(s.payload, (body = JSON.stringify(s.payload)));
      this.nats.nc.publish(delivery.subjectOf(s.subscriptionId), body);
    }
  }
}
