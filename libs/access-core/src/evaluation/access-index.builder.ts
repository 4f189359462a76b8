import { AppError, ErrorCode } from '@gong-connector/contracts';
import { ManagerHierarchy } from '../hierarchy/manager-hierarchy.js';
import { compareGongIds } from '../ids/gong-id.order.js';
import type { AccessModel, AccessProfile, AccessUser, CallsAccess } from '../model/access-model.schema.js';

/**
 * A user's profile in one workspace: one profile, none, or several (a conflict, with the
 * profiles that conflict, so a boolean every one of them denies can still be enforced).
 */
export type WorkspaceCallsAccess =
  | { readonly kind: 'profile'; readonly callsAccess: CallsAccess; readonly profile: AccessProfile }
  | { readonly kind: 'no-profile' }
  | { readonly kind: 'conflicting-profiles'; readonly profiles: readonly AccessProfile[] };

/**
 * An `AccessModel` prepared for many questions: users by id, the cycle-safe manager hierarchy
 * (descendants memoized), each user's profile per workspace, and API grants both ways.
 * Treat as immutable (only its memos fill up); build it once per model snapshot.
 */
export interface AccessIndex {
  readonly kind: 'access-index';
  /** Known workspaces, sorted. */
  readonly workspaceIds: readonly string[];
  readonly users: ReadonlyMap<string, AccessUser>;
  readonly hierarchy: ManagerHierarchy;
  /** Per workspace, the calls access of each user listed in one of its profiles. */
  readonly profilesByWorkspace: ReadonlyMap<string, ReadonlyMap<string, WorkspaceCallsAccess>>;
  /** Per user, the call ids granted to them through users-access, sorted. */
  readonly grantedCallIdsByUser: ReadonlyMap<string, readonly string[]>;
  /** Per call, the users granted access to it through users-access. */
  readonly grantedUserIdsByCall: ReadonlyMap<string, ReadonlySet<string>>;
  /** Memo of filterFor: sorted host ids per distinct scope. Derived data only. */
  readonly scopeHostsMemo: Map<string, readonly string[]>;
}

/**
 * Prepares a model for `filterFor` and `canSee`. Fails with VALIDATION_FAILED when a user id
 * appears twice (which entry holds would be a guess; callers fail closed). Profiles of
 * workspaces not in `workspaceIds` are ignored.
 */
export function buildAccessIndex(model: AccessModel): AccessIndex {
  const users = new Map<string, AccessUser>();
  for (const user of model.users) {
    if (users.has(user.id)) {
      throw new AppError(ErrorCode.VALIDATION_FAILED, `Access model lists user ${user.id} more than once`, {
        details: [{ path: 'users', message: `duplicate user id ${user.id}` }],
      });
    }
    users.set(user.id, user);
  }

  const workspaceIds = [...new Set(model.workspaceIds)].sort(compareGongIds);
  const profilesByWorkspace = new Map<string, Map<string, WorkspaceCallsAccess>>(
    workspaceIds.map((id) => [id, new Map<string, WorkspaceCallsAccess>()]),
  );
  for (const profile of model.profiles) {
    const members = profilesByWorkspace.get(profile.workspaceId);
    if (!members) continue;
    for (const userId of new Set(profile.userIds)) {
      const held = members.get(userId);
      members.set(
        userId,
        held === undefined
          ? { kind: 'profile', callsAccess: profile.callsAccess, profile }
          : { kind: 'conflicting-profiles', profiles: held.kind === 'profile' ? [held.profile, profile] : held.kind === 'conflicting-profiles' ? [...held.profiles, profile] : [profile] },
      );
    }
  }

  const grantedCallIds = new Map<string, Set<string>>();
  const grantedUserIdsByCall = new Map<string, Set<string>>();
  for (const grant of model.callAccessGrants) {
    for (const userId of grant.userIds) {
      addTo(grantedCallIds, userId, grant.callId);
      addTo(grantedUserIdsByCall, grant.callId, userId);
    }
  }
  const grantedCallIdsByUser = new Map<string, readonly string[]>();
  for (const [userId, callIds] of grantedCallIds) grantedCallIdsByUser.set(userId, [...callIds].sort(compareGongIds));

  return {
    kind: 'access-index',
    workspaceIds,
    users,
    hierarchy: new ManagerHierarchy(model.users),
    profilesByWorkspace,
    grantedCallIdsByUser,
    grantedUserIdsByCall,
    scopeHostsMemo: new Map(),
  };
}

function addTo(map: Map<string, Set<string>>, key: string, value: string): void {
  const set = map.get(key);
  if (set) set.add(value);
  else map.set(key, new Set([value]));
}
