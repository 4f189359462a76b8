import { describe, expect, it } from '@jest/globals';
import type { Chunk } from '@gong-connector/chunking';
import { callRecord, metricValue, newReindexCommand, replicaOf, transcript } from '../../test/indexing.test-service.js';
import type { ReindexProgress } from './reindex.command.js';

const ids = ['8000000000000000001', '8000000000000000002', '8000000000000000003', '8000000000000000004', '8000000000000000005'];
const LINES = ['Welcome, let us walk through the SOC 2 report.', 'Our auditors want the penetration test results.'];

describe('ReindexCommand', () => {
  it('rebuilds every call of the replica in batches, newest first, counting calls without a transcript', async () => {
    const written: string[] = [];
    const queries: string[] = [];
    // Calls 1-4 have transcripts; call 5 does not.
    const { sut, registry } = newReindexCommand({
      calls: replicaOf(ids.map((id) => callRecord(id)), ids.slice(0, 4).map((id) => transcript(id, LINES))),
      index: {
        replaceCallChunks: async (callId: string, chunks: readonly Chunk[]) => {
          written.push(callId);
          return { written: chunks.length, deleted: 0 };
        },
      },
      db: {
        query: (async (sql: string) => {
          queries.push(sql);
          return ids.map((id) => ({ id }));
        }) as never,
      },
    });
    const seen: ReindexProgress[] = [];
    const progress = await sut.run({ batchSize: 2, onProgress: (p) => seen.push({ ...p }) });
    expect(queries).toEqual(['SELECT id FROM calls ORDER BY started DESC, id']);
    expect(written.sort()).toEqual(ids.slice(0, 4));
    expect(progress).toMatchObject({ done: 5, total: 5, indexed: 4, withoutTranscript: 1 });
    expect(progress.chunks).toBeGreaterThanOrEqual(4);
    expect(seen.map((p) => p.done)).toEqual([0, 2, 4, 5]);
    await expect(metricValue(registry, 'transcript_calls_indexed_total', { source: 'reindex' })).resolves.toBe(4);
  });

  it('reindexes only the named calls (no replica-wide query) and stops at one the replica does not hold', async () => {
    const { sut } = newReindexCommand({
      calls: replicaOf([callRecord(ids[0]!)], [transcript(ids[0]!, LINES)]),
      index: { replaceCallChunks: async (_: string, chunks: readonly Chunk[]) => ({ written: chunks.length, deleted: 0 }) },
    });
    await expect(sut.run({ callIds: [ids[0]!], batchSize: 10 })).resolves.toMatchObject({ done: 1, total: 1, indexed: 1 });
    await expect(sut.run({ callIds: [ids[0]!, ids[1]!], batchSize: 10 })).rejects.toThrow(`call ${ids[1]} is not in the replica`);
  });
});
