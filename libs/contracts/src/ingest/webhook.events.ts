import { z } from 'zod';
import { GongIdSchema, IsoDateTimeSchema } from '../gong/gong-id.js';

/**
 * A verified Gong webhook delivery, durably queued for the new-call pipeline. Its JetStream message
 * id is derived from the call id, so a repeated delivery of the same call is stored once.
 */
export const WebhookReceivedV1Schema = z.object({
  callId: GongIdSchema,
  workspaceId: GongIdSchema.nullable(),
  /** Gong's `callData` as received (ids as strings), validated again where it is used. */
  callData: z.record(z.string(), z.unknown()),
  receivedAt: IsoDateTimeSchema,
  /** The audit row in `webhook_deliveries`. */
  deliveryId: z.string().min(1),
});
export type WebhookReceivedV1 = z.infer<typeof WebhookReceivedV1Schema>;
