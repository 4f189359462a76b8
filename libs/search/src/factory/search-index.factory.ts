import { ElasticsearchSearchIndex, type ElasticsearchSearchIndexOptions } from '../elasticsearch/elasticsearch-search.index.js';
import type { SearchIndex } from '../port/search-index.port.js';
import { PostgresSearchIndex } from '../postgres/postgres-search.index.js';
import type { SqlDatabase } from '../postgres/sql-database.port.js';

export interface SearchIndexFactoryOptions {
  /** ELASTICSEARCH_URL: when set, the index is Elasticsearch; unset means PostgreSQL full text. */
  elasticsearchUrl?: string | undefined;
  /** The replica's database (migrated): the PostgreSQL index lives in its `search_chunks` table. */
  database: SqlDatabase;
  /** Elasticsearch alias searched and written (default `gong-chunks`). */
  elasticsearchAlias?: string | undefined;
  /** Elasticsearch credentials, when the cluster needs them. */
  elasticsearchAuth?: ElasticsearchSearchIndexOptions['auth'];
  /** Chunks per write batch (PostgreSQL INSERT or Elasticsearch bulk request). */
  batchSize?: number | undefined;
}

/** The configured search index: Elasticsearch when a URL is given, else the PostgreSQL adapter. */
export function createSearchIndex(options: SearchIndexFactoryOptions): SearchIndex {
  if (options.elasticsearchUrl) {
    return new ElasticsearchSearchIndex({
      node: options.elasticsearchUrl,
      ...(options.elasticsearchAuth ? { auth: options.elasticsearchAuth } : {}),
      ...(options.elasticsearchAlias ? { alias: options.elasticsearchAlias } : {}),
      ...(options.batchSize ? { bulkBatchSize: options.batchSize } : {}),
    });
  }
  return new PostgresSearchIndex({ database: options.database, ...(options.batchSize ? { batchSize: options.batchSize } : {}) });
}
