import type { ChunkInput } from '@gong-connector/chunking';
import type { CallData, CallTranscript, GongClient } from '@gong-connector/gong-client';
import type { CallRecord } from '@gong-connector/persistence';
import { CallRecordMapper, ChunkInputMapper, ExtensiveContentSelector } from '@gong-connector/replica';
import type { CompanyGroundTruth } from '@gong-connector/testing/gong-sim';

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
  for await (const page of client.listExtensiveCalls({ filter: { fromDateTime: range.from, toDateTime: range.to }, contentSelector: ExtensiveContentSelector.selector })) {
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
