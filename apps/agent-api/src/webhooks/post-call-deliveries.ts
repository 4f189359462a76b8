import type { CallIndexedV1, Clock } from '@gong-connector/contracts';
import type { CallRecord, OutboundDeliveryRepository } from '@gong-connector/persistence';
import type { NatsClient } from '@gong-connector/platform';
import type { AgentApiConfig } from '../config.js';
import type { WebhookDispatcher } from './webhook.dispatcher.js';

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
 * Enqueues one delivery per served subscription (idempotent by subscription and `eventKey`), kicks
 * the dispatcher and relays each newly enqueued body to its subscription's own core NATS subject (a
 * redelivered event that was already enqueued is not relayed again).
 */
export async function enqueuePostCallDeliveries<P>(
  deps: {
    deliveries: OutboundDeliveryRepository;
    dispatcher: WebhookDispatcher;
    nats: NatsClient;
    clock: Clock;
    config: Pick<AgentApiConfig, 'AGENT_API_WEBHOOK_RETRY_PERIOD_MS'>;
  },
  event: CallIndexedV1,
  delivery: { event: string; eventKey: string; subjectOf: (subscriptionId: string) => string },
  served: ServedDelivery<P>[],
): Promise<void> {
  if (served.length === 0) return;
  const sourceTime = new Date(event.webhookReceivedAt ?? event.indexedAt);
  const giveUpAt = new Date(deps.clock.now() + deps.config.AGENT_API_WEBHOOK_RETRY_PERIOD_MS);
  const inserted = await deps.deliveries.enqueue(
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
  deps.dispatcher.kick(inserted);
  const fresh = new Set(inserted);
  const bodies = new Map<P, string>();
  for (const s of served) {
    if (!fresh.has(s.id)) continue;
    let body = bodies.get(s.payload);
    if (body === undefined) bodies.set(s.payload, (body = JSON.stringify(s.payload)));
    deps.nats.nc.publish(delivery.subjectOf(s.subscriptionId), body);
  }
}
