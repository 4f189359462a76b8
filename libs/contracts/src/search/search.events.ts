import { z } from 'zod';
import { GongIdSchema, IsoDateTimeSchema } from '../gong/gong-id.js';

/** A call's transcript chunks are searchable. Post-call summarizers start from this event. */
export const CallIndexedV1Schema = z.object({
  callId: GongIdSchema,
  title: z.string(),
  started: IsoDateTimeSchema,
  workspaceId: GongIdSchema.nullable(),
  accounts: z.array(z.object({ id: z.string(), name: z.string() })),
  hostUserId: GongIdSchema.nullable(),
  participantUserIds: z.array(GongIdSchema),
  chunkCount: z.number().int().nonnegative(),
  indexedAt: IsoDateTimeSchema,
  webhookReceivedAt: IsoDateTimeSchema.optional(),
});
export type CallIndexedV1 = z.infer<typeof CallIndexedV1Schema>;
