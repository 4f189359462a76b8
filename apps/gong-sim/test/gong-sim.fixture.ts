import { parse } from 'lossless-json';
import { startGongSim, type GongSim } from '../src/sim/gong-sim.js';
import type { GongSimOptions } from '../src/sim/sim-options.js';
import { ManualClock } from '../src/time/manual.clock.js';

/** A parsed JSON body in tests: its shape is asserted, not typed (the conformance test checks it against the spec). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Body = any;

export const TEST_START = Date.UTC(2026, 0, 15, 12, 0, 0);


export interface TestSim {
  sim: GongSim;
  clock: ManualClock;
  /** Calls the simulated API over HTTP (Basic auth unless headers say otherwise). */
  request(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, payload?: unknown, headers?: Record<string, string>): Promise<SimResponse>;
}

export interface SimResponse {
  status: number;
  headers: Headers;
  text: string;
  /** JSON.parse of the body (ids beyond 2^53 that are numbers would be corrupted: use `lossless`). */
  json: Body;
  lossless: () => Body;
}

/**
 * A small simulator on a random port and a manual clock, with limits raised (tests of limits set
 * their own). Fastify's inject cannot load under Jest's ESM mode, so tests use real sockets.
 */
export async function createTestSim(options: GongSimOptions = {}): Promise<TestSim> {
  const clock = (options.clock as ManualClock | undefined) ?? new ManualClock(TEST_START);
  const sim = await startGongSim({
    port: 0,
    seed: 'test-seed',
    users: 30,
    accounts: 20,
    calls: 250,
    days: 30,
    ratePerSecond: 1_000_000,
    dailyLimit: 1_000_000_000,
    ...options,
    clock,
  });
  return {
    sim,
    clock,
    request: async (method, url, payload, headers) => {
      const res = await fetch(`${sim.baseUrl}${url}`, {
        method,
        headers: {
          authorization: sim.credentials.basicAuthorization,
          ...(payload !== undefined ? { 'content-type': 'application/json' } : {}),
          ...(headers ?? {}),
        },
        ...(payload !== undefined ? { body: typeof payload === 'string' ? payload : JSON.stringify(payload) } : {}),
      });
      const body = await res.text();
      let json: unknown;
      try {
        json = JSON.parse(body);
      } catch {
        json = undefined;
      }
      return { status: res.status, headers: res.headers, text: body, json, lossless: () => parse(body) };
    },
  };
}

/** Follows `records.cursor` to the end; returns every page's body. */
export async function allPages(
  t: TestSim,
  method: 'GET' | 'POST',
  url: string,
  body?: Record<string, unknown>,
): Promise<Body[]> {
  const pages: Body[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < 1000; i++) {
    const res =
      method === 'GET'
        ? await t.request('GET', cursor ? `${url}${url.includes('?') ? '&' : '?'}cursor=${encodeURIComponent(cursor)}` : url)
        : await t.request('POST', url, { ...body, ...(cursor ? { cursor } : {}) });
    if (res.status !== 200) throw new Error(`page ${i}: ${res.status} ${res.text}`);
    pages.push(res.json);
    cursor = res.json.records.cursor;
    if (!cursor) return pages;
  }
  throw new Error('too many pages');
}
