import { Inject, Injectable } from '@nestjs/common';
import { SpanKind } from '@opentelemetry/api';
import { inSpan } from '@gong-connector/platform';
import type { CallSource } from '@gong-connector/contracts';
import type { CallData, CallTranscript } from '@gong-connector/gong-client';
import type { Transaction } from '@gong-connector/persistence';
import { CallStore, type StoreCallsResult } from '@gong-connector/replica';
import { IngestMetrics } from '../metrics/ingest.metrics.js';

export interface CommitInput {
  calls: readonly CallData[];
  transcripts: readonly CallTranscript[];
  source: CallSource;
  /** More writes of the same transaction (a sync checkpoint, a backfill position). */
  alsoInTransaction?: (tx: Transaction, result: CommitResult) => Promise<void>;
}

export type CommitResult = StoreCallsResult;

/**
 * Ingest's writes of Gong calls and transcripts: the replica's CallStore (one mapping, one
 * transaction, deadlock retries; the same as agent-api's live fallback), counted in ingest's
 * metrics by source.
 */
@Injectable()
export class CallWriter {
  constructor(
    @Inject(CallStore) private readonly store: CallStore,
    @Inject(IngestMetrics) private readonly metrics: IngestMetrics,
  ) {}

  async commit(input: CommitInput): Promise<CommitResult> {
    // One span per transaction: how many calls and transcripts, never their content.
    const attributes = {
      'db.system.name': 'postgresql',
      'db.operation.name': 'store calls',
      'gong.call.source': input.source,
      'gong.calls.count': input.calls.length,
      'gong.transcripts.count': input.transcripts.length,
    };
    const result = await inSpan('store calls', { kind: SpanKind.CLIENT, attributes }, () => this.store.store(input));
    const written = result.inserted.length + result.updated.length;
    if (written > 0) this.metrics.callsStored.inc({ source: input.source }, written);
    if (result.transcriptsChanged.length > 0) this.metrics.transcriptsStored.inc({ source: input.source }, result.transcriptsChanged.length);
    return result;
  }
}
