/**
 * The time port. Pure cores take a Clock (or a `now` in ms) instead of calling Date.now(), so their
 * window arithmetic is tested without sleeping.
 */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };
