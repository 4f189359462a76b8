import type { CallData, CallTranscript } from '@gong-connector/gong-client';
import { GongClient, LocalPacer } from '@gong-connector/gong-client';
import { CallWriteRepository, type CallRecord, type Database, type TranscriptRecord } from '@gong-connector/persistence';
import type { CompanyGroundTruth, GongSim } from '@gong-connector/testing/gong-sim';

/**
 * Test helper: replicates a simulated company the way ingest does (POST /v2/calls/extensive with
 * parties, Extended CRM context, trackers and topics; POST /v2/calls/transcript in batches) and
 * stores calls and transcripts with CallWriteRepository. Returns the stored records.
 */
export async function replicateSim(sim: GongSim, db: Database): Promise<{ calls: CallRecord[]; transcripts: TranscriptRecord[] }> {
  const gong = new GongClient({
    baseUrl: sim.baseUrl,
    auth: { kind: 'basic', accessKey: sim.credentials.accessKey, accessKeySecret: sim.credentials.accessKeySecret },
    permits: new LocalPacer({ requestsPerSecond: 30 }),
  }).withPriority('backfill');
  const truth: CompanyGroundTruth = sim.groundTruth({ includeCalls: true });
  const last = Math.max(Date.parse(truth.range.to), ...(truth.calls ?? []).map((c) => Date.parse(c.started)));
  const data: CallData[] = [];
  for await (const page of gong.listExtensiveCalls({
    filter: { fromDateTime: truth.range.from, toDateTime: new Date(last + 1000).toISOString() },
    contentSelector: { context: 'Extended', exposedFields: { parties: true, content: { trackers: true, topics: true } } },
  })) {
    data.push(...page.items);
  }
  const transcripts: TranscriptRecord[] = [];
  for await (const page of gong.transcriptsForCalls(data.map((c) => c.metaData.id))) {
    for (const t of page.items) transcripts.push(toTranscriptRecord(t));
  }
  const calls = data.map(toCallRecord);
  const repository = new CallWriteRepository(db);
  await repository.upsertCalls(calls, 'backfill');
  await repository.upsertTranscripts(transcripts);
  return { calls, transcripts };
}

function toTranscriptRecord(t: CallTranscript): TranscriptRecord {
  return {
    callId: t.callId,
    fetchedAt: new Date().toISOString(),
    monologues: t.transcript.map((m) => ({
      speakerId: m.speakerId ?? null,
      topic: m.topic ?? null,
      sentences: m.sentences.map((s) => ({ start: Math.round(s.start), end: Math.round(s.end), text: s.text })),
    })),
  };
}

function toCallRecord(call: CallData): CallRecord {
  const m = call.metaData;
  const context = (call.context ?? []).flatMap((c) =>
    (c.objects ?? []).map((o) => ({
      system: c.system ?? 'Unknown',
      objectType: o.objectType ?? 'Unknown',
      objectId: o.objectId ?? '',
      name: null,
      timing: o.timing ?? null,
      fields: (o.fields ?? []).map((f) => ({ name: f.name ?? '', value: f.value as unknown })),
    })),
  );
  const accounts = context
    .filter((o) => o.objectType === 'Account' && o.objectId !== '')
    .map((o) => {
      const name = o.fields.find((f) => f.name === 'Name')?.value;
      return {
        source: 'crm' as const,
        account: { id: `crm:${o.system}:${o.objectId}`, name: typeof name === 'string' ? name : o.objectId, domain: null, system: o.system, crmObjectId: o.objectId, fields: {} },
      };
    });
  return {
    id: m.id, workspaceId: m.workspaceId ?? null, url: m.url ?? null, title: m.title ?? '', scheduled: m.scheduled ?? null,
    started: m.started ?? new Date(0).toISOString(), durationS: Math.round(m.duration ?? 0), primaryUserId: m.primaryUserId ?? null,
    direction: m.direction ?? null, system: m.system ?? null, scope: m.scope ?? null, media: m.media ?? null, language: m.language ?? null,
    purpose: m.purpose ?? null, meetingUrl: m.meetingUrl ?? null, calendarEventId: m.calendarEventId ?? null, clientUniqueId: m.clientUniqueId ?? null,
    customData: m.customData ?? null, sdrDisposition: m.sdrDisposition ?? null, isPrivate: m.isPrivate ?? false,
    brief: null, keyPoints: [], highlights: [], outline: [], structure: [], callOutcome: null, interaction: null,
    parties: (call.parties ?? []).map((p) => ({
      partyId: p.id ?? null, speakerId: p.speakerId ?? null, userId: p.userId ?? null, email: p.emailAddress ?? null, name: p.name ?? null,
      title: p.title ?? null, affiliation: p.affiliation === 'Internal' ? 'Internal' : p.affiliation === 'External' ? 'External' : 'Unknown',
      phoneNumber: p.phoneNumber ?? null, methods: [], context: [],
    })),
    context,
    accounts,
    topics: (call.content?.topics ?? []).map((t) => ({ name: t.name ?? '', durationS: t.duration ?? 0 })),
    trackers: (call.content?.trackers ?? []).map((t) => ({
      trackerId: t.id ?? t.name ?? '', name: t.name ?? '', type: t.type ?? null, count: t.count ?? 0,
      occurrences: (t.occurrences ?? []).map((o) => ({ startTime: o.startTime ?? 0, speakerId: o.speakerId ?? null })),
      phrases: (t.phrases ?? []).map((ph) => ({
        phrase: ph.phrase ?? '', count: ph.count ?? 0,
        occurrences: (ph.occurrences ?? []).map((o) => ({ startTime: o.startTime ?? 0, speakerId: o.speakerId ?? null })),
      })),
    })),
  };
}
