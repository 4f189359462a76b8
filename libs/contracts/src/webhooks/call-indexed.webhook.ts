import { z } from 'zod';
import { GongIdSchema, IsoDateTimeSchema } from '../gong/gong-id.js';
import { PostCallLinksSchema, postCallDataFields, postCallEnvelopeFields } from './post-call-webhook.fields.js';

/** The outbound webhook event name subscriptions list (`POST /admin/webhooks {"events":["call.indexed"]}`). */
export const CALL_INDEXED_WEBHOOK_EVENT = 'call.indexed';

/**
 * The public body of agent-api's outbound `call.indexed` webhook, version 1: what a post-call
 * subscriber receives (signed), stored as is for retries and redelivery. A public API shape: a
 * change that is not additive is a new version. Links are fetched with the receiver's own token,
 * so permissions still apply to what they lead to.
 */
export const CallIndexedWebhookV1Schema = z.strictObject({
  event: z.literal(CALL_INDEXED_WEBHOOK_EVENT),
  ...postCallEnvelopeFields,
  data: z.strictObject({
    ...postCallDataFields,
    participants: z.array(
      z.strictObject({
        name: z.string().nullable(),
        email: z.string().nullable(),
        affiliation: z.enum(['Internal', 'External', 'Unknown']),
        userId: GongIdSchema.nullable(),
      }),
    ),
    chunkCount: z.number().int().nonnegative(),
    indexedAt: IsoDateTimeSchema,
    links: PostCallLinksSchema,
  }),
});
export type CallIndexedWebhookV1 = z.infer<typeof CallIndexedWebhookV1Schema>;
