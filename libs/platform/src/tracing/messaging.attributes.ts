import type { Attributes } from '@opentelemetry/api';

/**
 * Messaging span attributes per the OpenTelemetry semantic conventions (messaging.*), for NATS.
 * Never payload content: subjects, ids and counts only.
 */
export function messagingAttributes(
  operation: { type: 'send' | 'receive' | 'process'; name: string },
  subject: string,
  extra: { messageId?: string; consumerGroup?: string; deliveryCount?: number; bodySize?: number } = {},
): Attributes {
  return {
    'messaging.system': 'nats',
    'messaging.operation.type': operation.type,
    'messaging.operation.name': operation.name,
    'messaging.destination.name': subject,
    ...(extra.messageId === undefined ? {} : { 'messaging.message.id': extra.messageId }),
    ...(extra.consumerGroup === undefined ? {} : { 'messaging.consumer.group.name': extra.consumerGroup }),
    ...(extra.deliveryCount === undefined ? {} : { 'messaging.nats.message.delivery_count': extra.deliveryCount }),
    ...(extra.bodySize === undefined ? {} : { 'messaging.message.body.size': extra.bodySize }),
  };
}
