/** The timers a loop needs, injected so tests fire them by hand instead of sleeping. */
export interface TimerPort {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** Node's timers, unref'ed: a pending timer never keeps the process alive on its own. */
export const systemTimers: TimerPort = {
  setTimeout: (callback, ms) => setTimeout(callback, ms).unref(),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};
