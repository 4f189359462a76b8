import { errors, type Client, type estypes } from '@elastic/elasticsearch';
import { IndexWriteError, type ChunkWriteFailure } from '../errors/index-write.error.js';
import { elasticsearchFailure } from './elasticsearch.failure.js';

export interface BulkWriterOptions {
  /** Operations per bulk request (default 500). */
  batchSize: number;
  /** Retries of items (or whole requests) refused with 429 (default 5). */
  retries: number;
  /** Wait before retry `attempt` (0-based). */
  retryDelayMs: (attempt: number) => number;
  delay: (ms: number) => Promise<void>;
}

/**
 * One bulk operation on a chunk document: `index` (create or replace) or `delete`, with the
 * call id as routing when the index routes by call, and an external version (the write's
 * generation): Elasticsearch applies it only when it is above the stored document's version, so
 * an older generation never overwrites or deletes a newer one.
 */
export interface BulkOperation {
  action: 'index' | 'delete';
  id: string;
  routing?: string | undefined;
  version?: number | undefined;
  source?: object | undefined;
}

export interface BulkWriteResult {
  /** Documents indexed. */
  written: number;
  /** Documents deleted (a delete of a document that is not there counts nothing). */
  deleted: number;
  /** Operations refused because a newer generation already holds the document (409). */
  superseded: number;
}

/**
 * Bulk writes with per-item error handling. Every request carries `require_alias=true` (a missing
 * alias is an error, never a new dynamically mapped index) and the given `refresh` (`wait_for`:
 * resolves once the periodic refresh made the writes searchable; never a forced refresh). Items
 * refused with 429 are sent again with backoff, up to `retries` times; a version conflict (409)
 * means a newer generation won and is counted as `superseded`; every other refused item is
 * reported by chunk id with its status, error type and reason, after the rest of the batch went
 * in. Whole requests refused with 429 are retried the same way; other request failures throw.
 */
export class ElasticsearchBulkWriter {
  constructor(
    private readonly client: Client,
    private readonly options: BulkWriterOptions,
  ) {}

  /** Applies every operation to `index` (an alias with a write index). */
  async write(index: string, ops: readonly BulkOperation[], refresh: boolean | 'wait_for'): Promise<BulkWriteResult> {
    const result: BulkWriteResult = { written: 0, deleted: 0, superseded: 0 };
    const failures: ChunkWriteFailure[] = [];
    for (let i = 0; i < ops.length; i += this.options.batchSize) {
      await this.writeBatch(index, ops.slice(i, i + this.options.batchSize), refresh, result, failures);
    }
    if (failures.length > 0) throw new IndexWriteError(failures, result.written);
    return result;
  }

  private async writeBatch(
    index: string,
    batch: readonly BulkOperation[],
    refresh: boolean | 'wait_for',
    result: BulkWriteResult,
    failures: ChunkWriteFailure[],
  ): Promise<void> {
    let pending = batch;
    for (let attempt = 0; pending.length > 0; attempt++) {
      const canRetry = attempt < this.options.retries;
      let response: estypes.BulkResponse;
      try {
        response = await this.client.bulk({
          operations: pending.flatMap((op) => {
            const meta = {
              _index: index,
              _id: op.id,
              ...(op.routing !== undefined ? { routing: op.routing } : {}),
              ...(op.version !== undefined ? { version: op.version, version_type: 'external' as const } : {}),
            };
            return op.action === 'index' ? [{ index: meta }, op.source ?? {}] : [{ delete: meta }];
          }),
          refresh,
          require_alias: true,
        });
      } catch (error) {
        if (error instanceof errors.ResponseError && error.statusCode === 429 && canRetry) {
          await this.options.delay(this.options.retryDelayMs(attempt));
          continue;
        }
        throw elasticsearchFailure(error, `bulk write of ${pending.length} chunks`);
      }
      const retry: BulkOperation[] = [];
      response.items.forEach((item, i) => {
        const outcome = item.index ?? item.delete ?? item.create ?? item.update;
        const op = pending[i];
        if (outcome === undefined || op === undefined) return;
        if (outcome.error === undefined || outcome.error === null) {
          if (op.action === 'index') result.written++;
          else if (outcome.result === 'deleted') result.deleted++;
        } else if (outcome.status === 409) result.superseded++;
        else if (outcome.status === 429 && canRetry) retry.push(op);
        else failures.push({ chunkId: op.id, status: outcome.status, type: outcome.error.type, reason: outcome.error.reason ?? '(no reason given)' });
      });
      for (const op of pending.slice(response.items.length)) {
        failures.push({ chunkId: op.id, status: 0, type: 'missing_item', reason: 'the bulk response has no item for this chunk' });
      }
      pending = retry;
      if (pending.length > 0) await this.options.delay(this.options.retryDelayMs(attempt));
    }
  }
}
