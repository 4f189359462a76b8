import { afterAll, describe, expect, it } from '@jest/globals';
import { testServices, uniqueName } from '@gong-connector/testing';
import { z } from 'zod';
import { ElasticsearchConfigFields } from '../factory/elasticsearch-config.fields.js';
import { elasticsearchConnection } from '../factory/search-index.factory.js';
import { buildContractCompany } from '../testing/contract-company.fixture.js';
import { describeSearchIndexContract } from '../testing/search-index.contract.js';
import { createElasticsearchClient } from './elasticsearch-client.factory.js';
import { INDEX_MAPPING_VERSION } from './elasticsearch-index.template.js';
import { ElasticsearchSearchIndex } from './elasticsearch-search.index.js';

// The contract against a real cluster: runs when ELASTICSEARCH_URL is set (CI with a cluster, or
// `npm run es:check`), with the deployment's ELASTICSEARCH_* settings (credentials, CA, compatibility).
const { elasticsearchUrl } = testServices();
const settings = z.object(ElasticsearchConfigFields).parse(process.env);

(elasticsearchUrl ? describe : describe.skip)('Elasticsearch contract (skipped: ELASTICSEARCH_URL unset)', () => {
  // A scratch alias of its own (ES_CHECK_ALIAS from es:check), removed with its indexes and template at the end.
  const alias = process.env.ES_CHECK_ALIAS ?? uniqueName('gc-chunks').replace(/_/g, '-');
  const connection = elasticsearchConnection(elasticsearchUrl ?? 'http://127.0.0.1:9200', settings);
  const admin = createElasticsearchClient(connection);
  const make = async () => new ElasticsearchSearchIndex({ connection, alias, replicas: 0, pitKeepAlive: '1m' });

  afterAll(async () => {
    // By name: clusters refuse wildcard deletes (action.destructive_requires_name, on by default since 8.0).
    const indexes = await admin.indices.get({ index: `${alias}-v*`, ignore_unavailable: true, allow_no_indices: true }).catch(() => ({}));
    for (const name of Object.keys(indexes)) await admin.indices.delete({ index: name }).catch(() => undefined);
    await admin.indices.deleteIndexTemplate({ name: `${alias}-template` }).catch(() => undefined);
    await admin.close();
  });

  describeSearchIndexContract('Elasticsearch', make);

  describe('Elasticsearch index life cycle', () => {
    it('stores its mapping version and routes by call id', async () => {
      const index = await make();
      try {
        await index.ensureReady();
        expect(index.status).toMatchObject({ alias, mappingVersion: INDEX_MAPPING_VERSION, routed: true, migration: null });
        const mapping = await admin.indices.getMapping({ index: index.status?.writeIndex as string });
        expect(Object.values(mapping)[0]?.mappings._meta?.mapping_version).toBe(INDEX_MAPPING_VERSION);
      } finally {
        await index.close();
      }
    });

    it('refuses a write when the alias is missing instead of creating an index (require_alias)', async () => {
      const missing = `${alias}-missing`;
      const index = new ElasticsearchSearchIndex({ connection, alias: missing, replicas: 0 });
      try {
        await expect(index.upsertChunks(buildContractCompany().chunks.slice(0, 1))).rejects.toBeDefined();
        await expect(admin.indices.exists({ index: missing })).resolves.toBe(false);
      } finally {
        await index.close();
      }
    });
  });
});
