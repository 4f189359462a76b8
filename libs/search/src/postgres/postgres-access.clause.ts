import type { AccessFilter } from '@gong-connector/access-core';
import type { SqlParameters } from './sql-parameters.js';

/**
 * The AccessFilter as a WHERE clause over `search_chunks` (alias `c`), with bound parameters:
 *
 * ```
 *   (c.host_user_id = $own OR c.participant_user_ids @> ARRAY[$own])
 *   OR (NOT c.is_private AND (c.call_id = ANY($granted) OR c.workspace_id = ANY($all)
 *                             OR c.workspace_host = ANY($workspace:host pairs)))
 * ```
 *
 * Arms whose list is empty are left out (a NULL own user leaves out the own arm); with no arm left
 * the clause is FALSE. Each arm can use an index (btree, GIN), so the planner may OR bitmaps.
 * `workspace_host` is the stored `workspace_id || ':' || host_user_id` (NULL when either is).
 */
export function postgresAccessClause(filter: AccessFilter, params: SqlParameters): string {
  const arms: string[] = [];
  if (filter.ownUserId !== null) {
    const own = params.add(filter.ownUserId, 'text');
    arms.push(`c.host_user_id = ${own} OR c.participant_user_ids @> ARRAY[${own}]`);
  }
  const shared: string[] = [];
  if (filter.grantedCallIds.length > 0) shared.push(`c.call_id = ANY(${params.add(filter.grantedCallIds, 'text[]')})`);
  if (filter.allWorkspaceIds.length > 0) shared.push(`c.workspace_id = ANY(${params.add(filter.allWorkspaceIds, 'text[]')})`);
  const pairs = filter.hostUserIdsByWorkspace.flatMap((e) => e.hostUserIds.map((host) => `${e.workspaceId}:${host}`));
  if (pairs.length > 0) shared.push(`c.workspace_host = ANY(${params.add(pairs, 'text[]')})`);
  if (shared.length > 0) arms.push(`(NOT c.is_private AND (${shared.join(' OR ')}))`);
  return arms.length === 0 ? 'FALSE' : `(${arms.join(' OR ')})`;
}
