import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import type { Lease } from '@gong-connector/persistence';
import { createLogger } from '@gong-connector/platform';
import { LeaseElector, type LeaseListener } from './lease.elector.js';

const T0 = Date.UTC(2026, 2, 2, 12, 0, 0);
const TTL = 3000;

/** The lease table as one row; `down` makes every call fail like an unreachable database. */
class FakeLeaseStore {
  holder: string | null = null;
  expiresAt = 0;
  token = 0;
  down = false;
  readonly calls: string[] = [];

  async tryAcquire(name: string, holder: string, ttlMs: number): Promise<Lease | undefined> {
    this.calls.push(`acquire ${holder}`);
    if (this.down) throw new Error('connect ECONNREFUSED');
    const now = Date.now();
    if (this.holder !== null && this.holder !== holder && this.expiresAt >= now) return undefined;
    if (this.holder !== holder) this.token++;
    this.holder = holder;
    this.expiresAt = now + ttlMs;
    return { name, holder, fencingToken: String(this.token), expiresAt: new Date(this.expiresAt) };
  }

  async release(_name: string, holder: string): Promise<void> {
    this.calls.push(`release ${holder}`);
    if (this.down) throw new Error('connect ECONNREFUSED');
    if (this.holder === holder) this.holder = null;
  }
}

function elector(store: FakeLeaseStore, holder: string, listener: Partial<LeaseListener> = {}) {
  const events: string[] = [];
  const e = new LeaseElector(
    store,
    { name: 'quota-broker', holder, ttlMs: TTL, logger: createLogger({ name: 'elector-test', level: 'silent' }), monotonic: () => Date.now() },
    {
      elected: async (lease) => {
        events.push(`elected ${lease.fencingToken}`);
        await listener.elected?.(lease);
      },
      deposed: (reason) => {
        events.push(`deposed: ${reason}`);
        listener.deposed?.(reason);
      },
    },
  );
  return { e, events };
}

describe('LeaseElector', () => {
  beforeEach(() => {
    jest.useFakeTimers({ now: T0 });
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  it('takes a free lease, renews it every third of the TTL and stays leader', async () => {
    const store = new FakeLeaseStore();
    const { e, events } = elector(store, 'a');
    e.start();
    await jest.advanceTimersByTimeAsync(0);
    expect(events).toEqual(['elected 1']);
    expect(e.check()).toBe(true);
    await jest.advanceTimersByTimeAsync(10 * TTL);
    expect(events).toEqual(['elected 1']);
    expect(store.calls.filter((c) => c === 'acquire a')).toHaveLength(31);
    expect(e.status()).toMatchObject({ leader: true, lastError: null, lease: { fencingToken: '1' } });
    await e.stop();
  });

  it('a standby takes over once the leader stops renewing, within the TTL and one retry interval', async () => {
    const store = new FakeLeaseStore();
    const a = elector(store, 'a');
    const b = elector(store, 'b');
    a.e.start();
    await jest.advanceTimersByTimeAsync(0);
    b.e.start();
    await jest.advanceTimersByTimeAsync(TTL);
    expect(b.events).toEqual([]);
    await a.e.stop({ release: false }); // a crash: the lease is left to expire
    const stoppedAt = Date.now();
    for (let t = 0; t < 2 * TTL && b.events.length === 0; t += 50) await jest.advanceTimersByTimeAsync(50);
    expect(b.events).toEqual(['elected 2']);
    expect(Date.now() - stoppedAt).toBeLessThanOrEqual(TTL + TTL / 3 + 50);
    await b.e.stop();
  });

  it('steps down at once when a renewal finds the lease taken by another instance', async () => {
    const store = new FakeLeaseStore();
    const { e, events } = elector(store, 'a');
    e.start();
    await jest.advanceTimersByTimeAsync(0);
    store.holder = 'intruder';
    store.expiresAt = Date.now() + 60_000;
    await jest.advanceTimersByTimeAsync(TTL / 3);
    expect(events).toEqual(['elected 1', 'deposed: the lease is held by another instance']);
    expect(e.check()).toBe(false);
    await e.stop();
  });

  it('steps down before the lease could expire when the database cannot be reached', async () => {
    const store = new FakeLeaseStore();
    const { e, events } = elector(store, 'a');
    e.start();
    await jest.advanceTimersByTimeAsync(0);
    store.down = true;
    await jest.advanceTimersByTimeAsync(TTL - 251);
    expect(e.check()).toBe(true);
    expect(e.status().lastError).toContain('ECONNREFUSED');
    await jest.advanceTimersByTimeAsync(1);
    expect(events).toEqual(['elected 1', 'deposed: the lease was not renewed in time']);
    expect(Date.now()).toBeLessThan(store.expiresAt);
    await e.stop();
  });

  it('answers check() from the clock, so a late timer cannot keep a lapsed leader granting', async () => {
    const store = new FakeLeaseStore();
    let skew = 0;
    const events: string[] = [];
    const e = new LeaseElector(
      store,
      { name: 'quota-broker', holder: 'a', ttlMs: TTL, logger: createLogger({ name: 'elector-test', level: 'silent' }), monotonic: () => Date.now() + skew },
      { elected: async () => void events.push('elected'), deposed: (r) => void events.push(r) },
    );
    e.start();
    await jest.advanceTimersByTimeAsync(0);
    skew = TTL; // the event loop stalled past the lease
    expect(e.check()).toBe(false);
    expect(events).toEqual(['elected', 'the lease was not renewed in time']);
    await e.stop();
  });

  it('releases the lease on stop, so a standby need not wait for it to expire', async () => {
    const store = new FakeLeaseStore();
    const { e, events } = elector(store, 'a');
    e.start();
    await jest.advanceTimersByTimeAsync(0);
    await e.stop();
    expect(events).toEqual(['elected 1', 'deposed: shutting down']);
    expect(store.holder).toBeNull();
    expect(store.calls.at(-1)).toBe('release a');
  });

  it('releases the lease and tries again later when taking over fails', async () => {
    const store = new FakeLeaseStore();
    let failures = 1;
    const { e, events } = elector(store, 'a', {
      elected: async () => {
        if (failures-- > 0) throw new Error('spend table unreachable');
      },
    });
    e.start();
    await jest.advanceTimersByTimeAsync(0);
    expect(events).toEqual(['elected 1', 'deposed: taking over failed']);
    expect(store.holder).toBeNull();
    await jest.advanceTimersByTimeAsync(TTL / 3);
    expect(events.at(-1)).toBe('elected 2');
    expect(e.check()).toBe(true);
    await e.stop();
  });
});
