import type { AccessFilterReply, Clock } from '@gong-connector/contracts';
import type { AccessFilterSource, AccessSubject } from './access-filter.source.js';

/** Reuses each subject's filter for `ttlMs` (bounded map), so a burst of questions costs one lookup. */
export class CachedAccessFilterSource implements AccessFilterSource {
  private readonly entries = new Map<string, { at: number; reply: Promise<AccessFilterReply> }>();

  constructor(
    private readonly inner: AccessFilterSource,
    private readonly clock: Clock,
    private readonly ttlMs: number,
    private readonly maxEntries = 10_000,
  ) {}

  filterFor(subject: AccessSubject): Promise<AccessFilterReply> {
    if (this.ttlMs === 0) return this.inner.filterFor(subject);
    const key = 'userId' in subject ? `id:${subject.userId}` : `email:${subject.email.toLowerCase()}`;
    const now = this.clock.now();
    const hit = this.entries.get(key);
    if (hit && now - hit.at <= this.ttlMs) return hit.reply;
    const reply = this.inner.filterFor(subject);
    if (this.entries.size >= this.maxEntries) this.entries.clear();
    this.entries.set(key, { at: now, reply });
    reply.catch(() => this.entries.delete(key));
    return reply;
  }

  clear(): void {
    this.entries.clear();
  }
}
