import { Inject, Injectable } from '@nestjs/common';
import type { CallSource } from '@gong-connector/contracts';
import { GongClient, type CallData, type CallTranscript, type GongPriority } from '@gong-connector/gong-client';
import { CallReadRepository, type Transaction } from '@gong-connector/persistence';
import { LOGGER, type Logger } from '@gong-connector/platform';
import { TransientRetry } from '../gong/transient-retry.js';
import { CallEventOutbox } from './call-event.outbox.js';
import { CallWriter, type CommitResult } from './call.writer.js';

/** A page with the transcripts it lacked, ready to commit. */
export interface PreparedPage {
  calls: readonly CallData[];
  transcripts: CallTranscript[];
  /** Gong requests spent on the transcripts. */
  transcriptRequests: number;
  preparedMs: number;
}

export interface PageIngestResult {
  /** Calls of the page written as new or changed. */
  written: number;
  transcriptsStored: number;
  transcriptRequests: number;
  commit: CommitResult;
}

export interface PrepareOptions {
  priority: GongPriority;
  /** Attempts of the transcript request when Gong or the quota refuse for now. */
  attempts?: number;
  signal?: AbortSignal;
}

export interface CommitOptions {
  source: CallSource;
  /** More writes of the page's transaction (a sync checkpoint, a backfill position). */
  alsoInTransaction?: (tx: Transaction, result: CommitResult, transcriptRequests: number) => Promise<void>;
}

/**
 * One page of `/v2/calls/extensive` into the replica, in two steps so a scan can overlap them with
 * the next page: `prepare` fetches the transcripts of the page's calls that have none stored yet
 * (batches of 100 call ids: one request for a whole page); `commit` writes calls, transcripts and
 * the caller's position in one transaction, then announces the calls ("call ready").
 */
@Injectable()
export class CallPageIngestor {
  constructor(
    @Inject(GongClient) private readonly gong: GongClient,
    @Inject(CallReadRepository) private readonly calls: CallReadRepository,
    @Inject(CallWriter) private readonly writer: CallWriter,
    @Inject(CallEventOutbox) private readonly outbox: CallEventOutbox,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async prepare(page: readonly CallData[], options: PrepareOptions): Promise<PreparedPage> {
    const started = performance.now();
    const ids = page.map((c) => c.metaData.id);
    const have = ids.length > 0 ? await this.calls.idsWithTranscript(ids) : new Set<string>();
    const missing = ids.filter((id) => !have.has(id));
    let transcripts: CallTranscript[] = [];
    let transcriptRequests = 0;
    if (missing.length > 0) {
      await TransientRetry.run(
        async () => {
          transcripts = [];
          for await (const tp of this.gong.transcriptsForCalls(missing, { priority: options.priority })) {
            transcriptRequests += 1;
            transcripts.push(...tp.items);
          }
        },
        { attempts: options.attempts ?? 1, what: 'transcripts of a page', logger: this.logger, ...(options.signal ? { signal: options.signal } : {}) },
      );
    }
    return { calls: page, transcripts, transcriptRequests, preparedMs: performance.now() - started };
  }

  async commit(prepared: PreparedPage, options: CommitOptions): Promise<PageIngestResult> {
    const t0 = performance.now();
    const commit = await this.writer.commit({
      calls: prepared.calls,
      transcripts: prepared.transcripts,
      source: options.source,
      ...(options.alsoInTransaction
        ? { alsoInTransaction: (tx: Transaction, r: CommitResult) => options.alsoInTransaction!(tx, r, prepared.transcriptRequests) }
        : {}),
    });
    const t1 = performance.now();
    const announced = await this.outbox.announce(commit.records.map((r) => r.id));
    this.logger.debug(
      {
        source: options.source,
        calls: prepared.calls.length,
        written: commit.inserted.length + commit.updated.length,
        transcriptRequests: prepared.transcriptRequests,
        announced,
        transcriptsMs: Math.round(prepared.preparedMs),
        commitMs: Math.round(t1 - t0),
        announceMs: Math.round(performance.now() - t1),
      },
      'page ingested',
    );
    return {
      written: commit.inserted.length + commit.updated.length,
      transcriptsStored: commit.transcriptsChanged.length,
      transcriptRequests: prepared.transcriptRequests,
      commit,
    };
  }
}
