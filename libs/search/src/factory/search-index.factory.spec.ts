import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { z } from 'zod';
import { ErrorCode } from '@gong-connector/contracts';
import { ElasticsearchSearchIndex } from '../elasticsearch/elasticsearch-search.index.js';
import { PostgresSearchIndex } from '../postgres/postgres-search.index.js';
import { ElasticsearchConfigFields } from './elasticsearch-config.fields.js';
import { createSearchIndex, elasticsearchConnection } from './search-index.factory.js';

const Schema = z.object(ElasticsearchConfigFields);

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

  it('takes every ELASTICSEARCH_* setting from the parsed config', async () => {
    const config = Schema.parse({ ELASTICSEARCH_ALIAS: 'gong-chunks-staging', ELASTICSEARCH_TEMPLATE_PRIORITY: '700', ELASTICSEARCH_REPLICAS: '0' });
    const index = createSearchIndex({ database, elasticsearchUrl: 'http://127.0.0.1:1', elasticsearch: config }) as ElasticsearchSearchIndex;
    expect(index.alias).toBe('gong-chunks-staging');
    expect(index.templateName).toBe('gong-chunks-staging-template');
    await index.close();
  });
});

describe('ElasticsearchConfigFields', () => {
  it('has safe defaults for every setting', () => {
    expect(Schema.parse({})).toEqual({
      ELASTICSEARCH_ALIAS: 'gong-chunks',
      ELASTICSEARCH_TLS_VERIFY: true,
      ELASTICSEARCH_REQUEST_TIMEOUT_MS: 30_000,
      ELASTICSEARCH_MAX_RETRIES: 3,
      ELASTICSEARCH_COMPATIBILITY: 9,
      ELASTICSEARCH_SHARDS: 1,
      ELASTICSEARCH_REPLICAS: 1,
      ELASTICSEARCH_TEMPLATE_PRIORITY: 500,
      ELASTICSEARCH_PIT_KEEP_ALIVE: '2m',
      ELASTICSEARCH_MIGRATE: true,
    });
    for (const [key, field] of Object.entries(ElasticsearchConfigFields)) expect([key, field.description?.length ?? 0]).not.toEqual([key, 0]);
  });

  it.each([
    ['ELASTICSEARCH_ALIAS', 'Gong*Chunks'],
    ['ELASTICSEARCH_COMPATIBILITY', '7'],
    ['ELASTICSEARCH_CA_FINGERPRINT', 'abc'],
    ['ELASTICSEARCH_PIT_KEEP_ALIVE', 'forever'],
    ['ELASTICSEARCH_TLS_VERIFY', 'maybe'],
  ])('refuses a bad %s, naming it', (key, value) => {
    const result = Schema.safeParse({ [key]: value });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual([key]);
  });

  it('maps the settings to the client connection, reading the CA file once', () => {
    const dir = mkdtempSync(join(tmpdir(), 'es-ca-'));
    try {
      const file = join(dir, 'http_ca.crt');
      writeFileSync(file, '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
      const config = Schema.parse({ ELASTICSEARCH_API_KEY: 'k', ELASTICSEARCH_CA_CERT_FILE: file, ELASTICSEARCH_COMPATIBILITY: '8' });
      expect(elasticsearchConnection('https://a:9200,https://b:9200', config)).toMatchObject({
        node: ['https://a:9200', 'https://b:9200'],
        apiKey: 'k',
        caCertificate: expect.stringContaining('BEGIN CERTIFICATE'),
        compatibility: 8,
        requestTimeoutMs: 30_000,
        maxRetries: 3,
      });
      expect(() => elasticsearchConnection('https://a:9200', { ELASTICSEARCH_CA_CERT_FILE: join(dir, 'missing.crt') })).toThrow(
        expect.objectContaining({ code: ErrorCode.CONFIG_INVALID, message: expect.stringContaining('ELASTICSEARCH_CA_CERT_FILE') }),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
