import { afterAll, describe } from '@jest/globals';
import { Client } from '@elastic/elasticsearch';
import { testServices, uniqueName } from '@gong-connector/testing';
import { describeSearchIndexContract } from '../testing/search-index.contract.js';
import { ElasticsearchSearchIndex } from './elasticsearch-search.index.js';

const { elasticsearchUrl } = testServices();

(elasticsearchUrl ? describe : describe.skip)('Elasticsearch contract (skipped: ELASTICSEARCH_URL unset)', () => {
  const alias = uniqueName('gc-chunks').replace(/_/g, '-');
  const admin = new Client({ node: elasticsearchUrl ?? 'http://127.0.0.1:9200' });

  afterAll(async () => {
    await admin.indices.delete({ index: `${alias}-*`, ignore_unavailable: true }).catch(() => undefined);
    await admin.indices.deleteIndexTemplate({ name: `${alias}-template` }).catch(() => undefined);
    await admin.close();
  });

  describeSearchIndexContract('Elasticsearch', async () =>
    new ElasticsearchSearchIndex({ node: elasticsearchUrl, alias, refresh: true, replicas: 0 }),
  );
});
