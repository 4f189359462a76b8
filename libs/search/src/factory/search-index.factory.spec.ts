import { describe, expect, it } from '@jest/globals';
import type { DataSource } from 'typeorm';
import { ElasticsearchSearchIndex } from '../elasticsearch/elasticsearch-search.index.js';
import { PostgresSearchIndex } from '../postgres/postgres-search.index.js';
import { createSearchIndex } from './search-index.factory.js';

describe('createSearchIndex', () => {
  const database = { dataSource: {} as DataSource };

  it.each([undefined, ''])('uses PostgreSQL when ELASTICSEARCH_URL is %p', (elasticsearchUrl) => {
    const index = createSearchIndex({ database, elasticsearchUrl });
    expect(index).toBeInstanceOf(PostgresSearchIndex);
    expect(index.kind).toBe('postgres');
  });

  it('uses Elasticsearch when a URL is set, with the given alias', async () => {
    const index = createSearchIndex({ database, elasticsearchUrl: 'http://127.0.0.1:1', elasticsearchAlias: 'chunks-x' });
    expect(index).toBeInstanceOf(ElasticsearchSearchIndex);
    expect((index as ElasticsearchSearchIndex).alias).toBe('chunks-x');
    await index.close();
  });
});
