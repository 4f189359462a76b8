import { z } from 'zod';
import { GongIdSchema } from '@gong-connector/contracts';
import { CallsPermissionLevelSchema } from './calls-permission-level.js';
import { AccessDomainSchema, DomainAccessSchema, LibraryFolderAccessSchema, ProfileFlagSchema } from './access-domain.js';

/** A Gong user as the permission model needs it (`/v2/users`: id, managerId, active). */
export const AccessUserSchema = z.object({
  id: GongIdSchema,
  managerId: GongIdSchema.nullable(),
  active: z.boolean(),
});
export type AccessUser = z.infer<typeof AccessUserSchema>;

/** A profile's `callsAccess` (Gong's CallAccessWithPermissionLevel), level already mapped. */
export const CallsAccessSchema = z.object({
  permissionLevel: CallsPermissionLevelSchema,
  teamLeadIds: z.array(GongIdSchema).nullable(),
});
export type CallsAccess = z.infer<typeof CallsAccessSchema>;

/**
 * A permission profile of one workspace (`/v2/all-permission-profiles?workspaceId=`) with its
 * members (`/v2/permission-profile/users?profileId=`).
 *
 * Beyond `callsAccess`: `domains` holds the other level-typed domains (ACCESS_DOMAINS; a domain
 * left out is `none`), `libraryFolderAccess` the Library level (left out: `none`), and `flags` the
 * enforced booleans (PROFILE_FLAGS). Mappers from Gong's wire always set `flags`, with a boolean
 * Gong left out as `false` [narrower]; within `flags` a missing key is `false`. A profile with no
 * `flags` object at all comes from a caller that models calls access alone, and its booleans are
 * not restricted.
 */
export const AccessProfileSchema = z.object({
  id: GongIdSchema,
  workspaceId: GongIdSchema,
  callsAccess: CallsAccessSchema,
  domains: z.partialRecord(AccessDomainSchema, DomainAccessSchema).optional(),
  libraryFolderAccess: LibraryFolderAccessSchema.optional(),
  flags: z.partialRecord(ProfileFlagSchema, z.boolean()).optional(),
  userIds: z.array(GongIdSchema),
});
export type AccessProfile = z.infer<typeof AccessProfileSchema>;

/** Users given access to one call through `/v2/calls/users-access` (shaped like its PUT body). */
export const CallAccessGrantSchema = z.object({
  callId: GongIdSchema,
  userIds: z.array(GongIdSchema),
});
export type CallAccessGrant = z.infer<typeof CallAccessGrantSchema>;

/**
 * Everything Gong's call permissions depend on, except the calls themselves: a snapshot of the
 * company's workspaces, users and manager graph, per-workspace profiles and their members, and
 * API grants. Plain data; `buildAccessIndex` turns it into something fast to query.
 */
export const AccessModelSchema = z.object({
  workspaceIds: z.array(GongIdSchema),
  users: z.array(AccessUserSchema),
  profiles: z.array(AccessProfileSchema),
  callAccessGrants: z.array(CallAccessGrantSchema),
});
export type AccessModel = z.infer<typeof AccessModelSchema>;
