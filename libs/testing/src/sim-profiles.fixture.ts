import type { PermissionProfileRecord } from '@gong-connector/persistence';
import type { CompanyGroundTruth } from '@gong-connector/gong-sim';

/** The simulated company's permission profiles as the replica stores them (what the access sync writes). */
export function permissionProfilesOf(truth: Pick<CompanyGroundTruth, 'profiles'>): PermissionProfileRecord[] {
  return truth.profiles.map((p) => ({
    id: p.id,
    workspaceId: p.workspaceId,
    name: p.name,
    callsLevel: p.callsAccess.permissionLevel,
    teamLeadIds: p.callsAccess.teamLeadIds ?? [],
    raw: p.dto,
    userIds: p.userIds,
  }));
}
