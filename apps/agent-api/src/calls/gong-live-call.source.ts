import type { Clock } from '@gong-connector/contracts';
import type { GongClient } from '@gong-connector/gong-client';
import { CallRecordMapper, type CallRecord, type CallRepository, type Database, type TranscriptRecord } from '@gong-connector/persistence';
import type { LiveCallSource } from './live-call.source.js';

/** What the live fallback asks Gong for: the same content the replica keeps. */
const SELECTOR = {
  context: 'Extended' as const,
  exposedFields: { parties: true, content: { topics: true, trackers: true, trackerOccurrences: true, brief: true } },
};

/** Most unknown ids remembered at once. */
const MAX_MISSES = 10_000;

type Fetched = { call: CallRecord; transcript: TranscriptRecord | undefined } | undefined;

export interface GongLiveCallSourceOptions {
  /** How long an id Gong does not know is answered as missing without asking Gong again (0: always ask). */
  missCacheMs: number;
  /** Called after a fetched call is stored (announces it on the post-call lane, so it gets indexed). */
  onStored?: (callId: string) => Promise<void>;
}

/**
 * The live fallback: one call from Gong (`/v2/calls/extensive` and `/v2/calls/transcript`, at
 * `interactive` priority, through the quota broker), mapped like ingest maps it and stored in the
 * replica with its transcript in one transaction (source `live`), so the next question costs
 * nothing. Concurrent asks for one id share one fetch, and an id Gong does not know is remembered
 * for `missCacheMs`, so a client guessing ids cannot spend the company's quota faster than that.
 */
export class GongLiveCallSource implements LiveCallSource {
  private readonly inFlight = new Map<string, Promise<Fetched>>();
  private readonly misses = new Map<string, number>();

  constructor(
    private readonly gong: GongClient,
    private readonly calls: CallRepository,
    private readonly db: Database,
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

  private async load(callId: string): Promise<Fetched> {
    let found: CallRecord | undefined;
    const client = this.gong.withPriority('interactive');
    for await (const page of client.extensiveForCalls([callId], SELECTOR)) {
      const data = page.items.find((c) => c.metaData.id === callId);
      if (data) {
        const domains = CallRecordMapper.externalDomains(data);
        found = CallRecordMapper.toCallRecord(data, { crmAccountsByDomain: await this.calls.crmAccountsByDomain(domains) });
      }
    }
    if (!found) {
      this.rememberMiss(callId);
      return undefined;
    }
    let transcript: TranscriptRecord | undefined;
    for await (const page of client.transcriptsForCalls([callId])) {
      const t = page.items.find((x) => x.callId === callId && x.transcript.length > 0);
      if (t) transcript = CallRecordMapper.toTranscriptRecord(t, new Date(this.clock.now()).toISOString());
    }
    const call = found;
    await this.db.transaction(async (tx) => {
      await this.calls.upsertCalls([call], 'live', tx);
      if (transcript) await this.calls.upsertTranscripts([transcript], tx);
    });
    await this.options.onStored?.(callId);
    return { call, transcript };
  }

  private rememberMiss(callId: string): void {
    if (this.options.missCacheMs <= 0) return;
    const now = this.clock.now();
    // Bounded, oldest first (a Map keeps insertion order), so guessing ids cannot grow memory.
    if (this.misses.size >= MAX_MISSES) {
      for (const id of this.misses.keys()) {
        this.misses.delete(id);
        if (this.misses.size < MAX_MISSES * 0.9) break;
      }
    }
    this.misses.set(callId, now);
  }
}
