import type { Clock } from '@gong-connector/contracts';

/** A clock that moves only when told to: tests of limits, cursors and delays need no sleeps. */
export class ManualClock implements Clock {
  constructor(private current: number = Date.UTC(2026, 0, 15, 12, 0, 0)) {}

  now(): number {
    return this.current;
  }

  advance(ms: number): void {
    this.current += ms;
  }

  set(ms: number): void {
    this.current = ms;
  }
}
