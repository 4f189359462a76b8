import type { Chunk } from '@gong-connector/chunking';
import type { SearchQueryInput } from '../query/search-query.schema.js';
import type { SearchResult } from '../query/search-result.model.js';

export interface IndexWriteResult {
  /** Chunks written (created or replaced). */
  written: number;
}

export interface ReplaceCallResult extends IndexWriteResult {
  /** Stale chunks of the call removed (ids not in the new set). */
  deleted: number;
}

export interface DeleteCallResult {
  deleted: number;
}

/**
 * The search index port: transcript chunks in, access-filtered hits out. Adapters: PostgreSQL
 * full text (the embedded default) and Elasticsearch; both pass `describeSearchIndexContract`.
 *
 * - Writes are idempotent by chunk id, so a redelivered event changes nothing. A write that
 *   resolved is searchable (Elasticsearch: once its refresh ran, which writes wait for by default).
 * - A write that fails throws an AppError (`IndexWriteError` when single chunks were refused,
 *   naming each chunk id and why); the chunks that did go in stay in, and a retry is safe.
 * - `search` applies the query's AccessFilter inside the query, so totals, facets and pages only
 *   ever count what the user may see. A query without one is refused.
 * - Paging is stable while chunks are written: walking a query's pages by `nextCursor` returns
 *   every hit that existed when the walk began exactly once. PostgreSQL: keyset paging on a total
 *   order (round, score, chunk id) whose keys a write of another call does not move. Elasticsearch:
 *   every page reads the point in time the first page opened (carried in the cursor), with
 *   `search_after`; chunks written meanwhile are not seen by that walk.
 * - Re-indexing one call (`replaceCallChunks`) is atomic per call for readers and writers alike:
 *   two concurrent re-indexes leave exactly one of the two sets (PostgreSQL: one transaction under
 *   a per-call lock; Elasticsearch: generation-tagged writes, the newer generation wins).
 * - Search syntax means the same in every adapter (`parseWebsearch`: `a b OR c` is (a AND b) OR c).
 */
export interface SearchIndex {
  readonly kind: 'postgres' | 'elasticsearch';
  /** Creates (Elasticsearch) or checks (PostgreSQL: the migration creates it) the index. Idempotent. */
  ensureReady(): Promise<void>;
  /** Inserts or replaces chunks by id, in bulk. */
  upsertChunks(chunks: readonly Chunk[]): Promise<IndexWriteResult>;
  /** Makes the call's chunks exactly `chunks`: upserts them, then removes the call's other chunks. */
  replaceCallChunks(callId: string, chunks: readonly Chunk[]): Promise<ReplaceCallResult>;
  /** Removes every chunk of the call. */
  deleteCall(callId: string): Promise<DeleteCallResult>;
  search(query: SearchQueryInput): Promise<SearchResult>;
  /** Chunks in the index, over all users (for operations, never for an end user). */
  count(): Promise<number>;
  /** Releases what the adapter opened itself (a database or client passed in stays open). */
  close(): Promise<void>;
}
