import { errors, type Client, type estypes } from '@elastic/elasticsearch';
import { IndexWriteError, type ChunkWriteFailure } from '../errors/index-write.error.js';
import { elasticsearchFailure } from './elasticsearch.failure.js';

export interface BulkWriterOptions {
  /** Documents per bulk request (default 500). */
  batchSize: number;
  /** Retries of items (or whole requests) refused with 429 (default 5). */
  retries: number;
  /** Wait before retry `attempt` (0-based). */
  retryDelayMs: (attempt: number) => number;
  delay: (ms: number) => Promise<void>;
  refresh: boolean | 'wait_for';
}

/** A document as sent, keyed by its `_id`. */
export interface BulkDocument {
  id: string;
  source: object;
}

/**
 * Bulk indexing with per-item error handling: items refused with 429 (the write queue is full)
 * are sent again with backoff, up to `retries` times; every other refused item is reported by
 * chunk id with its status, error type and reason, after the rest of the batch went in. Whole
 * requests refused with 429 are retried the same way; other request failures throw at once.
 */
export class ElasticsearchBulkWriter {
  constructor(
    private readonly client: Client,
    private readonly options: BulkWriterOptions,
  ) {}

  /** Writes every document into `index` (an alias with a write index). Returns how many went in. */
  async write(index: string, docs: readonly BulkDocument[]): Promise<number> {
    let written = 0;
    const failures: ChunkWriteFailure[] = [];
    for (let i = 0; i < docs.length; i += this.options.batchSize) {
      written += await this.writeBatch(index, docs.slice(i, i + this.options.batchSize), failures);
    }
    if (failures.length > 0) throw new IndexWriteError(failures, written);
    return written;
  }

  private async writeBatch(index: string, batch: readonly BulkDocument[], failures: ChunkWriteFailure[]): Promise<number> {
    let pending = batch;
    let written = 0;
    for (let attempt = 0; pending.length > 0; attempt++) {
      const canRetry = attempt < this.options.retries;
      let response: estypes.BulkResponse;
      try {
        response = await this.client.bulk({
          operations: pending.flatMap((d) => [{ index: { _index: index, _id: d.id } }, d.source]),
          refresh: this.options.refresh,
        });
      } catch (error) {
        if (error instanceof errors.ResponseError && error.statusCode === 429 && canRetry) {
          await this.options.delay(this.options.retryDelayMs(attempt));
          continue;
        }
        throw elasticsearchFailure(error, `bulk index of ${pending.length} chunks`);
      }
      if (!response.errors) return written + pending.length;
      const retry: BulkDocument[] = [];
      response.items.forEach((item, i) => {
        const result = item.index ?? item.create ?? item.update;
        const doc = pending[i];
        if (result === undefined || doc === undefined) return;
        if (result.error === undefined || result.error === null) written++;
        else if (result.status === 429 && canRetry) retry.push(doc);
        else {
          failures.push({
            chunkId: doc.id,
            status: result.status,
            type: result.error.type,
            reason: result.error.reason ?? '(no reason given)',
          });
        }
      });
      if (response.items.length < pending.length) {
        for (const doc of pending.slice(response.items.length)) {
          failures.push({ chunkId: doc.id, status: 0, type: 'missing_item', reason: 'the bulk response has no item for this chunk' });
        }
      }
      pending = retry;
      if (pending.length > 0) await this.options.delay(this.options.retryDelayMs(attempt));
    }
    return written;
  }
}
