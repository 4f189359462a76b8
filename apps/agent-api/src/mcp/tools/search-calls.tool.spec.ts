import { describe, expect, it } from '@jest/globals';
import type { SearchQueryInput } from '@gong-connector/search';
import { ACME, CALLS, USERS } from '../../../test/agent-api.fixture.js';
import { managerFilter, newTestServices, principal, resolvedAccount, searchHit, searchResult } from '../../../test/unit.fixture.js';
import { ApiRequestSchemas } from '../../api/api-request.schemas.js';
import { ApiResponseSchemas } from '../../api/api-response.schemas.js';
import { SEARCH_CALLS_PAGE_MAX, SearchCallsTool } from './search-calls.tool.js';
import { recorder } from '@gong-connector/testing';

const manager = principal(USERS.manager, managerFilter);

function newTestTool(answer = searchResult([])) {
  const search = recorder(async (_q: SearchQueryInput) => answer);
  const resolveAccounts = async () => [resolvedAccount(ACME, 'Acme Corp')];
  const callLinks = async () => new Map([[CALLS.aliceAcme, { url: `https://app.gong.io/call?id=${CALLS.aliceAcme}`, internal: false }]]);
  const services = newTestServices({ index: { search }, queries: { resolveAccounts, callLinks, countCallsWithTranscript: async () => 0 } });
  return { tool: new SearchCallsTool(services.search), queries: search.calls };
}

describe('SearchCallsTool', () => {
  it('takes /v1/search’s request schema as its input', () => {
    expect(new SearchCallsTool(newTestServices().search).inputSchema).toBe(ApiRequestSchemas.search);
  });

  it('searches with the user’s filter and the REST arguments, pages capped for MCP', async () => {
    const { tool, queries } = newTestTool();
    await tool.run(manager, tool.inputSchema.parse({ q: 'budget', account: [ACME], speakerAffiliation: ['External'], limit: 100 }));
    await tool.run(manager, tool.inputSchema.parse({ q: 'budget', limit: 3 }));
    // Each empty first page is followed by the filter-only count that explains it (limit 1, no text).
    expect(queries.map(([q]) => [q.limit, q.text])).toEqual([[SEARCH_CALLS_PAGE_MAX, 'budget'], [1, undefined], [3, 'budget'], [1, undefined]]);
    expect(queries[0]![0]).toMatchObject({ accessFilter: managerFilter, text: 'budget', accountIds: [ACME], speakerAffiliations: ['External'], facetSize: 10 });
  });

  it('renders the passages as numbered lines with call, offset and speaker, and says how to get more', async () => {
    const { tool } = newTestTool(searchResult([searchHit(CALLS.aliceAcme, 0, 'Our budget is tight', 65_000)], { total: 4, totalCalls: 2, nextCursor: 'c2' }));
    const answer = await tool.run(manager, tool.inputSchema.parse({ q: 'budget' }));
    expect(answer.text).toBe(
      `4 passages in 2 calls match.\n1. [Acme discovery | 2026-01-05 | call ${CALLS.aliceAcme} @ 1:05 | https://app.gong.io/call?id=${CALLS.aliceAcme}] Alice Rep (rep): «Our budget is tight»\nMore: call again with cursor "c2".`,
    );
    expect(answer.data).toMatchObject({ total: 4, totalCalls: 2, nextCursor: 'c2', passages: [{ callId: CALLS.aliceAcme }] });
    expect(answer.pageSize).toBe(1);
    expect(tool.outputSchema).toBe(ApiResponseSchemas.search);
    expect(tool.outputSchema.safeParse(answer.data).success).toBe(true);
  });

  it('says "at least" when the index counted only within its ranking window', async () => {
    const { tool } = newTestTool(searchResult([searchHit(CALLS.aliceAcme, 0, 'Our budget is tight', 65_000)], { total: 1000, totalRelation: 'gte', totalCalls: 40, nextCursor: null }));
    const answer = await tool.run(manager, tool.inputSchema.parse({ q: 'budget' }));
    expect(answer.text.split('\n')[0]).toBe('At least 1000 passages in at least 40 calls match.');
    expect(answer.data).toMatchObject({ total: 1000, totalRelation: 'gte' });
    expect(tool.outputSchema.safeParse(answer.data).success).toBe(true);
  });
});
