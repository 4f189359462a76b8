import { Inject, Injectable } from '@nestjs/common';
import type { CallSource, Clock } from '@gong-connector/contracts';
import type { CallData, CallTranscript } from '@gong-connector/gong-client';
import { CallRecordMapper, CallRepository, type CallRecord, type TranscriptRecord, type UpsertResult } from '@gong-connector/persistence';
import { CLOCK, LOGGER, type Logger } from '@gong-connector/platform';
import { DataSource, type EntityManager } from 'typeorm';
import { IngestMetrics } from '../metrics/ingest.metrics.js';

export interface CommitInput {
  calls: readonly CallData[];
  transcripts: readonly CallTranscript[];
  source: CallSource;
  /** More writes of the same transaction (a sync checkpoint, a backfill position). */
  alsoInTransaction?: (em: EntityManager, result: CommitResult) => Promise<void>;
}

export interface CommitResult extends UpsertResult {
  /** Calls of the batch that were written (mapped without error). */
  records: CallRecord[];
  /** Calls whose transcript was stored or changed. */
  transcriptsChanged: string[];
  /** Calls that could not be mapped (logged and left out). */
  skipped: string[];
}

const RETRYABLE_SQL_STATES = new Set(['40P01', '40001']);

/**
 * Writes Gong calls and transcripts to the replica in one transaction: maps each call (accounts
 * from CRM Account objects and external email domains, resolved against CRM accounts we already
 * know by domain), stores calls before their transcripts, and retries a transaction that lost a
 * deadlock. Empty transcripts (not processed yet) are not stored.
 */
@Injectable()
export class CallWriter {
  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(CallRepository) private readonly calls: CallRepository,
    @Inject(IngestMetrics) private readonly metrics: IngestMetrics,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async commit(input: CommitInput): Promise<CommitResult> {
    const domains = [...new Set(input.calls.flatMap((c) => CallRecordMapper.externalDomains(c)))];
    const known = await this.calls.crmAccountsByDomain(domains);
    const records: CallRecord[] = [];
    const skipped: string[] = [];
    for (const call of input.calls) {
      try {
        records.push(CallRecordMapper.toCallRecord(call, { crmAccountsByDomain: known }));
      } catch (error) {
        skipped.push(call.metaData.id);
        this.logger.warn({ callId: call.metaData.id, err: error instanceof Error ? error.message : String(error) }, 'call left out: cannot be stored');
      }
    }
    const fetchedAt = new Date(this.clock.now()).toISOString();
    const transcripts: TranscriptRecord[] = input.transcripts
      .filter((t) => t.transcript.length > 0 && !skipped.includes(t.callId))
      .map((t) => CallRecordMapper.toTranscriptRecord(t, fetchedAt));

    let result: CommitResult | undefined;
    for (let attempt = 1; ; attempt++) {
      try {
        result = await this.ds.transaction(async (em) => {
          const upsert = await this.calls.upsertCalls(records, input.source, em);
          const transcriptsChanged = await this.calls.upsertTranscripts(transcripts, em);
          const r: CommitResult = { ...upsert, records, transcriptsChanged, skipped };
          await input.alsoInTransaction?.(em, r);
          return r;
        });
        break;
      } catch (error) {
        const state = (error as { driverError?: { code?: string }; code?: string }).driverError?.code ?? (error as { code?: string }).code;
        if (attempt >= 3 || !state || !RETRYABLE_SQL_STATES.has(state)) throw error;
        this.logger.warn({ attempt, state }, 'replica write lost a deadlock; retrying');
      }
    }
    const written = result.inserted.length + result.updated.length;
    if (written > 0) this.metrics.callsStored.inc({ source: input.source }, written);
    if (result.transcriptsChanged.length > 0) this.metrics.transcriptsStored.inc({ source: input.source }, result.transcriptsChanged.length);
    return result;
  }
}
