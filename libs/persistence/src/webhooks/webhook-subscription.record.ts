import type { SubscriptionPrincipal } from '@gong-connector/contracts';

/** Where `call.indexed` events are POSTed, and whose view they carry. The secret is returned only when the subscription is created. */
export interface WebhookSubscriptionRecord {
  id: string;
  url: string;
  events: string[];
  description: string | null;
  enabled: boolean;
  createdAt: string;
  principal: SubscriptionPrincipal;
  /** `tracker.mentioned` only for these trackers (ids or names) or phrases (competitor names), case-insensitive; null: every tracker. */
  trackers: string[] | null;
}
