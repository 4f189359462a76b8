import type { estypes } from '@elastic/elasticsearch';
import type { AccessFilter } from '@gong-connector/access-core';

/**
 * The AccessFilter as a query clause for `bool.filter` (no scoring, cacheable):
 *
 * ```
 * bool.should (minimum 1):
 *   term host_user_id = own, term participant_user_ids = own          (when ownUserId is set)
 *   bool { must_not: term is_private = true,
 *          should (minimum 1): terms call_id (granted), terms workspace_id (all),
 *                              bool{ term workspace_id, terms host_user_id } per workspace entry }
 * ```
 *
 * Arms with empty lists are left out, and a filter with no arm at all (deny-all) becomes an
 * explicit match-nothing clause: a `bool` with no clauses would match everything.
 */
export function elasticsearchAccessClause(filter: AccessFilter): estypes.QueryDslQueryContainer {
  const should: estypes.QueryDslQueryContainer[] = [];
  if (filter.ownUserId !== null) {
    should.push({ term: { host_user_id: filter.ownUserId } }, { term: { participant_user_ids: filter.ownUserId } });
  }
  const shared: estypes.QueryDslQueryContainer[] = [];
  if (filter.grantedCallIds.length > 0) shared.push({ terms: { call_id: [...filter.grantedCallIds] } });
  if (filter.allWorkspaceIds.length > 0) shared.push({ terms: { workspace_id: [...filter.allWorkspaceIds] } });
  for (const entry of filter.hostUserIdsByWorkspace) {
    shared.push({ bool: { filter: [{ term: { workspace_id: entry.workspaceId } }, { terms: { host_user_id: [...entry.hostUserIds] } }] } });
  }
  if (shared.length > 0) {
    should.push({ bool: { must_not: [{ term: { is_private: true } }], should: shared, minimum_should_match: 1 } });
  }
  if (should.length === 0) return { bool: { must_not: [{ match_all: {} }] } };
  return { bool: { should, minimum_should_match: 1 } };
}
