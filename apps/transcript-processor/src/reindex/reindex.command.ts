import type { CallIndexingService } from '../indexing/call-indexing.service.js';
import type { Database } from '@gong-connector/persistence';

export interface ReindexProgress {
  done: number;
  total: number;
  indexed: number;
  withoutTranscript: number;
  chunks: number;
}

export interface ReindexOptions {
  /** Only these calls (default: every call of the replica). */
  callIds?: readonly string[];
  batchSize: number;
  onProgress?: (progress: ReindexProgress) => void;
}

/**
 * Rebuilds the search index from the replica: every call (or the named ones), in batches of
 * `batchSize` calls indexed at once, each call's chunks replaced exactly. Calls without a
 * transcript are counted and left alone.
 */
export class ReindexCommand {
  constructor(
    private readonly db: Database,
    private readonly indexing: CallIndexingService,
  ) {}

  async run(options: ReindexOptions): Promise<ReindexProgress> {
    const ids = options.callIds ? [...options.callIds] : await this.allCallIds();
    const progress: ReindexProgress = { done: 0, total: ids.length, indexed: 0, withoutTranscript: 0, chunks: 0 };
    options.onProgress?.(progress);
    for (let i = 0; i < ids.length; i += options.batchSize) {
      const batch = ids.slice(i, i + options.batchSize);
      const outcomes = await Promise.all(batch.map((id) => this.indexing.indexCall(id, 'reindex')));
      for (const [n, outcome] of outcomes.entries()) {
        if (outcome.kind === 'not-found') throw new Error(`call ${batch[n]} is not in the replica`);
        if (outcome.kind === 'indexed') {
          progress.indexed += 1;
          progress.chunks += outcome.chunks.length;
        } else {
          progress.withoutTranscript += 1;
        }
      }
      progress.done += batch.length;
      options.onProgress?.(progress);
    }
    return progress;
  }

  private async allCallIds(): Promise<string[]> {
    const rows: { id: string }[] = await this.db.query('SELECT id FROM calls ORDER BY started DESC, id');
    return rows.map((r) => r.id);
  }
}
