import type { AccessSnapshot } from './access-snapshot.js';

/**
 * The users whose AccessFilter differs between two snapshots: of `candidates` when given (users
 * whose inputs are known to have changed), else of every user known to either snapshot. Filters
 * are deterministic (sorted lists), so comparing their JSON is exact. Sorted ids.
 */
export function filterChanges(before: AccessSnapshot, after: AccessSnapshot, candidates?: Iterable<string>): string[] {
  const ids = new Set(candidates ?? [...before.userIds(), ...after.userIds()]);
  const changed: string[] = [];
  for (const id of ids) {
    if (JSON.stringify(before.filterFor(id)) !== JSON.stringify(after.filterFor(id))) changed.push(id);
  }
  return changed.sort((a, b) => (a.length !== b.length ? a.length - b.length : a < b ? -1 : a > b ? 1 : 0));
}
