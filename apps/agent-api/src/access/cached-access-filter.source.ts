import type { AccessFilterReply, Clock } from '@gong-connector/contracts';
import { LRUCache } from 'lru-cache';
import type { AccessFilterSource, AccessSubject } from './access-filter.source.js';

/**
 * Reuses each subject's filter for `ttlMs`, so a burst of questions costs one lookup; at most
 * `maxEntries` subjects, the least recently asked forgotten first (never all at once).
 */
export class CachedAccessFilterSource implements AccessFilterSource {
  private readonly entries: LRUCache<string, { at: number; reply: Promise<AccessFilterReply> }>;

  constructor(
    private readonly inner: AccessFilterSource,
    private readonly clock: Clock,
    private readonly ttlMs: number,
    maxEntries = 10_000,
  ) {
    this.entries = new LRUCache({ max: maxEntries });
  }

  filterFor(subject: AccessSubject): Promise<AccessFilterReply> {
    if (this.ttlMs === 0) return this.inner.filterFor(subject);
    const key = 'userId' in subject ? `id:${subject.userId}` : `email:${subject.email.toLowerCase()}`;
    const now = this.clock.now();
    const hit = this.entries.get(key);
    if (hit && now - hit.at <= this.ttlMs) return hit.reply;
    const reply = this.inner.filterFor(subject);
    this.entries.set(key, { at: now, reply });
    reply.catch(() => {
      if (this.entries.peek(key)?.reply === reply) this.entries.delete(key);
    });
    return reply;
  }

  clear(): void {
    this.entries.clear();
  }
}
