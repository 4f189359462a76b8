import { Inject, Injectable } from '@nestjs/common';
import { SpanKind } from '@opentelemetry/api';
import { chunkCall, ChunkInputSchema, type Chunk, type ChunkingOptions } from '@gong-connector/chunking';
import { ErrorCode, validate, type CallIndexedV1 } from '@gong-connector/contracts';
import { CallReadRepository, type CallRecord } from '@gong-connector/persistence';
import { inSpan } from '@gong-connector/platform';
import { ChunkInputMapper } from '@gong-connector/replica';
import type { SearchIndex } from '@gong-connector/search';
import { createHash } from 'node:crypto';
import { TranscriptMetrics } from '../metrics/transcript.metrics.js';
import { CHUNKING_OPTIONS, SEARCH_INDEX } from './indexing.tokens.js';

/** What `call.indexed` says about a call, before the time stamps are added. */
/** The indexed call's part of `call.indexed`; `isPrivate` is always set, so subscribers decide access from the event. */
export type IndexedCallSummary = Omit<CallIndexedV1, 'indexedAt' | 'webhookReceivedAt' | 'isPrivate'> & { isPrivate: boolean };

export type IndexCallOutcome =
  | { kind: 'indexed'; summary: IndexedCallSummary; chunks: readonly Chunk[]; deleted: number; contentHash: string }
  | { kind: 'no-transcript'; call: CallRecord }
  | { kind: 'not-found' };

/**
 * Loads a call and its transcript from the replica, chunks them and makes the call's chunks in the
 * search index exactly the new set (`replaceCallChunks`: a redelivery rewrites the same ids, a
 * changed transcript or chunking option removes the stale ones). Shared by the consumer and the
 * reindex command. A call without a transcript is left alone: it has nothing to search yet.
 */
@Injectable()
export class CallIndexingService {
  constructor(
    @Inject(CallReadRepository) private readonly calls: CallReadRepository,
    @Inject(SEARCH_INDEX) private readonly index: SearchIndex,
    @Inject(CHUNKING_OPTIONS) private readonly chunking: ChunkingOptions,
    @Inject(TranscriptMetrics) private readonly metrics: TranscriptMetrics,
  ) {}

  async indexCall(callId: string, source: 'consumer' | 'reindex'): Promise<IndexCallOutcome> {
    const stopTimer = this.metrics.indexDuration.startTimer();
    const [call, transcript] = await Promise.all([this.calls.getCall(callId), this.calls.getTranscript(callId)]);
    if (!call) return { kind: 'not-found' };
    if (!transcript) return { kind: 'no-transcript', call };
    const input = validate(ChunkInputSchema, ChunkInputMapper.toChunkInput(call, transcript), `stored call ${callId}`, ErrorCode.VALIDATION_FAILED);
    const chunks = chunkCall(input, this.chunking);
    // The index write as its own span (a database client span: system, operation, batch size; no content).
    const result = await inSpan(
      `replaceCallChunks ${this.index.kind}`,
      {
        kind: SpanKind.CLIENT,
        attributes: {
          'db.system.name': this.index.kind === 'elasticsearch' ? 'elasticsearch' : 'postgresql',
          'db.operation.name': 'replaceCallChunks',
          'db.operation.batch.size': chunks.length,
        },
      },
      () => this.index.replaceCallChunks(callId, chunks),
    );
    stopTimer();
    this.metrics.chunksIndexed.inc(result.written);
    this.metrics.callsIndexed.inc({ source });
    const summary = summarize(call, chunks.length);
    return { kind: 'indexed', summary, chunks, deleted: result.deleted, contentHash: contentHash(summary, chunks) };
  }
}

function summarize(call: CallRecord, chunkCount: number): IndexedCallSummary {
  const participants = new Set<string>();
  for (const party of call.parties) if (party.userId) participants.add(party.userId);
  return {
    callId: call.id,
    title: call.title,
    started: call.started,
    workspaceId: call.workspaceId,
    accounts: call.accounts.map(({ account }) => ({ id: account.id, name: account.name })),
    hostUserId: call.primaryUserId,
    participantUserIds: [...participants].sort(),
    isPrivate: call.isPrivate,
    chunkCount,
  };
}

/** Same call, same chunks: same hash (so the same `call.indexed` message id, deduplicated by JetStream). */
function contentHash(summary: IndexedCallSummary, chunks: readonly Chunk[]): string {
  const hash = createHash('sha256').update(JSON.stringify(summary));
  for (const chunk of chunks) hash.update('\u0000').update(chunk.id).update('\u0001').update(chunk.text);
  return hash.digest('hex').slice(0, 32);
}
