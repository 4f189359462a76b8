import { z } from 'zod';
import { GongIdSchema } from '@gong-connector/contracts';

/**
 * A call as the permission rules see it, in Gong's terms (CallBasicData `id`, `workspaceId`,
 * `primaryUserId`, `isPrivate`; `participantUserIds` are the `userId`s of the internal
 * `parties[]` of `/v2/calls/extensive`). A missing workspace or host is `null`.
 */
export const AccessCallSchema = z.object({
  id: GongIdSchema,
  workspaceId: GongIdSchema.nullable(),
  primaryUserId: GongIdSchema.nullable(),
  participantUserIds: z.array(GongIdSchema),
  isPrivate: z.boolean(),
});
export type AccessCall = z.infer<typeof AccessCallSchema>;
