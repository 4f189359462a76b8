import type { Clock } from '@gong-connector/contracts';
import type { GongClient } from '@gong-connector/gong-client';
import { CallRecordMapper, type CallRecord, type CallRepository, type TranscriptRecord } from '@gong-connector/persistence';
import type { LiveCallSource } from './live-call.source.js';

/** What the live fallback asks Gong for: the same content the replica keeps. */
const SELECTOR = {
  context: 'Extended' as const,
  exposedFields: { parties: true, content: { topics: true, trackers: true, trackerOccurrences: true, brief: true } },
};

/**
 * The live fallback: one call from Gong (`/v2/calls/extensive` and `/v2/calls/transcript`, at
 * `interactive` priority, through the quota broker), mapped like ingest maps it and stored in the
 * replica, so the next question costs nothing.
 */
export class GongLiveCallSource implements LiveCallSource {
  constructor(
    private readonly gong: GongClient,
    private readonly calls: CallRepository,
    private readonly clock: Clock,
  ) {}

  async fetch(callId: string): Promise<{ call: CallRecord; transcript: TranscriptRecord | undefined } | undefined> {
    let found: CallRecord | undefined;
    const client = this.gong.withPriority('interactive');
    for await (const page of client.extensiveForCalls([callId], SELECTOR)) {
      const data = page.items.find((c) => c.metaData.id === callId);
      if (data) {
        const domains = CallRecordMapper.externalDomains(data);
        found = CallRecordMapper.toCallRecord(data, { crmAccountsByDomain: await this.calls.crmAccountsByDomain(domains) });
      }
    }
    if (!found) return undefined;
    let transcript: TranscriptRecord | undefined;
    for await (const page of client.transcriptsForCalls([callId])) {
      const t = page.items.find((x) => x.callId === callId);
      if (t) transcript = CallRecordMapper.toTranscriptRecord(t, new Date(this.clock.now()).toISOString());
    }
    await this.calls.upsertCalls([found], 'agent-api-live');
    if (transcript) await this.calls.upsertTranscripts([transcript]);
    return { call: found, transcript };
  }
}
