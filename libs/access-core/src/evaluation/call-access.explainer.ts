import type { AccessCall } from '../model/access-call.schema.js';
import type { AccessModel } from '../model/access-model.schema.js';
import type { CallsPermissionLevel } from '../model/calls-permission-level.js';
import { buildAccessIndex, type AccessIndex } from './access-index.builder.js';
import { callsScopeOf } from './calls-scope.js';
import { apiGrantsHonoured, profileAllows } from './profile-flags.js';

/**
 * The rule that decides whether a user may see a call (the rules R1-R7 of
 * access-filter.evaluator.ts), in the order they are applied:
 * - `unknown-user`, `inactive-user` (R1): nothing is visible;
 * - `owner`, `participant` (R2): the user hosts the call or is one of its internal parties;
 * - `private` (R3): a private call of someone else, withheld whatever the profile or grant;
 * - `api-grant` (R4): granted to the user through /v2/calls/users-access;
 * - `no-workspace` (R5): the call has no workspace the model knows, so no profile reaches it;
 * - `no-profile`, `conflicting-profiles` (R5): the user is in no profile, or in several, of the
 *   call's workspace: own calls only;
 * - `calls-and-search-off` (R8): the user's profile of the call's workspace turns `callsAndSearch`
 *   off: own calls only there (an API grant is not honoured either while any profile does so);
 * - `profile-level` (R6): decided by the user's level in the call's workspace: `all` sees it,
 *   `managers-team` and `report-to-them` see it when the host is covered by their leads or reports
 *   (`outside-team` otherwise), `own` and `none` never.
 */
export type CallAccessRule =
  | 'unknown-user'
  | 'inactive-user'
  | 'owner'
  | 'participant'
  | 'private'
  | 'api-grant'
  | 'no-workspace'
  | 'no-profile'
  | 'conflicting-profiles'
  | 'calls-and-search-off'
  | 'profile-level'
  | 'outside-team';

export interface CallAccessExplanation {
  readonly visible: boolean;
  readonly rule: CallAccessRule;
  /** The call's workspace, when a profile rule applied. */
  readonly workspaceId: string | null;
  /** The user's level in that workspace (`profile-level`, `outside-team`). */
  readonly level: CallsPermissionLevel | null;
  /** The profile's team leads that count (known users), for `managers-team` and `report-to-them`. */
  readonly teamLeadIds: readonly string[];
  /** One sentence a person can read. */
  readonly reason: string;
}

/**
 * Whether a user may see one call and which rule decides, by the rules in
 * access-filter.evaluator.ts. `canSee` is this function's `visible`, so the two can never disagree;
 * both agree with `matchesFilter(filterFor(index, userId), toCallFacts(call))`.
 */
export function explainCallAccess(source: AccessModel | AccessIndex, userId: string, call: AccessCall): CallAccessExplanation {
  const index = 'kind' in source ? source : buildAccessIndex(source);
  const answer = (visible: boolean, rule: CallAccessRule, reason: string, extra: Partial<CallAccessExplanation> = {}): CallAccessExplanation => ({
    visible,
    rule,
    workspaceId: null,
    level: null,
    teamLeadIds: [],
    reason,
    ...extra,
  });
  const user = index.users.get(userId);
  if (user === undefined) return answer(false, 'unknown-user', `User ${userId} is not a known Gong user: they see no call.`);
  if (!user.active) return answer(false, 'inactive-user', `User ${userId} is inactive in Gong: they see no call.`);
  if (call.primaryUserId === userId) return answer(true, 'owner', `User ${userId} hosts call ${call.id}.`);
  if (call.participantUserIds.includes(userId)) return answer(true, 'participant', `User ${userId} took part in call ${call.id}.`);
  if (call.isPrivate) {
    return answer(false, 'private', `Call ${call.id} is private: only its host and internal participants see it (an API grant or a profile does not open it).`);
  }
  if (index.grantedUserIdsByCall.get(call.id)?.has(userId) === true && apiGrantsHonoured(index, userId)) {
    return answer(true, 'api-grant', `Call ${call.id} was granted to user ${userId} through Gong's users-access API.`);
  }

  const { workspaceId, primaryUserId: hostId } = call;
  if (workspaceId === null || !index.profilesByWorkspace.has(workspaceId)) {
    return answer(false, 'no-workspace', `Call ${call.id} is in no known workspace, so only its host, participants and API grants see it.`);
  }
  const access = index.profilesByWorkspace.get(workspaceId)!.get(userId);
  if (access === undefined || access.kind === 'no-profile') {
    return answer(false, 'no-profile', `User ${userId} is in no permission profile of workspace ${workspaceId}: own calls only there.`, { workspaceId });
  }
  if (access.kind === 'conflicting-profiles') {
    return answer(false, 'conflicting-profiles', `User ${userId} is in several permission profiles of workspace ${workspaceId}: own calls only there until that is fixed.`, { workspaceId });
  }
  const level = access.callsAccess.permissionLevel;
  if (!profileAllows(access.profile, 'callsAndSearch')) {
    return answer(false, 'calls-and-search-off', `User ${userId}'s profile in workspace ${workspaceId} does not allow viewing and searching calls (callsAndSearch off): own calls only there.`, { workspaceId, level });
  }
  const scope = callsScopeOf(index, userId, workspaceId);
  const teamLeadIds = scope.teamLeadIds.length > 0 ? scope.teamLeadIds : scope.reportRootIds.filter((id) => id !== userId);
  const extra = { workspaceId, level, teamLeadIds };
  if (scope.everyone) return answer(true, 'profile-level', `User ${userId}'s profile in workspace ${workspaceId} has calls access "all".`, extra);
  if (level === 'own' || level === 'none') {
    return answer(false, 'profile-level', `User ${userId}'s profile in workspace ${workspaceId} has calls access "${level}": own calls only.`, extra);
  }
  const { hierarchy } = index;
  const lead = hostId === null ? undefined : scope.teamLeadIds.find((leadId) => hostId === leadId || hierarchy.isBelow(hostId, leadId));
  const root = hostId === null ? undefined : scope.reportRootIds.find((rootId) => hierarchy.isBelow(hostId, rootId));
  if (lead !== undefined) {
    return answer(true, 'profile-level', `User ${userId}'s profile in workspace ${workspaceId} ("${level}") covers team lead ${lead} and everyone below them, host ${hostId} included.`, extra);
  }
  if (root !== undefined) {
    const whose = root === userId ? 'their own reports' : `the reports of ${root}`;
    return answer(true, 'profile-level', `User ${userId}'s profile in workspace ${workspaceId} ("${level}") covers ${whose}, host ${hostId} included.`, extra);
  }
  const covered =
    level === 'managers-team'
      ? scope.teamLeadIds.length > 0
        ? `the teams of ${scope.teamLeadIds.join(', ')}`
        : 'no team (the profile lists no known team lead)'
      : scope.reportRootIds.length > 0
        ? scope.reportRootIds.includes(userId)
          ? 'their own reports'
          : `the reports of ${scope.reportRootIds.join(', ')}`
        : 'no one (the profile lists no known team lead)';
  return answer(false, 'outside-team', `Call ${call.id}'s host ${hostId ?? '(none)'} is outside what user ${userId}'s profile in workspace ${workspaceId} ("${level}") covers: ${covered}.`, extra);
}
