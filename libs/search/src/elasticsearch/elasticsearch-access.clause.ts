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
 *
 * A `terms` query holds at most `index.max_terms_count` values (65,536 by default): a longer list
 * (a user with more API-granted calls, or a manager of more users) is split into several `terms`
 * clauses of at most `maxTerms` values, side by side in the same `should`, which means the same.
 */
export function elasticsearchAccessClause(filter: AccessFilter, maxTerms = MAX_TERMS_COUNT): estypes.QueryDslQueryContainer {
  const should: estypes.QueryDslQueryContainer[] = [];
  if (filter.ownUserId !== null) {
    should.push({ term: { host_user_id: filter.ownUserId } }, { term: { participant_user_ids: filter.ownUserId } });
  }
  const shared: estypes.QueryDslQueryContainer[] = [];
  shared.push(...termsClauses('call_id', filter.grantedCallIds, maxTerms));
  shared.push(...termsClauses('workspace_id', filter.allWorkspaceIds, maxTerms));
  for (const entry of filter.hostUserIdsByWorkspace) {
    const hosts = termsClauses('host_user_id', entry.hostUserIds, maxTerms);
    if (hosts.length === 0) continue;
    const host = hosts.length === 1 ? hosts[0] : { bool: { should: hosts, minimum_should_match: 1 } };
    shared.push({ bool: { filter: [{ term: { workspace_id: entry.workspaceId } }, host] } });
  }
  if (shared.length > 0) {
    should.push({ bool: { must_not: [{ term: { is_private: true } }], should: shared, minimum_should_match: 1 } });
  }
  if (should.length === 0) return { bool: { must_not: [{ match_all: {} }] } };
  return { bool: { should, minimum_should_match: 1 } };
}

/** Elasticsearch's default `index.max_terms_count`: the most values one `terms` query may hold. */
export const MAX_TERMS_COUNT = 65_536;

/** `terms` clauses of at most `max` values each, covering `values` (none for an empty list). */
export function termsClauses(field: string, values: readonly string[], max = MAX_TERMS_COUNT): estypes.QueryDslQueryContainer[] {
  const clauses: estypes.QueryDslQueryContainer[] = [];
  for (let i = 0; i < values.length; i += max) clauses.push({ terms: { [field]: values.slice(i, i + max) } });
  return clauses;
}
