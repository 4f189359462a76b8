import { describe, expect, it } from '@jest/globals';
import { AppError, ErrorCode } from '@gong-connector/contracts';
import type { GongPriority } from '../priority/gong-priority.js';
import { LocalPacer } from './local.pacer.js';

/** A clock that only moves when the pacer sleeps. */
function fakeTime(start = 1_000_000) {
  const state = { now: start, sleeps: [] as number[] };
  return {
    state,
    clock: { now: () => state.now },
    sleep: async (ms: number) => {
      state.sleeps.push(ms);
      await Promise.resolve(); // let the grants made so far be observed at the current time
      state.now += ms;
    },
  };
}

const ask = (priority: GongPriority = 'sync', extra: { deadlineMs?: number; cost?: number } = {}) => ({
  priority,
  cost: extra.cost ?? 1,
  endpoint: 'GET /v2/calls',
  ...(extra.deadlineMs === undefined ? {} : { deadlineMs: extra.deadlineMs }),
});

describe('LocalPacer', () => {
  it('grants at most N per sliding second', async () => {
    const time = fakeTime();
    const pacer = new LocalPacer({ requestsPerSecond: 3, clock: time.clock, sleep: time.sleep });
    const grantedAt: number[] = [];
    await Promise.all(
      Array.from({ length: 7 }, () => pacer.acquire(ask()).then(() => grantedAt.push(time.state.now - 1_000_000))),
    );
    expect(grantedAt).toEqual([0, 0, 0, 1000, 1000, 1000, 2000]);
  });

  it('serves higher priorities first while waiting, FIFO within a priority', async () => {
    const time = fakeTime();
    const pacer = new LocalPacer({ requestsPerSecond: 1, clock: time.clock, sleep: time.sleep });
    const order: string[] = [];
    const first = pacer.acquire(ask('backfill')).then(() => order.push('backfill-1'));
    const waiting = [
      pacer.acquire(ask('backfill')).then(() => order.push('backfill-2')),
      pacer.acquire(ask('sync')).then(() => order.push('sync')),
      pacer.acquire(ask('interactive')).then(() => order.push('interactive-1')),
      pacer.acquire(ask('interactive')).then(() => order.push('interactive-2')),
      pacer.acquire(ask('post-call')).then(() => order.push('post-call')),
    ];
    await Promise.all([first, ...waiting]);
    expect(order).toEqual(['backfill-1', 'interactive-1', 'interactive-2', 'post-call', 'sync', 'backfill-2']);
  });

  it('refuses a permit it cannot grant before the deadline', async () => {
    const time = fakeTime();
    const pacer = new LocalPacer({ requestsPerSecond: 1, clock: time.clock, sleep: time.sleep });
    await expect(pacer.acquire(ask())).resolves.toMatchObject({ priority: 'sync' });
    const late = pacer.acquire(ask('sync', { deadlineMs: time.state.now + 500 }));
    await expect(late).rejects.toMatchObject({ code: ErrorCode.QUOTA_DEADLINE_EXCEEDED });
    await expect(pacer.acquire(ask('sync', { deadlineMs: time.state.now + 1000 }))).resolves.toMatchObject({
      endpoint: 'GET /v2/calls',
    });
  });

  it('pauses for Retry-After after a reported 429', async () => {
    const time = fakeTime();
    const pacer = new LocalPacer({ requestsPerSecond: 3, clock: time.clock, sleep: time.sleep });
    const permit = await pacer.acquire(ask());
    await pacer.report(permit, { status: 429, retryAfterSeconds: 80, endpoint: 'GET /v2/calls', durationMs: 5 });
    await pacer.acquire(ask());
    expect(time.state.now - 1_000_000).toBe(80_000);
  });

  it('counts cost and rejects invalid requests', async () => {
    const time = fakeTime();
    const pacer = new LocalPacer({ requestsPerSecond: 3, clock: time.clock, sleep: time.sleep });
    await pacer.acquire(ask('sync', { cost: 3 }));
    await pacer.acquire(ask());
    expect(time.state.now - 1_000_000).toBe(1000);
    await expect(pacer.acquire(ask('sync', { cost: 4 }))).rejects.toBeInstanceOf(AppError);
    await expect(pacer.acquire({ ...ask(), priority: 'urgent' as GongPriority })).rejects.toMatchObject({
      code: ErrorCode.VALIDATION_FAILED,
    });
  });
});
