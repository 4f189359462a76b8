import { z } from 'zod';
import { defineRequest } from '../messaging/contract.js';
import { GongIdSchema, IsoDateTimeSchema } from '../gong/gong-id.js';
import { AccessFilterSchema } from './access-filter.schema.js';
import { UserDomainAccessSchema } from './domain-access.schema.js';

/** Who is asking: a Gong user id, or the email address of a Gong user. */
export const AccessSubjectSchema = z.union([
  z.strictObject({ userId: GongIdSchema }),
  z.strictObject({ email: z.email() }),
]);

export const AccessUserSchema = z.object({
  id: GongIdSchema,
  email: z.string().nullable(),
  name: z.string().nullable(),
  title: z.string().nullable(),
  active: z.boolean(),
});
export type AccessUser = z.infer<typeof AccessUserSchema>;

/**
 * The access filter of one user, computed from the replica of Gong's users, manager graph,
 * permission profiles and users-access grants. `dataAsOf` is when that data was last synced; the
 * access service refuses with ACCESS_STALE (fails closed) when it is older than its limit.
 */
export const AccessFilterReplySchema = z.object({
  filter: AccessFilterSchema,
  user: AccessUserSchema.nullable(),
  dataAsOf: IsoDateTimeSchema,
  ageMs: z.number().int().nonnegative(),
  /** What the user may see beyond calls (per-domain audiences, Library, booleans); absent: nothing (fail closed). */
  domains: UserDomainAccessSchema.optional(),
});
export type AccessFilterReply = z.infer<typeof AccessFilterReplySchema>;

export const AccessFilterRequest = defineRequest('access.filter.v1', AccessSubjectSchema, AccessFilterReplySchema);
