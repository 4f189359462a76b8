import { describe, expect, it } from '@jest/globals';
import type { Timers } from '@gong-connector/contracts';
import { deferred, type Deferred } from '@gong-connector/testing';
import { DrainLoop } from './drain.loop.js';

/** Timers that fire only when the test says so, all at once (the loop's sweeps have no order to keep). */
class FiredTimers implements Timers {
  private readonly pending = new Map<number, { callback: () => void; ms: number }>();
  private next = 0;

  setTimeout(callback: () => void, ms: number): unknown {
    this.next += 1;
    this.pending.set(this.next, { callback, ms });
    return this.next;
  }

  clearTimeout(handle: unknown): void {
    this.pending.delete(handle as number);
  }

  get armed(): number[] {
    return [...this.pending.values()].map((t) => t.ms);
  }

  fireAll(): void {
    const due = [...this.pending];
    this.pending.clear();
    for (const [, t] of due) t.callback();
  }
}

/** A step the test completes by hand: each call waits for `finish(moreWaiting)`. */
class ManualStep {
  calls = 0;
  private current: Deferred<boolean> | undefined;
  private started = deferred();

  readonly step = (): Promise<boolean> => {
    this.calls += 1;
    this.current = deferred<boolean>();
    this.started.resolve();
    return this.current.promise;
  };

  /** Resolves once a step is in progress. */
  async inProgress(): Promise<void> {
    await this.started.promise;
  }

  /** Ends the step in progress, saying whether more work waits; then waits for the loop to react. */
  async finish(moreWaiting: boolean): Promise<void> {
    const current = this.current!;
    this.current = undefined;
    this.started = deferred();
    current.resolve(moreWaiting);
    await flush();
  }

  fail(error: Error): void {
    this.current!.reject(error);
    this.current = undefined;
    this.started = deferred();
  }
}

/** Lets every settled promise's callbacks run. */
async function flush(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}

function loopWith(options: { sweepMs?: number } = {}) {
  const timers = new FiredTimers();
  const work = new ManualStep();
  const errors: unknown[] = [];
  const loop = new DrainLoop({ step: work.step, onError: (e) => errors.push(e), timers, ...options });
  return { loop, timers, work, errors };
}

describe('DrainLoop', () => {
  it('drains on a kick until a step reports nothing left', async () => {
    const { loop, work } = loopWith();
    loop.kick();
    await work.inProgress();
    await work.finish(true);
    await work.finish(true);
    await work.finish(false);
    await loop.idle();
    expect(work.calls).toBe(3);
    expect(loop.busy).toBe(false);
  });

  it('coalesces kicks that arrive while it runs into one more drain', async () => {
    const { loop, work } = loopWith();
    loop.kick();
    await work.inProgress();
    loop.kick();
    loop.kick();
    loop.kick();
    expect(work.calls).toBe(1);
    await work.finish(false);
    expect(work.calls).toBe(2);
    await work.finish(false);
    await loop.idle();
    expect(work.calls).toBe(2);
  });

  it('sweeps every sweepMs once started, and not before', async () => {
    const { loop, timers, work } = loopWith({ sweepMs: 1_000 });
    expect(timers.armed).toEqual([]);
    loop.start();
    loop.start();
    expect(timers.armed).toEqual([1_000]);
    timers.fireAll();
    await work.inProgress();
    expect(timers.armed).toEqual([1_000]);
    await work.finish(false);
    timers.fireAll();
    await work.inProgress();
    await work.finish(false);
    expect(work.calls).toBe(2);
  });

  it('has no sweep without sweepMs', () => {
    const { loop, timers } = loopWith({ sweepMs: 0 });
    loop.start();
    expect(timers.armed).toEqual([]);
  });

  it('reports a failed drain and drains again at the next kick', async () => {
    const { loop, work, errors } = loopWith();
    loop.kick();
    await work.inProgress();
    work.fail(new Error('database away'));
    await loop.idle();
    expect(errors).toEqual([new Error('database away')]);
    loop.kick();
    await work.inProgress();
    await work.finish(false);
    await loop.idle();
    expect(work.calls).toBe(2);
  });

  it('stops: waits for the step in progress, starts no other, and ignores later kicks and sweeps', async () => {
    const { loop, timers, work } = loopWith({ sweepMs: 1_000 });
    loop.start();
    loop.kick();
    await work.inProgress();
    loop.kick();
    let stopped = false;
    const stopping = loop.stop().then(() => (stopped = true));
    expect(timers.armed).toEqual([]);
    await flush();
    expect(stopped).toBe(false);
    await work.finish(true);
    await stopping;
    expect(stopped).toBe(true);
    loop.kick();
    loop.start();
    timers.fireAll();
    await flush();
    expect(work.calls).toBe(1);
    expect(loop.busy).toBe(false);
  });
});
