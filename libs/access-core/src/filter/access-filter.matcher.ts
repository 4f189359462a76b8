import type { AccessFilter } from './access-filter.schema.js';
import type { CallFacts } from './call-facts.schema.js';

/**
 * Evaluates an `AccessFilter` against a call's indexed facts, exactly as the search adapters'
 * query clauses do (the formula is on `AccessFilterSchema`). Linear in the filter's size: meant
 * for single calls and tests; bulk filtering belongs inside the search query.
 */
export function matchesFilter(filter: AccessFilter, facts: CallFacts): boolean {
  const own = filter.ownUserId;
  if (own !== null && (facts.hostUserId === own || facts.participantUserIds.includes(own))) return true;
  if (facts.isPrivate) return false;
  if (filter.grantedCallIds.includes(facts.callId)) return true;
  const workspaceId = facts.workspaceId;
  if (workspaceId === null) return false;
  if (filter.allWorkspaceIds.includes(workspaceId)) return true;
  const hostUserId = facts.hostUserId;
  if (hostUserId === null) return false;
  return filter.hostUserIdsByWorkspace.some(
    (entry) => entry.workspaceId === workspaceId && entry.hostUserIds.includes(hostUserId),
  );
}
