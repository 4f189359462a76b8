import type { AccessFilter } from '@gong-connector/access-core';

/**
 * Computed filters by user id, valid for the current snapshot. When the snapshot is replaced,
 * the entries of users whose filter changed are dropped (`invalidate`); the others stay valid,
 * because their filter is the same under the new snapshot.
 */
export class FilterCache {
  private readonly filters = new Map<string, AccessFilter>();

  get(userId: string): AccessFilter | undefined {
    return this.filters.get(userId);
  }

  set(userId: string, filter: AccessFilter): void {
    this.filters.set(userId, filter);
  }

  invalidate(userIds: Iterable<string>): void {
    for (const id of userIds) this.filters.delete(id);
  }

  clear(): void {
    this.filters.clear();
  }

  get size(): number {
    return this.filters.size;
  }
}
