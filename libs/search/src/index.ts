export type { SearchIndex, IndexWriteResult, ReplaceCallResult, DeleteCallResult } from './port/search-index.port.js';
export * from './query/search-query.schema.js';
export * from './query/search-result.model.js';
export { SearchCursorCodec, type SearchCursorPosition } from './query/search-cursor.codec.js';
export type { SearchDocument, SearchDocumentMetadata } from './document/search-document.model.js';
export { toSearchDocuments, toHitChunk, toCallSummary } from './document/search-document.mapper.js';
export { IndexWriteError, type ChunkWriteFailure } from './errors/index-write.error.js';
export { PostgresSearchIndex, type PostgresSearchIndexOptions } from './postgres/postgres-search.index.js';
export type { SqlDatabase } from './postgres/sql-database.port.js';
export { createSearchIndex, elasticsearchConnection, type SearchIndexFactoryOptions } from './factory/search-index.factory.js';
export { ElasticsearchConfigFields, type ElasticsearchConfig } from './factory/elasticsearch-config.fields.js';
export {
  ElasticsearchSearchIndex,
  type ElasticsearchSearchIndexOptions,
  type ReindexResult,
} from './elasticsearch/elasticsearch-search.index.js';
export type { IndexStatus, MigrationEvent } from './elasticsearch/elasticsearch-index.migrator.js';
export { createElasticsearchClient, compatibilityHeaders, type ElasticsearchConnectionOptions } from './elasticsearch/elasticsearch-client.factory.js';
export { elasticsearchIndexShape, INDEX_MAPPING_VERSION, type ElasticsearchIndexShape } from './elasticsearch/elasticsearch-index.template.js';
export { elasticsearchAccessClause, MAX_TERMS_COUNT } from './elasticsearch/elasticsearch-access.clause.js';
export { websearchToElasticsearch } from './elasticsearch/websearch-query.translator.js';
export { parseWebsearch, formatWebsearch, type WebsearchQuery, type WebsearchOperand } from './grammar/websearch.grammar.js';
