import type { Clock } from '@gong-connector/contracts';
import type { GongClient } from '@gong-connector/gong-client';
import type { CallRecord, LiveFallbackMissRepository, TranscriptRecord } from '@gong-connector/persistence';
import { CallRecordMapper, CallStore } from '@gong-connector/replica';
import { LRUCache } from 'lru-cache';
import type { LiveCallSource, RecentLiveCalls } from './live-call.source.js';

/** Most unknown ids this process remembers itself (least recently asked forgotten first). */
const MAX_MISSES = 10_000;

type Fetched = { call: CallRecord; transcript: TranscriptRecord | undefined } | undefined;

export interface GongLiveCallSourceOptions {
  /** How long an id Gong does not know is answered as missing without asking Gong again (0: always ask). */
  missCacheMs: number;
  /** Called after a fetched call is stored (announces it on the post-call lane, so it gets indexed). */
  onStored?: (callId: string) => Promise<void>;
  /** The misses every replica shares (PostgreSQL); without it, this process's memory only. */
  sharedMisses?: LiveFallbackMissRepository;
}

/**
 * The live fallback: one call from Gong at `interactive` priority, through the quota broker,
 * fetched and stored by the replica's CallStore (source `live`): the content selector, mapping
 * and transaction ingest uses, so the next sync finds the call unchanged and announces nothing
 * more, and the next question costs nothing. Concurrent asks for one id share one fetch, and an id
 * Gong does not know is remembered for `missCacheMs` by every replica (PostgreSQL, with a bounded
 * LRU in front), so a client guessing ids cannot spend the company's quota faster than that, however
 * many replicas it spreads its guesses over.
 */
export class GongLiveCallSource implements LiveCallSource {
  private readonly inFlight = new Map<string, Promise<Fetched>>();
  /** Misses seen here or read from the shared store: id -> when Gong answered it unknown. */
  private readonly misses = new LRUCache<string, number>({ max: MAX_MISSES });

  constructor(
    private readonly gong: GongClient,
    private readonly store: CallStore,
    private readonly clock: Clock,
    private readonly options: GongLiveCallSourceOptions,
  ) {}

  fetch(callId: string): Promise<Fetched> {
    const missedAt = this.misses.get(callId);
    if (missedAt !== undefined) {
      if (this.clock.now() - missedAt < this.options.missCacheMs) return Promise.resolve(undefined);
      this.misses.delete(callId);
    }
    let pending = this.inFlight.get(callId);
    if (!pending) {
      pending = this.load(callId).finally(() => this.inFlight.delete(callId));
      this.inFlight.set(callId, pending);
    }
    return pending;
  }

  /**
   * The calls Gong lists as started in [from, to): one page of `POST /v2/calls/extensive` at
   * `interactive` priority (one Gong request, whatever it finds), with the content selector every
   * path uses, mapped as the replica maps calls and not stored (ingest replicates them with their
   * transcripts as usual). A call that cannot be mapped is left out.
   */
  async recentCalls(from: string, to: string): Promise<RecentLiveCalls> {
    const page = await this.gong.withPriority('interactive').getExtensiveCallsPage({ filter: { fromDateTime: from, toDateTime: to }, contentSelector: CallStore.contentSelector });
    const calls: CallRecord[] = [];
    for (const data of page.items) {
      try {
        calls.push(CallRecordMapper.toCallRecord(data));
      } catch {
        // Left out, as CallStore leaves out a call it cannot map.
      }
    }
    return { calls, more: Boolean(page.records.cursor) };
  }

  private async load(callId: string): Promise<Fetched> {
    if (this.options.sharedMisses && this.options.missCacheMs > 0) {
      const missedAt = await this.options.sharedMisses.missedSince(callId, new Date(this.clock.now() - this.options.missCacheMs));
      if (missedAt) {
        this.misses.set(callId, missedAt.getTime());
        return undefined;
      }
    }
    const result = await this.store.fetchAndStore(this.gong.withPriority('interactive'), [callId], 'live');
    if (result.skipped.includes(callId)) throw new Error(`call ${callId} from Gong cannot be stored (see the log)`);
    const call = result.records.find((r) => r.id === callId);
    if (!call) {
      await this.rememberMiss(callId);
      return undefined;
    }
    await this.options.onStored?.(callId);
    return { call, transcript: result.transcripts.find((t) => t.callId === callId) };
  }

  private async rememberMiss(callId: string): Promise<void> {
    if (this.options.missCacheMs <= 0) return;
    const now = this.clock.now();
    this.misses.set(callId, now);
    // Not remembered by the others when PostgreSQL fails: this process still remembers it.
    await this.options.sharedMisses?.remember(callId, new Date(now), new Date(now - this.options.missCacheMs)).catch(() => undefined);
  }
}
