import { describe, expect, it } from '@jest/globals';
import { AppError, ErrorCode } from '@gong-connector/contracts';
import type { Chunk } from '@gong-connector/chunking';
import { callRecord, COLLEAGUE, HOST, metricValue, newCallIndexingService, replicaOf, transcript } from '../../test/indexing.test-service.js';

const CALL = '8000000000000000001';
const LINES = ['Welcome, let us walk through the SOC 2 report.', 'Our auditors want the penetration test results.', 'We encrypt everything with per tenant keys.'];

describe('CallIndexingService', () => {
  it('chunks a stored call with its transcript, replaces its chunks in the index and summarizes it', async () => {
    const replaced: { callId: string; chunks: readonly Chunk[] }[] = [];
    const { sut, registry } = newCallIndexingService({
      calls: replicaOf([callRecord(CALL)], [transcript(CALL, LINES)]),
      index: {
        replaceCallChunks: async (callId, chunks) => {
          replaced.push({ callId, chunks });
          return { written: chunks.length, deleted: 2 };
        },
      },
    });
    const outcome = await sut.indexCall(CALL, 'consumer');
    expect(outcome.kind).toBe('indexed');
    if (outcome.kind !== 'indexed') return;
    expect(replaced).toHaveLength(1);
    expect(replaced[0]!.callId).toBe(CALL);
    expect(replaced[0]!.chunks).toBe(outcome.chunks);
    expect(outcome.chunks.length).toBeGreaterThan(0);
    expect(outcome.chunks.every((c) => c.callId === CALL)).toBe(true);
    expect(outcome.chunks.map((c) => c.text).join(' ')).toContain('penetration test results');
    expect(outcome.deleted).toBe(2);
    // Participants: internal users, once each, sorted; the host's account from the replica.
    expect(outcome.summary).toEqual({
      callId: CALL,
      title: 'Zeppelin Corp security review',
      started: '2026-01-10T16:00:00Z',
      workspaceId: '7000000000000000001',
      accounts: [{ id: 'crm:Salesforce:001ZEP', name: 'Zeppelin Corp' }],
      hostUserId: HOST,
      participantUserIds: [HOST, COLLEAGUE].sort(),
      chunkCount: outcome.chunks.length,
      isPrivate: false,
    });
    await expect(metricValue(registry, 'transcript_chunks_indexed_total')).resolves.toBe(outcome.chunks.length);
    await expect(metricValue(registry, 'transcript_calls_indexed_total', { source: 'consumer' })).resolves.toBe(1);
  });

  it('gives the same content the same hash (a redelivery publishes nothing new) and a changed transcript another', async () => {
    const index = { replaceCallChunks: async (_: string, chunks: readonly Chunk[]) => ({ written: chunks.length, deleted: 0 }) };
    const hashOf = async (lines: readonly string[]) => {
      const { sut } = newCallIndexingService({ calls: replicaOf([callRecord(CALL)], [transcript(CALL, lines)]), index });
      const outcome = await sut.indexCall(CALL, 'reindex');
      return outcome.kind === 'indexed' ? outcome.contentHash : undefined;
    };
    const first = await hashOf(LINES);
    expect(first).toMatch(/^[0-9a-f]{32}$/);
    await expect(hashOf(LINES)).resolves.toBe(first);
    await expect(hashOf([...LINES.slice(0, 2), 'We rotate the keys every quarter.'])).resolves.not.toBe(first);
  });

  it('leaves a call without a transcript alone: nothing to search yet, the index is not touched', async () => {
    const { sut, registry } = newCallIndexingService({ calls: replicaOf([callRecord(CALL)], []) });
    await expect(sut.indexCall(CALL, 'consumer')).resolves.toEqual({ kind: 'no-transcript', call: callRecord(CALL) });
    await expect(metricValue(registry, 'transcript_calls_indexed_total', { source: 'consumer' })).resolves.toBe(0);
  });

  it('says not-found for a call the replica does not hold', async () => {
    const { sut } = newCallIndexingService({ calls: replicaOf([], []) });
    await expect(sut.indexCall(CALL, 'consumer')).resolves.toEqual({ kind: 'not-found' });
  });

  it('refuses a stored call that is not valid chunker input (VALIDATION_FAILED), before writing anything', async () => {
    const { sut } = newCallIndexingService({ calls: replicaOf([callRecord(CALL, { started: 'yesterday' })], [transcript(CALL, LINES)]) });
    const failed = sut.indexCall(CALL, 'consumer');
    await expect(failed).rejects.toBeInstanceOf(AppError);
    await expect(failed).rejects.toMatchObject({ code: ErrorCode.VALIDATION_FAILED });
  });

  it('fails when the index write fails (the consumer retries)', async () => {
    const { sut } = newCallIndexingService({
      calls: replicaOf([callRecord(CALL)], [transcript(CALL, LINES)]),
      index: { replaceCallChunks: async () => Promise.reject(new AppError(ErrorCode.DEPENDENCY_UNAVAILABLE, 'index is read-only')) },
    });
    await expect(sut.indexCall(CALL, 'consumer')).rejects.toThrow('index is read-only');
  });
});
