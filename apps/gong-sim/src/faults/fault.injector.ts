import { SeededRandom } from '../company/seeded.random.js';
import { FaultConfigSchema, type FaultConfig, type ParsedFaultConfig } from './fault-config.schema.js';

export type InjectedAnswer =
  | { kind: 'status'; status: 500 | 502 | 503 | 504 }
  | { kind: 'rate-limit'; retryAfterSeconds: number };

interface Selector {
  rate: number;
  remaining?: number;
  paths?: string[];
}

/**
 * Fault injection for tests of clients: error statuses, latency, 429 storms, broken bodies, early
 * cursor expiry and dropped webhooks. Random choices come from a seeded generator, so a run with the
 * same faults and the same requests fails the same way.
 */
export class FaultInjector {
  private config: ParsedFaultConfig = {};
  private readonly random: SeededRandom;
  private cursorEpoch = 0;

  constructor(seed: string) {
    this.random = SeededRandom.derive(seed, 'faults');
  }

  /** Replaces the whole fault set (an empty object clears it). Throws a ZodError on bad input. */
  set(config: FaultConfig): ParsedFaultConfig {
    const parsed = FaultConfigSchema.parse(config);
    if (parsed.expireCursorsNow) this.cursorEpoch++;
    const { expireCursorsNow: _once, ...rest } = parsed;
    this.config = rest;
    return this.current();
  }

  clear(): void {
    this.config = {};
  }

  current(): ParsedFaultConfig {
    return structuredClone(this.config);
  }

  /** Latency to add to this request, in ms (0 when none). */
  latencyFor(path: string): number {
    const l = this.config.latency;
    if (!l || !this.hits(l, path)) return 0;
    return l.ms + (l.jitterMs ? this.random.int(0, l.jitterMs) : 0);
  }

  /** How long to hold back the answer of a request already served (0: none). */
  slowAnswerFor(path: string): number {
    const l = this.config.slowAnswer;
    return l && this.hits(l, path) ? l.ms : 0;
  }

  /** A status or 429 to answer instead of serving, if one applies. */
  answerFor(path: string): InjectedAnswer | undefined {
    const storm = this.config.rateLimitStorm;
    if (storm && this.hits(storm, path)) return { kind: 'rate-limit', retryAfterSeconds: storm.retryAfterSeconds };
    for (const e of this.config.errors ?? []) {
      if (this.hits(e, path)) return { kind: 'status', status: e.status };
    }
    return undefined;
  }

  /** Breaks a successful JSON body when a body fault applies. */
  corruptBody(path: string, payload: string): string {
    const t = this.config.truncatedBody;
    if (t && this.hits(t, path)) return payload.slice(0, Math.max(1, Math.floor(payload.length / 2)));
    const m = this.config.malformedJson;
    if (m && this.hits(m, path)) return payload.replace(/^\{/, '{ malformed,');
    return payload;
  }

  cursorTtlOverrideMs(): number | undefined {
    return this.config.cursorTtlMs;
  }

  /** Bumped by expireCursorsNow: cursors of an older epoch are rejected. */
  epoch(): number {
    return this.cursorEpoch;
  }

  shouldDropWebhook(): boolean {
    const d = this.config.dropWebhooks;
    return Boolean(d && this.hits(d, undefined));
  }

  private hits(sel: Selector, path: string | undefined): boolean {
    if (path !== undefined && sel.paths && !sel.paths.includes(path)) return false;
    if (sel.remaining !== undefined && sel.remaining <= 0) return false;
    if (sel.rate < 1 && this.random.next() >= sel.rate) return false;
    if (sel.remaining !== undefined) sel.remaining--;
    return true;
  }
}
