import { canonicalJson, type AccessFilter } from '@gong-connector/contracts';
import { LRUCache } from 'lru-cache';
import { createHash } from 'node:crypto';

/**
 * Answers derived from the replica, kept by a key that names everything they depend on (a data
 * version of `replica_data_versions` read before the data, the asking user's access filter, the
 * request): the most recent `max` in an LRU, as promises, so concurrent askers share one read. A
 * read that fails is dropped, and the next asker reads again.
 */
export class KeptAnswers<T> {
  private readonly entries: LRUCache<string, Promise<T>>;

  constructor(max: number) {
    this.entries = new LRUCache({ max });
  }

  get(key: string, read: () => Promise<T>): Promise<T> {
    const kept = this.entries.get(key);
    if (kept) return kept;
    const reading = read();
    this.entries.set(key, reading);
    reading.catch(() => this.entries.delete(key));
    return reading;
  }
}

/** One text per access filter, for keys (memoized per filter object: a principal's filter is reused across its requests). */
const filterKeys = new WeakMap<AccessFilter, string>();
export function accessFilterKey(filter: AccessFilter): string {
  let key = filterKeys.get(filter);
  if (key === undefined) {
    key = createHash('sha256').update(canonicalJson(filter)).digest('base64url');
    filterKeys.set(filter, key);
  }
  return key;
}
