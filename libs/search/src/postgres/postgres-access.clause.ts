import type { AccessFilter } from '@gong-connector/access-core';
import type { SqlParameters } from './sql-parameters.js';

/**
 * The access keys an AccessFilter holds, in the form of `search_chunks.access_keys` (migration
 * SearchChunkAccessKeys1763900080000): `u:<own user>` (calls they host or attend, private ones
 * included), and the keys only calls that are not private carry: `c:<granted call>`,
 * `w:<workspace>` (every call of it) and `h:<workspace>:<host>` (managers-team hosts).
 */
export function postgresAccessKeys(filter: AccessFilter): string[] {
  const keys: string[] = [];
  if (filter.ownUserId !== null) keys.push(`u:${filter.ownUserId}`);
  for (const id of filter.grantedCallIds) keys.push(`c:${id}`);
  for (const id of filter.allWorkspaceIds) keys.push(`w:${id}`);
  for (const e of filter.hostUserIdsByWorkspace) for (const host of e.hostUserIds) keys.push(`h:${e.workspaceId}:${host}`);
  return keys;
}

/**
 * Past this many granted calls the grant arm is its own condition, `call_id = ANY(...)` on calls
 * that are not private (a hashed lookup per row), instead of `c:` keys in the overlap: PostgreSQL
 * checks `&&` by comparing every key of the row with every key of the filter, so a filter with
 * 5,000 granted calls cost seconds per search on a recency scan (bench:scale).
 */
export const GRANTED_KEYS_INLINE = 64;

/**
 * The AccessFilter as a WHERE condition over `search_chunks` (alias `c`), the keys bound:
 * `c.access_keys && $keys`, which holds exactly when
 *
 * ```
 *   (c.host_user_id = $own OR c.participant_user_ids @> ARRAY[$own])
 *   OR (NOT c.is_private AND (c.call_id = ANY($granted) OR c.workspace_id = ANY($all)
 *                             OR c.workspace_id || ':' || c.host_user_id = ANY($workspace:host pairs)))
 * ```
 *
 * because a chunk's keys are built from those same facts (`search_chunk_access_keys`). One
 * condition on the second column of the GIN index over (tsv, access_keys), so a text search
 * intersects the text and the access filter inside one index scan. More than
 * `GRANTED_KEYS_INLINE` granted calls are checked apart: `(c.access_keys && $other keys OR (NOT
 * c.is_private AND c.call_id = ANY($granted)))`, the same rows. A filter with no key (deny-all) is
 * FALSE.
 */
export function postgresAccessClause(filter: AccessFilter, params: SqlParameters): string {
  const apart = filter.grantedCallIds.length > GRANTED_KEYS_INLINE;
  const keys = postgresAccessKeys(apart ? { ...filter, grantedCallIds: [] } : filter);
  const arms: string[] = [];
  if (keys.length > 0) arms.push(`c.access_keys && ${params.add(keys, 'text[]')}`);
  if (apart) arms.push(`(NOT c.is_private AND c.call_id = ANY(${params.add(filter.grantedCallIds, 'text[]')}))`);
  return arms.length === 0 ? 'FALSE' : arms.length === 1 ? arms[0] : `(${arms.join(' OR ')})`;
}
