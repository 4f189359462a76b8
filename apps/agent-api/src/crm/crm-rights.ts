import type { PermissionProfileRecord } from '@gong-connector/persistence';

/** The Gong permission-profile capability "User can perform import of crm data". */
export const CRM_IMPORT_FLAG = 'crmDataImport';

/**
 * Whether a user may upload CRM data to Gong, from the replicated permission profiles. The narrower
 * reading: every profile the user holds (one per workspace) must grant `crmDataImport` (in Gong's
 * default profiles only admins have it); a user in no profile, or a profile that does not say, may not.
 */
export function mayImportCrmData(profiles: readonly Pick<PermissionProfileRecord, 'raw' | 'userIds'>[], userId: string): boolean {
  const held = profiles.filter((p) => p.userIds.includes(userId));
  return held.length > 0 && held.every((p) => typeof p.raw === 'object' && p.raw !== null && (p.raw as Record<string, unknown>)[CRM_IMPORT_FLAG] === true);
}
