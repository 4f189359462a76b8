import type { ChunkInput } from '@gong-connector/chunking';
import type { CallData, CallTranscript, ContentSelector, GongClient } from '@gong-connector/gong-client';
import { CallRecordMapper, ChunkInputMapper, type CallRecord } from '@gong-connector/persistence';
import type { CompanyGroundTruth } from '@gong-connector/testing/gong-sim';

/**
 * What ingest asks `/v2/calls/extensive` for (its ExtensiveContentSelector: apps do not import
 * apps), so the calls read here carry what the replica's calls carry.
 */
const REPLICA_CONTENT: ContentSelector = {
  context: 'Extended',
  contextTiming: ['Now', 'TimeOfCall'],
  exposedFields: {
    parties: true,
    content: { structure: true, topics: true, trackers: true, trackerOccurrences: true, brief: true, outline: true, highlights: true, callOutcome: true, keyPoints: true },
    interaction: { speakers: true, video: true, personInteractionStats: true, questions: true },
    media: false,
  },
};

/**
 * Test helper: reads a simulated company's calls the way ingest does (POST /v2/calls/extensive with
 * the replica's content, POST /v2/calls/transcript in batches) and maps them with the production
 * mappers: CallRecordMapper to what the replica stores (CallRecord), ChunkInputMapper from that
 * record and its transcript to what the chunker reads (ChunkInput). So the access and leak tests
 * check the facts production derives, not a copy of the mapping.
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
  for await (const page of client.listExtensiveCalls({ filter: { fromDateTime: range.from, toDateTime: range.to }, contentSelector: REPLICA_CONTENT })) {
    calls.push(...page.items);
  }
  const transcripts = new Map<string, CallTranscript>();
  for await (const page of client.transcriptsForCalls(calls.map((c) => c.metaData.id))) {
    for (const t of page.items) if (t.transcript.length > 0) transcripts.set(t.callId, t);
  }
  const fetchedAt = new Date().toISOString();
  const records = calls.map((call) => CallRecordMapper.toCallRecord(call));
  return {
    records,
    chunkInputs: records.flatMap((record) => {
      const transcript = transcripts.get(record.id);
      return transcript ? [ChunkInputMapper.toChunkInput(record, CallRecordMapper.toTranscriptRecord(transcript, fetchedAt))] : [];
    }),
  };
}
