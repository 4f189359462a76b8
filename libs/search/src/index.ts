export type { SearchIndex, IndexWriteResult, ReplaceCallResult, DeleteCallResult } from './port/search-index.port.js';
export * from './query/search-query.schema.js';
export * from './query/search-result.model.js';
export { SearchCursorCodec, type SearchCursorPosition } from './query/search-cursor.codec.js';
export type { SearchDocument, SearchDocumentMetadata } from './document/search-document.model.js';
export { toSearchDocuments, toHitChunk, toCallSummary } from './document/search-document.mapper.js';
export { IndexWriteError, type ChunkWriteFailure } from './errors/index-write.error.js';
export { PostgresSearchIndex, type PostgresSearchIndexOptions } from './postgres/postgres-search.index.js';
export { createSearchIndex, type SearchIndexFactoryOptions } from './factory/search-index.factory.js';
