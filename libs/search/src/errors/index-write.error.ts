import { AppError, ErrorCode } from '@gong-connector/contracts';

/** One chunk the index refused, and why. */
export interface ChunkWriteFailure {
  chunkId: string;
  /** HTTP status of the item (Elasticsearch), or 0 when there is none. */
  status: number;
  /** e.g. `mapper_parsing_exception`, `es_rejected_execution_exception`. */
  type: string;
  reason: string;
}

/**
 * Some chunks of a bulk write were refused. The others went in. `retryable` is true when every
 * failure was throttling or a server error (code DEPENDENCY_UNAVAILABLE: redeliver later); a
 * refused document (code VALIDATION_FAILED) will fail again until the chunk or mapping changes.
 */
export class IndexWriteError extends AppError {
  readonly failures: readonly ChunkWriteFailure[];
  readonly written: number;
  readonly retryable: boolean;

  constructor(failures: readonly ChunkWriteFailure[], written: number) {
    const retryable = failures.every((f) => f.status === 429 || f.status >= 500 || f.status === 0);
    const shown = failures.slice(0, 5).map((f) => `${f.chunkId}: ${f.status} ${f.type}: ${f.reason}`);
    const more = failures.length > shown.length ? `; and ${failures.length - shown.length} more` : '';
    super(
      retryable ? ErrorCode.DEPENDENCY_UNAVAILABLE : ErrorCode.VALIDATION_FAILED,
      `The search index refused ${failures.length} chunk${failures.length === 1 ? '' : 's'} (${written} written): ${shown.join('; ')}${more}`,
      { details: failures.map((f) => ({ path: `chunks[${f.chunkId}]`, message: `${f.status} ${f.type}: ${f.reason}` })) },
    );
    this.name = 'IndexWriteError';
    this.failures = failures;
    this.written = written;
    this.retryable = retryable;
  }
}
