import { describe, expect, it } from '@jest/globals';
import { FakeClock } from './fake-clock.js';
import { ManualTimers } from './manual-timers.js';

describe('ManualTimers', () => {
  it('fires due timers in order when time moves, the clock with them, and never those cleared', () => {
    const clock = new FakeClock(1_000);
    const timers = new ManualTimers(clock);
    const fired: string[] = [];
    timers.setTimeout(() => fired.push(`b@${clock.now()}`), 20);
    timers.setTimeout(() => {
      fired.push(`a@${clock.now()}`);
      timers.setTimeout(() => fired.push(`c@${clock.now()}`), 5); // set by a timer: due at 15
    }, 10);
    const cleared = timers.setTimeout(() => fired.push('never'), 15);
    timers.clearTimeout(cleared);
    timers.advance(9);
    expect(fired).toEqual([]);
    expect(timers.nextDueInMs).toBe(1);
    timers.advance(11);
    expect(fired).toEqual(['a@1010', 'c@1015', 'b@1020']);
    expect(clock.now()).toBe(1_020);
    expect(timers.pending).toBe(0);
    expect(timers.nextDueInMs).toBeUndefined();
  });
});
