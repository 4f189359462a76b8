/** Where `call.indexed` events are POSTed. The secret is returned only when the subscription is created. */
export interface WebhookSubscriptionRecord {
  id: string;
  url: string;
  events: string[];
  description: string | null;
  enabled: boolean;
  createdAt: string;
}
