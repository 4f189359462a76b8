import type { AccessCall } from '../model/access-call.schema.js';
import type { AccessModel } from '../model/access-model.schema.js';
import { buildAccessIndex, type AccessIndex } from './access-index.builder.js';
import { callsScopeOf } from './calls-scope.js';

/**
 * Whether a user may see one call, by the rules in access-filter.evaluator.ts. Walks up from the
 * call's host instead of expanding descendants, and gives the same answer as
 * `matchesFilter(filterFor(index, userId), toCallFacts(call))`. Pass an index when asking
 * more than once; a model is indexed on every call.
 */
export function canSee(source: AccessModel | AccessIndex, userId: string, call: AccessCall): boolean {
  const index = 'kind' in source ? source : buildAccessIndex(source);
  const user = index.users.get(userId);
  if (user === undefined || !user.active) return false;
  if (call.primaryUserId === userId || call.participantUserIds.includes(userId)) return true;
  if (call.isPrivate) return false;
  if (index.grantedUserIdsByCall.get(call.id)?.has(userId) === true) return true;

  const { workspaceId, primaryUserId: hostId } = call;
  if (workspaceId === null || !index.profilesByWorkspace.has(workspaceId)) return false;
  const scope = callsScopeOf(index, userId, workspaceId);
  if (scope.everyone) return true;
  if (hostId === null) return false;
  const { hierarchy } = index;
  return (
    scope.teamLeadIds.some((leadId) => hostId === leadId || hierarchy.isBelow(hostId, leadId)) ||
    scope.reportRootIds.some((rootId) => hierarchy.isBelow(hostId, rootId))
  );
}
