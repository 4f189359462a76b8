import type { AccessFilter } from '@gong-connector/contracts';

/**
 * The AccessFilter as a WHERE clause over `calls` (alias `c`), appending its values to `params`:
 *
 * ```
 *   c.primary_user_id = $own OR a party of the call is $own
 *   OR (NOT c.is_private AND (c.id = ANY($granted) OR c.workspace_id = ANY($all)
 *                             OR c.workspace_id || ':' || c.primary_user_id = ANY($pairs)))
 * ```
 *
 * The same rule as `matchesFilter` and the search adapters' clauses; FALSE when no arm is left.
 */
export function callAccessClause(filter: AccessFilter, params: unknown[]): string {
  const add = (value: unknown): string => {
    params.push(value);
    return `$${params.length}`;
  };
  const arms: string[] = [];
  if (filter.ownUserId !== null) {
    const own = add(filter.ownUserId);
    arms.push(`c.primary_user_id = ${own} OR EXISTS (SELECT 1 FROM call_parties op WHERE op.call_id = c.id AND op.user_id = ${own})`);
  }
  const shared: string[] = [];
  if (filter.grantedCallIds.length > 0) shared.push(`c.id = ANY(${add(filter.grantedCallIds)}::text[])`);
  if (filter.allWorkspaceIds.length > 0) shared.push(`c.workspace_id = ANY(${add(filter.allWorkspaceIds)}::text[])`);
  const pairs = filter.hostUserIdsByWorkspace.flatMap((e) => e.hostUserIds.map((host) => `${e.workspaceId}:${host}`));
  if (pairs.length > 0) shared.push(`(c.workspace_id || ':' || c.primary_user_id) = ANY(${add(pairs)}::text[])`);
  if (shared.length > 0) arms.push(`(NOT c.is_private AND (${shared.join(' OR ')}))`);
  return arms.length === 0 ? 'FALSE' : `(${arms.join(' OR ')})`;
}
