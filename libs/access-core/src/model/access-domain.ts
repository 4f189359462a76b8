import { z } from 'zod';
import { GongIdSchema } from '@gong-connector/contracts';
import { CallsPermissionLevelSchema } from './calls-permission-level.js';

/**
 * The level-typed domains of a Gong permission profile besides `callsAccess`, named as Gong's spec
 * names them (PermissionProfileDTO: `insightsAccess`, `coachingAccess`, `usageAccess`,
 * `dealsAccess`, `emailsAccess`, and `forecastPermissions.forecastAccess`, here `forecastAccess`).
 * Each has the same shape and levels as `callsAccess` (`*AccessWithPermissionLevel`).
 */
export const ACCESS_DOMAINS = ['insightsAccess', 'coachingAccess', 'usageAccess', 'dealsAccess', 'emailsAccess', 'forecastAccess'] as const;
export const AccessDomainSchema = z.enum(ACCESS_DOMAINS);
export type AccessDomain = z.infer<typeof AccessDomainSchema>;

/** One domain's level and team leads (Gong's `*AccessWithPermissionLevel`, level already mapped). */
export const DomainAccessSchema = z.object({
  permissionLevel: CallsPermissionLevelSchema,
  teamLeadIds: z.array(GongIdSchema).nullable(),
});
export type DomainAccess = z.infer<typeof DomainAccessSchema>;

/**
 * The profile booleans the connector enforces (PermissionProfileDTO, Gong's own descriptions):
 * `callsAndSearch` "User can view and search calls", `account` "User can view account pages",
 * `library` "User can view library pages", `coaching` "User can view coaching pages", `usage`
 * "User can view usage pages", `deals` "User can view deals pages", `activity` "User can view
 * activity pages", `teamStats` "User can view team stats page", `forecast` "User can view forecast
 * pages", `scoreCalls` "User can score calls".
 */
export const PROFILE_FLAGS = ['callsAndSearch', 'account', 'library', 'coaching', 'usage', 'deals', 'activity', 'teamStats', 'forecast', 'scoreCalls'] as const;
export const ProfileFlagSchema = z.enum(PROFILE_FLAGS);
export type ProfileFlag = z.infer<typeof ProfileFlagSchema>;

/** Gong's `LibraryFolderAccess.permissionLevel`, spelled as the spec spells it. */
export const LibraryPermissionLevelSchema = z.enum(['none', 'all', 'specific-folders']);
export type LibraryPermissionLevel = z.infer<typeof LibraryPermissionLevelSchema>;

/** A profile's `libraryFolderAccess`, level already mapped. */
export const LibraryFolderAccessSchema = z.object({
  permissionLevel: LibraryPermissionLevelSchema,
  libraryFolderIds: z.array(GongIdSchema).nullable(),
});
export type LibraryFolderAccess = z.infer<typeof LibraryFolderAccessSchema>;

/**
 * Maps Gong's raw `libraryFolderAccess.permissionLevel`. The three exact strings map to
 * themselves; anything else (the spec enum's artefact `"none, all, specific-folders"`, a missing
 * value, another spelling) fails closed to `none`.
 */
export function toLibraryPermissionLevel(raw: unknown): LibraryPermissionLevel {
  const parsed = LibraryPermissionLevelSchema.safeParse(raw);
  return parsed.success ? parsed.data : 'none';
}

/**
 * The page flag that gates each domain on top of its level (a domain whose page the user may not
 * view is `none` for them [narrower]). `insightsAccess` is gated by `activity` for the user's own
 * data and additionally by `teamStats` for anyone else's; `emailsAccess` has no page flag.
 */
export const DOMAIN_PAGE_FLAGS: Readonly<Record<AccessDomain, ProfileFlag | null>> = {
  insightsAccess: 'activity',
  coachingAccess: 'coaching',
  usageAccess: 'usage',
  dealsAccess: 'deals',
  emailsAccess: null,
  forecastAccess: 'forecast',
};
