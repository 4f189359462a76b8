import { readFileSync } from 'node:fs';
import { AppError, ErrorCode } from '@gong-connector/contracts';
import type { ElasticsearchConnectionOptions } from '../elasticsearch/elasticsearch-client.factory.js';
import type { MigrationEvent } from '../elasticsearch/elasticsearch-index.migrator.js';
import { ElasticsearchSearchIndex } from '../elasticsearch/elasticsearch-search.index.js';
import type { SearchIndex } from '../port/search-index.port.js';
import { PostgresSearchIndex } from '../postgres/postgres-search.index.js';
import type { SqlDatabase } from '../postgres/sql-database.port.js';
import type { ElasticsearchConfig } from './elasticsearch-config.fields.js';

export interface SearchIndexFactoryOptions {
  /** ELASTICSEARCH_URL: when set, the index is Elasticsearch; unset means PostgreSQL full text. */
  elasticsearchUrl?: string | undefined;
  /** The replica's database (migrated): the PostgreSQL index lives in its `search_chunks` table. */
  database: SqlDatabase;
  /** The service's Elasticsearch settings (`ElasticsearchConfigFields`, parsed); unset ones take their defaults. */
  elasticsearch?: Partial<ElasticsearchConfig> | undefined;
  /** Elasticsearch alias searched and written (overrides ELASTICSEARCH_ALIAS; default `gong-chunks`). */
  elasticsearchAlias?: string | undefined;
  /** Chunks per write batch (PostgreSQL INSERT or Elasticsearch bulk request). */
  batchSize?: number | undefined;
  /** Told of Elasticsearch migration steps (log them). */
  onMigrationEvent?: ((event: MigrationEvent) => void) | undefined;
}

/** The configured search index: Elasticsearch when a URL is given, else the PostgreSQL adapter. */
export function createSearchIndex(options: SearchIndexFactoryOptions): SearchIndex {
  const url = options.elasticsearchUrl ?? options.elasticsearch?.ELASTICSEARCH_URL;
  if (url) {
    const es = options.elasticsearch ?? {};
    return new ElasticsearchSearchIndex({
      connection: elasticsearchConnection(url, es),
      alias: options.elasticsearchAlias ?? es.ELASTICSEARCH_ALIAS ?? 'gong-chunks',
      ...(options.batchSize ? { bulkBatchSize: options.batchSize } : {}),
      shards: es.ELASTICSEARCH_SHARDS,
      replicas: es.ELASTICSEARCH_REPLICAS,
      templatePriority: es.ELASTICSEARCH_TEMPLATE_PRIORITY,
      pitKeepAlive: es.ELASTICSEARCH_PIT_KEEP_ALIVE,
      migrate: es.ELASTICSEARCH_MIGRATE,
      ...(options.onMigrationEvent ? { onMigrationEvent: options.onMigrationEvent } : {}),
    });
  }
  return new PostgresSearchIndex({ database: options.database, ...(options.batchSize ? { batchSize: options.batchSize } : {}) });
}

/** The client settings of ELASTICSEARCH_* (the CA file is read here, once). */
export function elasticsearchConnection(url: string, es: Partial<ElasticsearchConfig>): ElasticsearchConnectionOptions {
  let caCertificate: string | undefined;
  if (es.ELASTICSEARCH_CA_CERT_FILE !== undefined) {
    try {
      caCertificate = readFileSync(es.ELASTICSEARCH_CA_CERT_FILE, 'utf8');
    } catch (error) {
      const message = `cannot be read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`;
      throw new AppError(ErrorCode.CONFIG_INVALID, `ELASTICSEARCH_CA_CERT_FILE ${message}`, { details: [{ path: 'ELASTICSEARCH_CA_CERT_FILE', message }] });
    }
  }
  return {
    node: url.includes(',') ? url.split(',').map((u) => u.trim()) : url,
    apiKey: es.ELASTICSEARCH_API_KEY,
    username: es.ELASTICSEARCH_USERNAME,
    password: es.ELASTICSEARCH_PASSWORD,
    caFingerprint: es.ELASTICSEARCH_CA_FINGERPRINT,
    caCertificate,
    tlsVerify: es.ELASTICSEARCH_TLS_VERIFY,
    requestTimeoutMs: es.ELASTICSEARCH_REQUEST_TIMEOUT_MS,
    maxRetries: es.ELASTICSEARCH_MAX_RETRIES,
    compatibility: es.ELASTICSEARCH_COMPATIBILITY,
  };
}
