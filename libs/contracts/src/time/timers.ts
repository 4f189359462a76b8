/** What `Timers.setTimeout` returns, to hand back to `clearTimeout` (opaque to callers). */
export type TimerHandle = unknown;

/**
 * The timer port. Code that waits a while before acting (a batch's linger) takes Timers instead of
 * calling the global setTimeout, so its tests move time by hand (`ManualTimers` of
 * @gong-connector/testing) instead of sleeping.
 */
export interface Timers {
  setTimeout(callback: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

/** The process's own timers. */
export const systemTimers: Timers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};
