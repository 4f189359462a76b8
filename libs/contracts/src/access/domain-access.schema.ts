import { z } from 'zod';
import { GongIdSchema } from '../gong/gong-id.js';

/**
 * Whose data of one permission-profile domain (insights, coaching, usage, deals, emails,
 * forecast) a user may see, company-wide: everyone, or exactly the listed user ids (sorted,
 * unique; the user themself included when their level covers their own data). Computed by
 * access-core's `domainAccessFor`; a missing audience means nobody (fails closed).
 */
export const DomainAudienceSchema = z.strictObject({
  everyone: z.boolean(),
  userIds: z.array(GongIdSchema),
});
export type DomainAudience = z.infer<typeof DomainAudienceSchema>;

/**
 * Which Library folders a user may open: every folder of a workspace in `allWorkspaceIds`, and a
 * folder listed under its own workspace in `folderIdsByWorkspace` (sorted, unique).
 */
export const LibraryAudienceSchema = z.strictObject({
  allWorkspaceIds: z.array(GongIdSchema),
  folderIdsByWorkspace: z.array(z.strictObject({ workspaceId: GongIdSchema, folderIds: z.array(GongIdSchema) })),
});
export type LibraryAudience = z.infer<typeof LibraryAudienceSchema>;

/** Whether a Library audience opens one folder. */
export function libraryAudienceOpens(audience: LibraryAudience, folder: { id: string; workspaceId: string | null }): boolean {
  if (folder.workspaceId === null) return false;
  if (audience.allWorkspaceIds.includes(folder.workspaceId)) return true;
  return audience.folderIdsByWorkspace.some((e) => e.workspaceId === folder.workspaceId && e.folderIds.includes(folder.id));
}

/** Whether a domain audience covers one user. */
export function domainAudienceCovers(audience: DomainAudience, userId: string): boolean {
  return audience.everyone || audience.userIds.includes(userId);
}

/**
 * Everything beyond calls that one user may see, as plain JSON that travels with the access
 * filter: the enforced profile booleans (true only when every profile the user holds grants it),
 * one audience per level-typed domain, and the Library folders.
 */
export const UserDomainAccessSchema = z.strictObject({
  flags: z.strictObject({
    callsAndSearch: z.boolean(),
    account: z.boolean(),
    library: z.boolean(),
    coaching: z.boolean(),
    usage: z.boolean(),
    deals: z.boolean(),
    activity: z.boolean(),
    teamStats: z.boolean(),
    forecast: z.boolean(),
    scoreCalls: z.boolean(),
  }),
  domains: z.strictObject({
    insightsAccess: DomainAudienceSchema,
    coachingAccess: DomainAudienceSchema,
    usageAccess: DomainAudienceSchema,
    dealsAccess: DomainAudienceSchema,
    emailsAccess: DomainAudienceSchema,
    forecastAccess: DomainAudienceSchema,
  }),
  library: LibraryAudienceSchema,
});
export type UserDomainAccess = z.infer<typeof UserDomainAccessSchema>;
export type ProfileFlagName = keyof UserDomainAccess['flags'];
export type DomainName = keyof UserDomainAccess['domains'];

/** Nothing beyond own calls: for unknown or inactive users, and for failing closed. */
export function denyAllDomainAccess(): UserDomainAccess {
  const nobody = (): DomainAudience => ({ everyone: false, userIds: [] });
  return {
    flags: {
      callsAndSearch: false,
      account: false,
      library: false,
      coaching: false,
      usage: false,
      deals: false,
      activity: false,
      teamStats: false,
      forecast: false,
      scoreCalls: false,
    },
    domains: {
      insightsAccess: nobody(),
      coachingAccess: nobody(),
      usageAccess: nobody(),
      dealsAccess: nobody(),
      emailsAccess: nobody(),
      forecastAccess: nobody(),
    },
    library: { allWorkspaceIds: [], folderIdsByWorkspace: [] },
  };
}
