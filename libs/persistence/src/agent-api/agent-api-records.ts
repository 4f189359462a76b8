/** A bearer token of the agent API as stored: never the secret, only its sha256. */
export interface ApiTokenRecord {
  id: string;
  kind: 'user' | 'service';
  name: string;
  /** The Gong user a user token acts for (one of userId or userEmail is set for user tokens). */
  userId: string | null;
  userEmail: string | null;
  /** Service tokens only: may act for the user named in the request's X-Gong-User header. */
  actAs: boolean;
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

/** Where `call.indexed` events are POSTed. The secret is returned only when the subscription is created. */
export interface WebhookSubscriptionRecord {
  id: string;
  url: string;
  events: string[];
  description: string | null;
  enabled: boolean;
  createdAt: string;
}

export type OutboundDeliveryStatus = 'pending' | 'delivered' | 'dead';

/** One event for one subscription, retried until delivered or dead. */
export interface OutboundDeliveryRecord {
  id: string;
  subscriptionId: string;
  event: string;
  eventKey: string;
  payload: unknown;
  status: OutboundDeliveryStatus;
  attempts: number;
  nextAttemptAt: string;
  giveUpAt: string;
  lastError: string | null;
  lastStatus: number | null;
  sourceTime: string | null;
  createdAt: string;
  deliveredAt: string | null;
}
