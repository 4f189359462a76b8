import type { AccessFilter } from '@gong-connector/contracts';
import type { SearchIndex } from '@gong-connector/search';
import type { RelevanceQuery } from './relevance-query-set.builder.js';

export interface QueryRecall {
  name: string;
  expected: number;
  found: number;
  recall: number;
}

export interface RecallReport {
  k: number;
  mean: number;
  min: number;
  queries: QueryRecall[];
}

/**
 * recall@k per query: of the expected calls (at most k of them count), how many are among the
 * first k distinct calls of the ranked chunk hits. Chunks are ranked; calls are what an agent
 * opens, so hits are folded to calls in rank order.
 */
export async function measureRecall(index: SearchIndex, queries: readonly RelevanceQuery[], accessFilter: AccessFilter, k = 10): Promise<RecallReport> {
  const results: QueryRecall[] = [];
  for (const query of queries) {
    const result = await index.search({
      accessFilter,
      text: query.text,
      limit: 100,
      facetSize: 0,
      ...(query.accountIds ? { accountIds: query.accountIds } : {}),
    });
    const ranked: string[] = [];
    for (const hit of result.hits) {
      if (!ranked.includes(hit.callId)) ranked.push(hit.callId);
      if (ranked.length === k) break;
    }
    const expected = new Set(query.expectedCallIds);
    const found = ranked.filter((id) => expected.has(id)).length;
    const denominator = Math.min(k, expected.size);
    results.push({ name: query.name, expected: expected.size, found, recall: denominator === 0 ? 1 : found / denominator });
  }
  const recalls = results.map((r) => r.recall);
  return {
    k,
    mean: recalls.length === 0 ? 0 : recalls.reduce((a, b) => a + b, 0) / recalls.length,
    min: recalls.length === 0 ? 0 : Math.min(...recalls),
    queries: results,
  };
}
