import { describe, expect, it } from '@jest/globals';
import { AppError, ErrorCode, Events, type CallFetchedV1 } from '@gong-connector/contracts';
import { PermanentFailure } from '@gong-connector/platform';
import type { IndexCallOutcome } from '../indexing/call-indexing.service.js';
import { callRecord, HOST, messageContext, metricValue, newCallReadyHandler, WORKSPACE } from '../../test/indexing.test-service.js';

const CALL = '8000000000000000001';
const ready = (overrides: Partial<CallFetchedV1> = {}): CallFetchedV1 => ({
  callId: CALL,
  workspaceId: WORKSPACE,
  source: 'webhook',
  hasTranscript: true,
  storedAt: '2026-01-10T17:00:00.000Z',
  ...overrides,
});
const indexed: Extract<IndexCallOutcome, { kind: 'indexed' }> = {
  kind: 'indexed',
  summary: { callId: CALL, title: 'Zeppelin Corp security review', started: '2026-01-10T16:00:00Z', workspaceId: WORKSPACE, accounts: [], hostUserId: HOST, participantUserIds: [HOST], chunkCount: 0, isPrivate: false },
  chunks: [],
  deleted: 0,
  contentHash: '0123456789abcdef0123456789abcdef',
};

describe('CallReadyHandler.handle', () => {
  it('publishes call.indexed with the call, its source and webhook time, keyed by call and content, caused by the delivery', async () => {
    const { sut, published, registry } = newCallReadyHandler({ indexing: { indexCall: async () => indexed } });
    const ctx = messageContext();
    await sut.handle('post-call', ready({ webhookReceivedAt: '2026-01-10T16:59:58.000Z' }), ctx);
    expect(published).toHaveLength(1);
    const [event] = published;
    expect(event!.subject).toBe(Events.callIndexed.subject);
    expect(Events.callIndexed.schema.parse(event!.payload)).toEqual({
      ...indexed.summary,
      indexedAt: expect.any(String),
      webhookReceivedAt: '2026-01-10T16:59:58.000Z',
      source: 'webhook',
    });
    expect(event!.options).toEqual({ cause: ctx.envelope, messageId: `indexed:${CALL}:${indexed.kind === 'indexed' ? indexed.contentHash : ''}` });
    await expect(metricValue(registry, 'transcript_indexed_events_total', { outcome: 'published', lane: 'post-call' })).resolves.toBe(1);
  });

  it('counts a redelivery that JetStream deduplicates as a duplicate', async () => {
    const { sut, registry } = newCallReadyHandler({ indexing: { indexCall: async () => indexed }, publish: () => ({ duplicate: true }) });
    await sut.handle('bulk', ready({ source: 'backfill' }), messageContext(2));
    await expect(metricValue(registry, 'transcript_indexed_events_total', { outcome: 'duplicate', lane: 'bulk' })).resolves.toBe(1);
    await expect(metricValue(registry, 'transcript_indexed_events_total', { outcome: 'published', lane: 'bulk' })).resolves.toBe(0);
  });

  it('acknowledges a call announced without a transcript, publishing nothing', async () => {
    const { sut, published, registry } = newCallReadyHandler({ indexing: { indexCall: async () => ({ kind: 'no-transcript', call: callRecord(CALL) }) } });
    await expect(sut.handle('bulk', ready({ hasTranscript: false }), messageContext())).resolves.toBeUndefined();
    expect(published).toEqual([]);
    await expect(metricValue(registry, 'transcript_calls_skipped_total', { reason: 'no-transcript' })).resolves.toBe(1);
  });

  it('retries a call announced with a transcript the replica does not show yet (the read raced the write)', async () => {
    const { sut, published, registry } = newCallReadyHandler({ indexing: { indexCall: async () => ({ kind: 'no-transcript', call: callRecord(CALL) }) } });
    const handled = sut.handle('post-call', ready({ hasTranscript: true }), messageContext());
    await expect(handled).rejects.toThrow(/^TRANSCRIPT_MISSING/);
    await expect(handled).rejects.not.toBeInstanceOf(PermanentFailure);
    expect(published).toEqual([]);
    await expect(metricValue(registry, 'transcript_failures_total', { reason: 'transcript-missing' })).resolves.toBe(1);
  });

  it('retries a call the replica does not hold (it may lag)', async () => {
    const { sut, registry } = newCallReadyHandler({ indexing: { indexCall: async () => ({ kind: 'not-found' }) } });
    await expect(sut.handle('bulk', ready(), messageContext())).rejects.toThrow(`CALL_NOT_FOUND: call ${CALL} is not in the replica`);
    await expect(metricValue(registry, 'transcript_failures_total', { reason: 'call-not-found' })).resolves.toBe(1);
  });

  it('dead-letters a stored call that is not valid input at once (PermanentFailure)', async () => {
    const { sut, registry } = newCallReadyHandler({
      indexing: { indexCall: async () => Promise.reject(new AppError(ErrorCode.VALIDATION_FAILED, 'stored call: started is not a date')) },
    });
    const handled = sut.handle('bulk', ready(), messageContext());
    await expect(handled).rejects.toBeInstanceOf(PermanentFailure);
    await expect(handled).rejects.toThrow('VALIDATION_FAILED: stored call: started is not a date');
    await expect(metricValue(registry, 'transcript_failures_total', { reason: 'invalid-replica-row' })).resolves.toBe(1);
  });

  it('retries when publishing call.indexed fails, naming why', async () => {
    const { sut, registry } = newCallReadyHandler({
      indexing: { indexCall: async () => indexed },
      publish: () => {
        throw new Error('no JetStream stream for the subject');
      },
    });
    const handled = sut.handle('post-call', ready(), messageContext());
    await expect(handled).rejects.toThrow('publishing call.indexed failed: no JetStream stream for the subject');
    await expect(handled).rejects.not.toBeInstanceOf(PermanentFailure);
    await expect(metricValue(registry, 'transcript_failures_total', { reason: 'publish' })).resolves.toBe(1);
  });
});
