import { Inject, Injectable } from '@nestjs/common';
import { CALL_INDEXED_WEBHOOK_EVENT, CallIndexedWebhookV1Schema, Events, Streams, subscriptionCallIndexedSubject, validate, type CallIndexedV1, type CallIndexedWebhookV1, type Clock } from '@gong-connector/contracts';
import { CallReadRepository, OutboundDeliveryRepository, WebhookSubscriptionRepository, type CallRecord } from '@gong-connector/persistence';
import { audienceMayReceive, callIndexedFacts } from '@gong-connector/access-core';
import { CLOCK, Consume, NatsClient } from '@gong-connector/platform';
import { randomUUID } from 'node:crypto';
import { AGENT_API_CONFIG } from '../agent-api.tokens.js';
import type { AgentApiConfig } from '../config.js';
import { PostCallEventFilter } from './post-call-event.filter.js';
import { enqueuePostCallDeliveries, postCallEnvelope } from './post-call-deliveries.js';
import { SubscriptionAudienceResolver } from './subscription-audience.resolver.js';
import { WebhookDispatcher } from './webhook.dispatcher.js';

/** The event name subscriptions list. */
export const CALL_INDEXED_EVENT = CALL_INDEXED_WEBHOOK_EVENT;

/**
 * Feeds outbound webhooks from `search.call.indexed.v1` (a durable JetStream consumer, so no event
 * is lost while the service is down): one delivery per subscription that existed when the call
 * was indexed, idempotent by (subscription, call, indexedAt), then a kick of the dispatcher.
 * Calls indexed by a backfill (source `backfill`: history, not a call that just ended) are acked
 * without a database query unless AGENT_API_POST_CALL_INCLUDE_BACKFILL is set, so a summarizer is
 * not sent 10,000 old calls and the consumer keeps up with the live ones during a backfill.
 *
 * Each subscription has a principal (a user, or a service identity with a scope): it gets the
 * event only when access-core says its audience may see the call, decided from the event's own
 * facts (host, participants, workspace, `isPrivate`). An event without `isPrivate` (published
 * before it existed) takes the replica's copy of the call, or counts as private when there is none.
 * The events a subscription is served also go, as its webhook body, to its own core NATS subject
 * (`subscriptionCallIndexedSubject(id)`), for internal consumers acting for that principal.
 */
@Injectable()
export class CallIndexedHandler {
  constructor(
    @Inject(WebhookSubscriptionRepository) private readonly subscriptions: WebhookSubscriptionRepository,
    @Inject(OutboundDeliveryRepository) private readonly deliveries: OutboundDeliveryRepository,
    @Inject(CallReadRepository) private readonly calls: CallReadRepository,
    @Inject(WebhookDispatcher) private readonly dispatcher: WebhookDispatcher,
    @Inject(SubscriptionAudienceResolver) private readonly audiences: SubscriptionAudienceResolver,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(NatsClient) private readonly nats: NatsClient,
    @Inject(AGENT_API_CONFIG)
    private readonly config: Pick<
      AgentApiConfig,
      'AGENT_API_WEBHOOK_CONSUMER' | 'AGENT_API_WEBHOOK_RETRY_PERIOD_MS' | 'AGENT_API_PUBLIC_URL' | 'PORT' | 'AGENT_API_POST_CALL_INCLUDE_BACKFILL'
    >,
  ) {}

  @Consume(Events.callIndexed, (self: CallIndexedHandler) => ({
    stream: Streams.calls.name,
    durable: self.config.AGENT_API_WEBHOOK_CONSUMER,
    maxDeliver: 10,
    backoffMs: [500, 2_000, 10_000],
    concurrency: 8,
  }))
  async handle(event: CallIndexedV1): Promise<void> {
    if (!PostCallEventFilter.wants(event, this.config)) return;
    const subscribed = await this.subscriptions.subscribedTo(CALL_INDEXED_EVENT, new Date(event.indexedAt));
    if (subscribed.length === 0) return;
    const call = await this.calls.getCall(event.callId);
    const facts = callIndexedFacts({ ...event, isPrivate: event.isPrivate ?? call?.isPrivate ?? true });
    const subs = [];
    for (const s of subscribed) if (audienceMayReceive(await this.audiences.audienceOf(s.principal), facts)) subs.push(s);
    if (subs.length === 0) return;
    const payload = this.payloadOf(event, call);
    const { deliveries, dispatcher, nats, clock, config } = this;
    await enqueuePostCallDeliveries(
      { deliveries, dispatcher, nats, clock, config },
      event,
      { event: CALL_INDEXED_EVENT, eventKey: `${event.callId}@${event.indexedAt}`, subjectOf: subscriptionCallIndexedSubject },
      subs.map((s) => ({ id: randomUUID(), subscriptionId: s.id, payload })),
    );
  }

  /** The public webhook body (`CallIndexedWebhookV1` in libs/contracts), validated before it is stored and sent. */
  private payloadOf(event: CallIndexedV1, call: CallRecord | undefined): CallIndexedWebhookV1 {
    const envelope = postCallEnvelope(event, call, this.config);
    const payload: CallIndexedWebhookV1 = {
      event: CALL_INDEXED_EVENT,
      eventId: envelope.eventId,
      occurredAt: envelope.occurredAt,
      data: {
        ...envelope.call,
        participants: call
          ? call.parties.map((p) => ({ name: p.name, email: p.email, affiliation: p.affiliation, userId: p.userId }))
          : event.participantUserIds.map((userId) => ({ name: null, email: null, affiliation: 'Internal', userId })),
        chunkCount: event.chunkCount,
        indexedAt: event.indexedAt,
        links: envelope.links,
      },
    };
    return validate(CallIndexedWebhookV1Schema, payload, 'call.indexed webhook payload');
  }
}
