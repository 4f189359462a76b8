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
