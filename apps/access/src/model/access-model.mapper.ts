import { toCallsPermissionLevel, type AccessModel } from '@gong-connector/access-core';
import type { AccessSnapshotRecord } from '@gong-connector/persistence';

/**
 * The replica's snapshot as access-core's model. A profile's stored level is Gong's raw string,
 * mapped here with `toCallsPermissionLevel` (anything unknown becomes `none`: fails closed). An
 * empty `teamLeadIds` stands for Gong's `null`, `[]` or absent list, which the rules read alike.
 */
export function toAccessModel(record: Pick<AccessSnapshotRecord, 'workspaceIds' | 'users' | 'profiles' | 'grants'>): AccessModel {
  return {
    workspaceIds: [...record.workspaceIds],
    users: record.users.map((u) => ({ id: u.id, managerId: u.managerId, active: u.active })),
    profiles: record.profiles.map((p) => ({
      id: p.id,
      workspaceId: p.workspaceId,
      callsAccess: {
        permissionLevel: toCallsPermissionLevel(p.callsLevel),
        teamLeadIds: p.teamLeadIds.length === 0 ? null : [...p.teamLeadIds],
      },
      userIds: [...p.userIds],
    })),
    callAccessGrants: record.grants.filter((g) => g.userIds.length > 0).map((g) => ({ callId: g.callId, userIds: [...g.userIds] })),
  };
}
