import { z } from 'zod';
import { GongIdSchema, IsoDateTimeSchema } from '../gong/gong-id.js';

export const CallSourceSchema = z.enum(['webhook', 'sync', 'backfill', 'live']);
export type CallSource = z.infer<typeof CallSourceSchema>;

/** A call and its transcript are stored in Postgres and ready for processing ("call ready"). */
export const CallFetchedV1Schema = z.object({
  callId: GongIdSchema,
  workspaceId: GongIdSchema.nullable(),
  source: CallSourceSchema,
  hasTranscript: z.boolean(),
  storedAt: IsoDateTimeSchema,
  /** When the webhook that announced the call was received, for end-to-end latency. */
  webhookReceivedAt: IsoDateTimeSchema.optional(),
});
export type CallFetchedV1 = z.infer<typeof CallFetchedV1Schema>;

/**
 * A call Gong no longer has (deleted there, or erased on someone's request) was purged from the
 * replica and every index. Subscribers that keep their own copy of calls drop this one. Carries the
 * id only: nothing of the call's content outlives the purge.
 */
export const CallPurgedV1Schema = z.object({
  callId: GongIdSchema,
  reason: z.literal('gone-from-gong'),
  purgedAt: IsoDateTimeSchema,
});
export type CallPurgedV1 = z.infer<typeof CallPurgedV1Schema>;
