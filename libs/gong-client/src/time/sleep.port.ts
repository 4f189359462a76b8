import { setTimeout as delay } from 'node:timers/promises';

/**
 * Waits `ms` milliseconds (or until `signal` aborts, rejecting with its reason). Injected so tests
 * of backoff and pacing never really wait.
 */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export const realSleep: Sleep = async (ms, signal) => {
  await delay(Math.max(0, ms), undefined, signal === undefined ? undefined : { signal });
};
