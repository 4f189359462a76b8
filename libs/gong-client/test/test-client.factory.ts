import { expect } from '@jest/globals';
import { GongClient } from '../src/client/gong.client.js';
import type { GongClientOptions } from '../src/client/gong-client.options.js';
import { RecordingPermits } from './recording.permits.js';

export const ACCESS_KEY = 'AKEY-4f1c2d3e4f5a6b7c';
export const ACCESS_KEY_SECRET = 'SECRET-eyJhbGciOiJIUzI1NiJ9-9d8c7b6a5f4e';

export interface TestClient {
  client: GongClient;
  permits: RecordingPermits;
  /** Backoff delays the client slept (nothing really waits). */
  sleeps: number[];
}

/** A Basic-auth client against `baseUrl` with recording permits and a sleep that returns at once. */
export function testClient(baseUrl: string, overrides: Partial<GongClientOptions> = {}): TestClient {
  const permits = new RecordingPermits();
  const sleeps: number[] = [];
  const client = new GongClient({
    baseUrl,
    auth: { kind: 'basic', accessKey: ACCESS_KEY, accessKeySecret: ACCESS_KEY_SECRET },
    permits,
    priority: 'sync',
    timeoutMs: 5000,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0.5,
    ...overrides,
  });
  return { client, permits, sleeps };
}

/** Collects every page of an async iterator. */
export async function collect<T>(pages: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const page of pages) out.push(page);
  return out;
}

/** Asserts that `promise` rejects with an Error, and returns that error for closer inspection. */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  await expect(promise).rejects.toBeInstanceOf(Error);
  return promise.then(
    () => undefined,
    (error: unknown) => error,
  );
}
