import { describe, expect, it } from '@jest/globals';
import { deferred, ManualTimers } from '@gong-connector/testing';
import { CoalescingBatcher } from './coalescing.batcher.js';

describe('CoalescingBatcher', () => {
  it('sends a lone lookup at once and batches what arrives while a batch is in flight', async () => {
    const batches: string[][] = [];
    const gates = [deferred(), deferred()];
    const firstSent = deferred();
    const batcher = new CoalescingBatcher<string>(async (ids) => {
      batches.push(ids);
      firstSent.resolve();
      await gates[batches.length - 1]!.promise;
      return new Map(ids.filter((id) => id !== 'missing').map((id) => [id, `value ${id}`]));
    });
    const first = batcher.load('a');
    await firstSent.promise;
    const rest = [batcher.load('b'), batcher.load('c'), batcher.load('b'), batcher.load('missing')];
    expect(batches).toEqual([['a']]);
    gates[0]!.resolve();
    await expect(first).resolves.toBe('value a');
    gates[1]!.resolve();
    await expect(Promise.all(rest)).resolves.toEqual(['value b', 'value c', 'value b', undefined]);
    expect(batches).toEqual([['a'], ['b', 'c', 'missing']]);
  });

  it('fails every lookup of a failed batch, and the next batch goes on', async () => {
    let calls = 0;
    const batcher = new CoalescingBatcher<number>(async (ids) => {
      calls += 1;
      if (calls === 1) throw new Error('Gong is down');
      return new Map(ids.map((id) => [id, id.length]));
    });
    await expect(Promise.all([batcher.load('x'), batcher.load('yy')])).rejects.toThrow('Gong is down');
    await expect(batcher.load('zzz')).resolves.toBe(3);
  });

  it('waits its linger for lookups of the same moment, then sends them together', async () => {
    const batches: string[][] = [];
    const timers = new ManualTimers();
    const batcher = new CoalescingBatcher<string>(async (ids) => {
      batches.push(ids);
      return new Map(ids.map((id) => [id, id]));
    }, { lingerMs: 30, timers });
    const first = batcher.load('a');
    expect(timers.nextDueInMs).toBe(30);
    timers.advance(29);
    const second = batcher.load('b');
    expect(batches).toEqual([]);
    timers.advance(1);
    await expect(Promise.all([first, second])).resolves.toEqual(['a', 'b']);
    expect(batches).toEqual([['a', 'b']]);
    expect(timers.pending).toBe(0);
  });

  it('lingers again for the lookups that arrive after a batch left', async () => {
    const batches: string[][] = [];
    const timers = new ManualTimers();
    const batcher = new CoalescingBatcher<string>(async (ids) => {
      batches.push(ids);
      return new Map(ids.map((id) => [id, id]));
    }, { lingerMs: 50, timers });
    const first = batcher.load('a');
    timers.advance(50);
    await expect(first).resolves.toBe('a');
    const later = batcher.load('b');
    expect(timers.nextDueInMs).toBe(50);
    expect(batches).toEqual([['a']]);
    timers.advance(50);
    await expect(later).resolves.toBe('b');
    expect(batches).toEqual([['a'], ['b']]);
  });

  it('caps a batch at its maximum size', async () => {
    const sizes: number[] = [];
    const batcher = new CoalescingBatcher<string>(async (ids) => {
      sizes.push(ids.length);
      return new Map(ids.map((id) => [id, id]));
    }, { maxBatch: 2 });
    await Promise.all(['1', '2', '3', '4', '5'].map((id) => batcher.load(id)));
    expect(sizes).toEqual([2, 2, 1]);
  });
});
