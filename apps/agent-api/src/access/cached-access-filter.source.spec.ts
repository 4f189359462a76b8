import { describe, expect, it } from '@jest/globals';
import { denyAllAccessFilter, type AccessFilterReply } from '@gong-connector/contracts';
import { FakeClock } from '@gong-connector/testing';
import type { AccessFilterSource, AccessSubject } from './access-filter.source.js';
import { CachedAccessFilterSource } from './cached-access-filter.source.js';

class CountingSource implements AccessFilterSource {
  readonly asked: string[] = [];
  filterFor(subject: AccessSubject): Promise<AccessFilterReply> {
    const id = 'userId' in subject ? subject.userId : subject.email;
    this.asked.push(id);
    return Promise.resolve({ filter: denyAllAccessFilter(id), user: null, dataAsOf: '2026-12-01T00:00:00.000Z', ageMs: 0 });
  }
}

describe('CachedAccessFilterSource', () => {
  it('reuses a filter within its ttl and asks again after it', async () => {
    const inner = new CountingSource();
    const clock = new FakeClock(1_000);
    const cache = new CachedAccessFilterSource(inner, clock, 5_000);
    await cache.filterFor({ userId: '1' });
    await cache.filterFor({ userId: '1' });
    clock.advance(5_001);
    await cache.filterFor({ userId: '1' });
    expect(inner.asked).toEqual(['1', '1']);
  });

  it('is bounded: past its size it forgets the least recently asked subject, never every subject at once', async () => {
    const inner = new CountingSource();
    const cache = new CachedAccessFilterSource(inner, new FakeClock(0), 60_000, 3);
    for (const id of ['1', '2', '3']) await cache.filterFor({ userId: id });
    await cache.filterFor({ userId: '1' }); // 1 is now the most recent
    await cache.filterFor({ userId: '4' }); // evicts 2, the least recently asked
    inner.asked.length = 0;
    for (const id of ['1', '3', '4']) await cache.filterFor({ userId: id });
    expect(inner.asked).toEqual([]);
    await cache.filterFor({ userId: '2' });
    expect(inner.asked).toEqual(['2']);
  });

  it('does not keep a failed lookup', async () => {
    let fail = true;
    const inner: AccessFilterSource = {
      filterFor: (s) => (fail ? Promise.reject(new Error('stale')) : new CountingSource().filterFor(s)),
    };
    const cache = new CachedAccessFilterSource(inner, new FakeClock(0), 60_000);
    await expect(cache.filterFor({ userId: '1' })).rejects.toThrow('stale');
    fail = false;
    await expect(cache.filterFor({ userId: '1' })).resolves.toMatchObject({ filter: expect.any(Object) });
  });
});
