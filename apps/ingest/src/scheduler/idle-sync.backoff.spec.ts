import { describe, expect, it } from '@jest/globals';
import { IdleSyncBackoff } from './idle-sync.backoff.js';

const MIN = 60_000;

describe('IdleSyncBackoff', () => {
  it.each([
    // outcomes of consecutive syncs -> waits after each
    [[true, true], [15, 15]],
    [[false, false, false, false], [30, 60, 60, 60]],
    [[false, false, true, false], [30, 60, 15, 30]],
  ])('syncs that stored %j wait %j minutes', (outcomes, waits) => {
    const backoff = new IdleSyncBackoff(15 * MIN, 60 * MIN);
    expect(outcomes.map((o) => backoff.next(o) / MIN)).toEqual(waits);
  });

  it('never waits less than the base interval, whatever the maximum says', () => {
    const backoff = new IdleSyncBackoff(15 * MIN, 5 * MIN);
    expect([backoff.next(false), backoff.next(false)]).toEqual([15 * MIN, 15 * MIN]);
  });
});
