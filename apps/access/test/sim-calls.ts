import type { ChunkInput } from '@gong-connector/chunking';
import type { CallData, CallTranscript, GongClient } from '@gong-connector/gong-client';
import type { CallRecord } from '@gong-connector/persistence';
import type { CompanyGroundTruth } from '@gong-connector/testing/gong-sim';

/**
 * Test helper: reads a simulated company's calls the way ingest does (POST /v2/calls/extensive
 * with parties, POST /v2/calls/transcript in batches) and maps them to what the replica stores
 * (CallRecord) and what the chunker reads (ChunkInput). Only the fields access and search need.
 */
export async function fetchSimCalls(
  gong: GongClient,
  truth: Pick<CompanyGroundTruth, 'range' | 'calls'>,
): Promise<{ records: CallRecord[]; chunkInputs: ChunkInput[] }> {
  const client = gong.withPriority('backfill');
  // The history ends at the anchor date, but calls of the anchor day itself exist too.
  const last = Math.max(Date.parse(truth.range.to), ...(truth.calls ?? []).map((c) => Date.parse(c.started)));
  const range = { from: truth.range.from, to: new Date(last + 1000).toISOString() };
  const calls: CallData[] = [];
  for await (const page of client.listExtensiveCalls({
    filter: { fromDateTime: range.from, toDateTime: range.to },
    contentSelector: { exposedFields: { parties: true } },
  })) {
    calls.push(...page.items);
  }
  const transcripts = new Map<string, CallTranscript>();
  for await (const page of client.transcriptsForCalls(calls.map((c) => c.metaData.id))) {
    for (const t of page.items) transcripts.set(t.callId, t);
  }
  return {
    records: calls.map(toCallRecord),
    chunkInputs: calls.flatMap((c) => {
      const transcript = transcripts.get(c.metaData.id);
      return transcript ? [toChunkInput(c, transcript)] : [];
    }),
  };
}

export function toCallRecord(call: CallData): CallRecord {
  const m = call.metaData;
  return {
    id: m.id,
    workspaceId: m.workspaceId ?? null,
    url: m.url ?? null,
    title: m.title ?? '',
    scheduled: m.scheduled ?? null,
    started: m.started ?? new Date(0).toISOString(),
    durationS: Math.round(m.duration ?? 0),
    primaryUserId: m.primaryUserId ?? null,
    direction: m.direction ?? null,
    system: m.system ?? null,
    scope: m.scope ?? null,
    media: m.media ?? null,
    language: m.language ?? null,
    purpose: m.purpose ?? null,
    meetingUrl: m.meetingUrl ?? null,
    calendarEventId: m.calendarEventId ?? null,
    clientUniqueId: m.clientUniqueId ?? null,
    customData: m.customData ?? null,
    sdrDisposition: m.sdrDisposition ?? null,
    isPrivate: m.isPrivate ?? false,
    brief: null,
    keyPoints: [],
    highlights: [],
    outline: [],
    structure: [],
    callOutcome: null,
    interaction: null,
    parties: (call.parties ?? []).map((p) => ({
      partyId: p.id ?? null,
      speakerId: p.speakerId ?? null,
      userId: p.userId ?? null,
      email: p.emailAddress ?? null,
      name: p.name ?? null,
      title: p.title ?? null,
      affiliation: affiliationOf(p.affiliation),
      phoneNumber: p.phoneNumber ?? null,
      methods: [],
      context: [],
    })),
    context: [],
    accounts: [],
    topics: [],
    trackers: [],
  };
}

export function toChunkInput(call: CallData, transcript: CallTranscript): ChunkInput {
  const m = call.metaData;
  return {
    call: {
      id: m.id,
      title: m.title ?? null,
      started: m.started ?? new Date(0).toISOString(),
      duration: m.duration ?? 0,
      workspaceId: m.workspaceId ?? null,
      primaryUserId: m.primaryUserId ?? null,
      isPrivate: m.isPrivate ?? false,
      parties: (call.parties ?? []).map((p, i) => ({
        id: p.id ?? `party-${i}`,
        speakerId: p.speakerId ?? null,
        userId: p.userId ?? null,
        emailAddress: p.emailAddress ?? null,
        name: p.name ?? null,
        title: p.title ?? null,
        affiliation: affiliationOf(p.affiliation),
      })),
      accounts: [],
      opportunities: [],
      trackers: [],
      topics: [],
    },
    monologues: transcript.transcript.map((mono) => ({
      speakerId: mono.speakerId,
      topic: mono.topic ?? null,
      sentences: mono.sentences.map((s) => ({ start: Math.round(s.start), end: Math.round(s.end), text: s.text })),
    })),
  };
}

function affiliationOf(value: string | undefined): 'Internal' | 'External' | 'Unknown' {
  return value === 'Internal' || value === 'External' ? value : 'Unknown';
}
