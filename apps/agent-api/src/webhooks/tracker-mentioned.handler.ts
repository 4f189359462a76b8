import { Inject, Injectable } from '@nestjs/common';
import {
  Events,
  Streams,
  TRACKER_MENTIONED_WEBHOOK_EVENT,
  TrackerMentionedWebhookV1Schema,
  subscriptionTrackerMentionedSubject,
  validate,
  type CallIndexedV1,
  type Clock,
  type TrackerMention,
  type TrackerMentionedWebhookV1,
} from '@gong-connector/contracts';
import { CallReadRepository, OutboundDeliveryRepository, WebhookSubscriptionRepository, type CallRecord } from '@gong-connector/persistence';
import { audienceMayReceive, callIndexedFacts } from '@gong-connector/access-core';
import { CLOCK, Consume, NatsClient } from '@gong-connector/platform';
import { randomUUID } from 'node:crypto';
import { AGENT_API_CONFIG } from '../agent-api.tokens.js';
import type { AgentApiConfig } from '../config.js';
import { PostCallEventFilter } from './post-call-event.filter.js';
import { enqueuePostCallDeliveries, postCallEnvelope, type ServedDelivery } from './post-call-deliveries.js';
import { SubscriptionAudienceResolver } from './subscription-audience.resolver.js';
import { TrackerMentions } from './tracker-mentions.js';
import { WebhookDispatcher } from './webhook.dispatcher.js';

/** The event name subscriptions list. */
export const TRACKER_MENTIONED_EVENT = TRACKER_MENTIONED_WEBHOOK_EVENT;

/** The durable consumer of `search.call.indexed.v1` feeding `tracker.mentioned`: the webhook consumer's name with this suffix. */
export const TRACKER_MENTIONED_CONSUMER_SUFFIX = '-tracker-mentioned';

/**
 * Feeds `tracker.mentioned` from `search.call.indexed.v1` (its own durable JetStream consumer,
 * `<AGENT_API_WEBHOOK_CONSUMER>-tracker-mentioned`, so neither event kind holds up the other): for
 * a newly indexed call whose trackers fired, each subscription to `tracker.mentioned` that existed
 * when the call was indexed, whose principal may see the call (access-core, from the event's own
 * facts, exactly as for `call.indexed`) and that chose one of the trackers or phrases heard, gets
 * one delivery with those mentions and the sentences said, idempotent by (subscription, call,
 * indexedAt), signed by the dispatcher like every webhook; and the same body on the subscription's
 * own NATS subject. Backfilled calls are skipped like for `call.indexed` (PostCallEventFilter).
 * The call is read only when some subscription exists, and once per event.
 */
@Injectable()
export class TrackerMentionedHandler {
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

  @Consume(Events.callIndexed, (self: TrackerMentionedHandler) => ({
    stream: Streams.calls.name,
    durable: `${self.config.AGENT_API_WEBHOOK_CONSUMER}${TRACKER_MENTIONED_CONSUMER_SUFFIX}`,
    maxDeliver: 10,
    backoffMs: [500, 2_000, 10_000],
    concurrency: 8,
  }))
  async handle(event: CallIndexedV1): Promise<void> {
    if (!PostCallEventFilter.wants(event, this.config)) return;
    const subscribed = await this.subscriptions.subscribedTo(TRACKER_MENTIONED_EVENT, new Date(event.indexedAt));
    if (subscribed.length === 0) return;
    const call = await this.calls.getCall(event.callId);
    if (!call || !call.trackers.some((t) => t.count > 0)) return;
    const mentions = TrackerMentions.of(call, await this.calls.getTranscript(event.callId));
    const facts = callIndexedFacts({ ...event, isPrivate: event.isPrivate ?? call.isPrivate });
    const served: ServedDelivery<TrackerMentionedWebhookV1>[] = [];
    for (const s of subscribed) {
      const chosen = TrackerMentions.chosen(mentions, s.trackers);
      if (chosen.length === 0) continue;
      if (!audienceMayReceive(await this.audiences.audienceOf(s.principal), facts)) continue;
      served.push({ id: randomUUID(), subscriptionId: s.id, payload: this.payloadOf(event, call, chosen) });
    }
    const { deliveries, dispatcher, nats, clock, config } = this;
    await enqueuePostCallDeliveries(
      { deliveries, dispatcher, nats, clock, config },
      event,
      {
        event: TRACKER_MENTIONED_EVENT,
        // Distinct from the call.indexed delivery of the same call (one key space per subscription).
        eventKey: `${TRACKER_MENTIONED_EVENT}:${event.callId}@${event.indexedAt}`,
        subjectOf: subscriptionTrackerMentionedSubject,
      },
      served,
    );
  }

  /** The public webhook body (`TrackerMentionedWebhookV1` in libs/contracts), validated before it is stored and sent. */
  private payloadOf(event: CallIndexedV1, call: CallRecord, mentions: TrackerMention[]): TrackerMentionedWebhookV1 {
    const envelope = postCallEnvelope(event, call, this.config);
    const payload: TrackerMentionedWebhookV1 = {
      event: TRACKER_MENTIONED_EVENT,
      eventId: envelope.eventId,
      occurredAt: envelope.occurredAt,
      data: { ...envelope.call, mentions, indexedAt: event.indexedAt, links: envelope.links },
    };
    return validate(TrackerMentionedWebhookV1Schema, payload, 'tracker.mentioned webhook payload');
  }
}
