import { z } from 'zod';
import { Wire } from './wire.schema.js';

/**
 * Levels of the `*Access` objects. The spec's enum also holds the literal
 * `"all / managers-team / report-to-them / own / none"` (a generator artefact); like any unknown value
 * it is kept verbatim and must be treated as no access.
 */
export const PERMISSION_LEVELS = ['all', 'managers-team', 'report-to-them', 'own', 'none'] as const;
export const LIBRARY_PERMISSION_LEVELS = ['none', 'all', 'specific-folders'] as const;

const AccessWithPermissionLevelSchema = z.object({
  permissionLevel: Wire.openEnum(PERMISSION_LEVELS),
  /** Populates `managers-team` (and optionally `report-to-them`). */
  teamLeadIds: Wire.optional(z.array(Wire.gongId)),
});
export type AccessWithPermissionLevel = z.output<typeof AccessWithPermissionLevelSchema>;

/** `PermissionProfileDTO` (spec). Profiles are per workspace. */
export const PermissionProfileSchema = z.object({
  id: Wire.gongId,
  name: Wire.optional(z.string()),
  description: Wire.optional(z.string()),
  /** Which calls members may see; absent means none (fail closed). */
  callsAccess: Wire.optional(AccessWithPermissionLevelSchema),
  libraryFolderAccess: Wire.optional(
    z.object({
      permissionLevel: Wire.optional(Wire.openEnum(LIBRARY_PERMISSION_LEVELS)),
      libraryFolderIds: Wire.optional(z.array(Wire.opaqueId)),
      managePublicFolder: Wire.optional(z.boolean()),
      manageStreams: Wire.optional(z.boolean()),
      manageFolderCalls: Wire.optional(z.boolean()),
      shareFoldersAndStreams: Wire.optional(z.boolean()),
    }),
  ),
  dealsAccess: Wire.optional(AccessWithPermissionLevelSchema),
  forecastPermissions: Wire.optional(
    z.object({
      forecastAccess: Wire.optional(AccessWithPermissionLevelSchema),
      forecastEditSubmissions: Wire.optional(AccessWithPermissionLevelSchema),
      forecastEditTargets: Wire.optional(AccessWithPermissionLevelSchema),
    }),
  ),
  coachingAccess: Wire.optional(AccessWithPermissionLevelSchema),
  insightsAccess: Wire.optional(AccessWithPermissionLevelSchema),
  usageAccess: Wire.optional(AccessWithPermissionLevelSchema),
  emailsAccess: Wire.optional(AccessWithPermissionLevelSchema),
  // Feature flags of the profile.
  scoreCalls: Wire.optional(z.boolean()),
  overrideScore: Wire.optional(z.boolean()),
  downloadCallMedia: Wire.optional(z.boolean()),
  shareCallsWithCustomers: Wire.optional(z.boolean()),
  manuallyScheduleAndUploadCalls: Wire.optional(z.boolean()),
  privateCalls: Wire.optional(z.boolean()),
  deleteCalls: Wire.optional(z.boolean()),
  trimCalls: Wire.optional(z.boolean()),
  listenInCalls: Wire.optional(z.boolean()),
  deleteEmails: Wire.optional(z.boolean()),
  callsAndSearch: Wire.optional(z.boolean()),
  library: Wire.optional(z.boolean()),
  deals: Wire.optional(z.boolean()),
  createEditAndDeleteDealsBoards: Wire.optional(z.boolean()),
  dealsInlineEditing: Wire.optional(z.boolean()),
  account: Wire.optional(z.boolean()),
  coaching: Wire.optional(z.boolean()),
  usage: Wire.optional(z.boolean()),
  teamStats: Wire.optional(z.boolean()),
  initiatives: Wire.optional(z.boolean()),
  market: Wire.optional(z.boolean()),
  activity: Wire.optional(z.boolean()),
  forecast: Wire.optional(z.boolean()),
  forecastManage: Wire.optional(z.boolean()),
  engageManageCompanyTemplates: Wire.optional(z.boolean()),
  engageManageCompanySequences: Wire.optional(z.boolean()),
  engageCreateAndManageRulesets: Wire.optional(z.boolean()),
  engageSnoozeFlowToDosForOthers: Wire.optional(z.boolean()),
  engageAllowCrmFieldsViewChange: Wire.optional(z.boolean()),
  viewEngageAnalyticsActivity: Wire.optional(z.boolean()),
  viewEngageAnalyticsPerformance: Wire.optional(z.boolean()),
  viewEngageAnalyticsFlows: Wire.optional(z.boolean()),
  manageGeneralBusinessSettings: Wire.optional(z.boolean()),
  manageScorecards: Wire.optional(z.boolean()),
  exportCallsAndCoachingDataToCSV: Wire.optional(z.boolean()),
  crmDataInlineEditing: Wire.optional(z.boolean()),
  crmDataImport: Wire.optional(z.boolean()),
  viewRevenueAnalytics: Wire.optional(z.boolean()),
  manageRevenueAnalytics: Wire.optional(z.boolean()),
  engageReassignFlowToDosToOthers: Wire.optional(z.boolean()),
  engageAssignFlowToDosToOthers: Wire.optional(z.boolean()),
  dealsDataExport: Wire.optional(z.boolean()),
  aiBuilder: Wire.optional(z.boolean()),
  orchestrateCreateAndManagePlays: Wire.optional(z.boolean()),
});
export type PermissionProfile = z.output<typeof PermissionProfileSchema>;

/** `UserSimpleMetadata` (spec): a member of a permission profile. */
export const PermissionProfileUserSchema = z.object({
  id: Wire.gongId,
  fullName: Wire.optional(z.string()),
  emailAddress: Wire.optional(z.string()),
});
export type PermissionProfileUser = z.output<typeof PermissionProfileUserSchema>;

/** GET /v2/all-permission-profiles?workspaceId= (alphabetical by name). */
export const PermissionProfilesResponseSchema = z.object({
  requestId: Wire.optional(z.string()),
  profiles: z.array(PermissionProfileSchema),
});

/** GET /v2/permission-profile?profileId=. */
export const PermissionProfileResponseSchema = z.object({
  requestId: Wire.optional(z.string()),
  profile: PermissionProfileSchema,
});

/** GET /v2/permission-profile/users?profileId=. */
export const PermissionProfileUsersResponseSchema = z.object({
  requestId: Wire.optional(z.string()),
  users: z.array(PermissionProfileUserSchema),
});
