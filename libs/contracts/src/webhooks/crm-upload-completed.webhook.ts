import { z } from 'zod';
import { GongIdSchema, IsoDateTimeSchema } from '../gong/gong-id.js';

/** The outbound event name subscriptions list (`POST /admin/webhooks {"events":["crm.upload.completed"]}`). */
export const CRM_UPLOAD_COMPLETED_WEBHOOK_EVENT = 'crm.upload.completed';

/**
 * The core NATS subject on which every agent-api replica learns that a CRM upload job ended (the
 * webhook body below), to serve its SSE streams. Unfiltered: for the services only.
 */
export const CRM_UPLOAD_COMPLETED_SUBJECT = 'agent.crm-upload.completed.v1';

/**
 * The core NATS subject on which agent-api relays `crm.upload.completed` to an internal consumer
 * acting for a subscription (only the uploads of the subscription's own user).
 */
export function subscriptionCrmUploadCompletedSubject(subscriptionId: string): string {
  if (!/^[A-Za-z0-9_-]+$/.test(subscriptionId)) throw new Error('a subscription id names one NATS subject token (letters, digits, _ and -)');
  return `agent.subscription.${subscriptionId}.crm-upload-completed.v1`;
}

/**
 * The public body of `crm.upload.completed`, version 1: a CRM upload job ended, sent only to the
 * subscriptions of the user who uploaded. `state` done: Gong's request status is final (`gongStatus`
 * DONE, or FAILED with the lines it refused, at most 20 listed); failed: the upload never reached
 * Gong or Gong never finished it (`error` says why).
 */
export const CrmUploadCompletedWebhookV1Schema = z.strictObject({
  event: z.literal(CRM_UPLOAD_COMPLETED_WEBHOOK_EVENT),
  /** `crm-upload:<uploadId>`. */
  eventId: z.string().min(1),
  occurredAt: IsoDateTimeSchema,
  data: z.strictObject({
    uploadId: z.uuid(),
    state: z.enum(['done', 'failed']),
    objectType: z.string(),
    integrationId: GongIdSchema,
    lineCount: z.number().int().nonnegative(),
    gongStatus: z.string().nullable(),
    successCount: z.number().int().nonnegative().nullable(),
    errorCount: z.number().int().nonnegative().nullable(),
    lineErrors: z.array(z.strictObject({ line: z.number().int().nullable(), description: z.string() })).max(20),
    error: z.strictObject({ code: z.string(), message: z.string() }).nullable(),
    uploadedBy: z.strictObject({ userId: GongIdSchema, email: z.string().nullable() }),
    links: z.strictObject({ upload: z.url(), note: z.string() }),
  }),
});
export type CrmUploadCompletedWebhookV1 = z.infer<typeof CrmUploadCompletedWebhookV1Schema>;
