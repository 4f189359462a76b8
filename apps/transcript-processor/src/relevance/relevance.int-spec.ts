import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { PRIVATE_CALLS_RULE, type AccessFilter } from '@gong-connector/contracts';
import { CallReadRepository, type CallRecord } from '@gong-connector/persistence';
import { MetricsRegistry } from '@gong-connector/platform';
import { createSearchIndex, type SearchIndex } from '@gong-connector/search';
import { testDatabase, testServices, type TestDatabase } from '@gong-connector/testing';
import { startGongSim, type GongSim } from '@gong-connector/testing/gong-sim';
import { replicateSim } from '../../test/sim-replica.loader.js';
import { CallIndexingService } from '../indexing/call-indexing.service.js';
import { TranscriptMetrics } from '../metrics/transcript.metrics.js';
import { measureRecall } from './recall.evaluator.js';
import { buildRelevanceQuerySet, type RelevanceQuery } from './relevance-query-set.builder.js';

const elasticsearchUrl = testServices().elasticsearchUrl;

describe('relevance: recall@10 of labelled queries over a simulated company indexed by the processor', () => {
  let sim: GongSim;
  let db: TestDatabase;
  let calls: CallRecord[];
  let queries: RelevanceQuery[];
  let allAccess: AccessFilter;

  beforeAll(async () => {
    sim = await startGongSim({ port: 0, seed: 'transcript-relevance', users: 30, accounts: 12, calls: 150, workspaces: 2, ratePerSecond: 50, transcriptDelayMs: 0 });
    db = await testDatabase();
    ({ calls } = await replicateSim(sim, db.database));
    queries = buildRelevanceQuerySet(calls);
    const userId = sim.company.data.users.find((u) => !u.isAvatar)!.id;
    allAccess = {
      version: 1, userId, ownUserId: userId, allWorkspaceIds: [...new Set(calls.map((c) => c.workspaceId!))],
      hostUserIdsByWorkspace: [], grantedCallIds: [], privateCalls: PRIVATE_CALLS_RULE,
    };
  });

  afterAll(async () => {
    await sim?.close();
    await db?.close();
  });

  async function indexAll(index: SearchIndex): Promise<void> {
    await index.ensureReady();
    const service = new CallIndexingService(new CallReadRepository(db.database), index, { maxTokens: 256, overlapSentences: 1 }, new TranscriptMetrics(new MetricsRegistry({ service: 'relevance', defaultMetrics: false })));
    for (const call of calls) await service.indexCall(call.id, 'reindex');
  }

  it('builds a labelled set covering competitors, pricing and security by account', () => {
    const names = queries.map((q) => q.name.split(' ')[0]);
    expect(new Set(names)).toEqual(new Set(['competitor', 'pricing', 'security']));
    expect(queries.length).toBeGreaterThanOrEqual(9);
    for (const q of queries) expect(q.expectedCallIds.length).toBeGreaterThanOrEqual(2);
  });

  it('reaches recall@10 ≥ 0.9 on PostgreSQL', async () => {
    const index = createSearchIndex({ database: db.database });
    await indexAll(index);
    const report = await measureRecall(index, queries, allAccess, 10);
    console.info(`PostgreSQL recall@10: mean ${report.mean.toFixed(3)}, min ${report.min.toFixed(3)} over ${report.queries.length} queries\n` +
      report.queries.map((q) => `  ${q.recall.toFixed(2)}  ${q.found}/${q.expected}  ${q.name}`).join('\n'));
    expect(report.mean).toBeGreaterThanOrEqual(0.9);
  });

  (elasticsearchUrl ? it : it.skip)('reaches recall@10 ≥ 0.9 on Elasticsearch (skipped: ELASTICSEARCH_URL is not set)', async () => {
    const index = createSearchIndex({ database: db.database, elasticsearchUrl });
    try {
      await indexAll(index);
      const report = await measureRecall(index, queries, allAccess, 10);
      console.info(`Elasticsearch recall@10: mean ${report.mean.toFixed(3)}, min ${report.min.toFixed(3)} over ${report.queries.length} queries`);
      expect(report.mean).toBeGreaterThanOrEqual(0.9);
    } finally {
      await index.close();
    }
  });
});
