import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { CallIdBatcher } from './call-id.batcher.js';

describe('CallIdBatcher', () => {
  beforeEach(() => {
    jest.useFakeTimers();
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  it('flushes a full batch at once, and the rest after the wait', async () => {
    const batches: string[][] = [];
    const batcher = new CallIdBatcher(async (ids) => {
      batches.push(ids);
    }, { maxSize: 3, maxWaitMs: 1000 });
    const added = ['1', '2', '3', '4'].map((id) => batcher.add(id));
    await Promise.all(added.slice(0, 3));
    expect(batches).toEqual([['1', '2', '3']]);
    jest.advanceTimersByTime(999);
    expect(batches).toHaveLength(1);
    jest.advanceTimersByTime(1);
    await added[3];
    expect(batches).toEqual([['1', '2', '3'], ['4']]);
  });

  it('carries a repeated id once, and rejects every waiter of a failed batch', async () => {
    const batches: string[][] = [];
    const batcher = new CallIdBatcher(async (ids) => {
      batches.push(ids);
      throw new Error('gong is down');
    }, { maxSize: 100, maxWaitMs: 50 });
    const a = batcher.add('7');
    const b = batcher.add('7');
    jest.advanceTimersByTime(50);
    await expect(a).rejects.toThrow('gong is down');
    await expect(b).rejects.toThrow('gong is down');
    expect(batches).toEqual([['7']]);
  });

  it('flushes what is pending on close', async () => {
    const batches: string[][] = [];
    const batcher = new CallIdBatcher(async (ids) => {
      batches.push(ids);
    }, { maxSize: 100, maxWaitMs: 60_000 });
    const a = batcher.add('8');
    await batcher.close();
    await a;
    expect(batches).toEqual([['8']]);
  });
});
