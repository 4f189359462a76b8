import { subscriptionEventSubject } from './post-call-webhook.fields.js';

/**
 * The core NATS subject on which agent-api relays, to an internal consumer acting for a
 * subscription, exactly the `call.indexed` events that subscription's principal may receive (the
 * webhook body, `CallIndexedWebhookV1`), beside its webhook. Scoped to one subscription, filtered
 * like its webhook: nothing its principal may not see is published on it. The unfiltered
 * `search.call.indexed.v1` is for the services only (restrict it with NATS permissions).
 */
export function subscriptionCallIndexedSubject(subscriptionId: string): string {
  return subscriptionEventSubject(subscriptionId, 'call-indexed');
}

/** Every subscription's relayed `call.indexed` subject (a NATS wildcard, for monitoring and tests). */
export const SUBSCRIPTION_CALL_INDEXED_WILDCARD = 'agent.subscription.*.call-indexed.v1';
