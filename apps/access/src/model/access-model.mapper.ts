import { profileExtrasFromGong, toCallsPermissionLevel, type AccessModel } from '@gong-connector/access-core';
import type { AccessSnapshotRecord } from '@gong-connector/persistence';

/**
 * The replica's snapshot as access-core's model. A profile's stored level is Gong's raw string,
 * mapped here with `toCallsPermissionLevel` (anything unknown becomes `none`: fails closed). An
 * empty `teamLeadIds` stands for Gong's `null`, `[]` or absent list, which the rules read alike.
 * The other domains, Library access and booleans are read from the profile as Gong sent it
 * (`profileExtrasFromGong`, failing closed field by field).
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
      ...profileExtrasFromGong(p.raw),
      userIds: [...p.userIds],
    })),
    callAccessGrants: record.grants.filter((g) => g.userIds.length > 0).map((g) => ({ callId: g.callId, userIds: [...g.userIds] })),
  };
}
