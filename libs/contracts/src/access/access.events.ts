import { z } from 'zod';
import { GongIdSchema, IsoDateTimeSchema } from '../gong/gong-id.js';

/** Access data changed for these users (or for everyone): cached filters must be dropped. */
export const AccessChangedV1Schema = z.object({
  userIds: z.array(GongIdSchema),
  allUsers: z.boolean(),
  reason: z.string().min(1),
  changedAt: IsoDateTimeSchema,
});
export type AccessChangedV1 = z.infer<typeof AccessChangedV1Schema>;
