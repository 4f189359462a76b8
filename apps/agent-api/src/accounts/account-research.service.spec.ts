import { describe, expect, it } from '@jest/globals';
import { ErrorCode } from '@gong-connector/contracts';
import type { AccountTimelineRows, CallListRow } from '@gong-connector/persistence';
import type { SearchQueryInput } from '@gong-connector/search';
import { ACME, CALLS, USERS, WORKSPACE } from '../../test/agent-api.fixture.js';
import { failureOf, newTestServices, ownFilter, searchHit, searchResult } from '../../test/unit.fixture.js';
import { ApiRequestSchemas } from '../api/api-request.schemas.js';
import { recorder } from '@gong-connector/testing';

const alice = ownFilter(USERS.alice.id);
const recent: CallListRow = { id: CALLS.aliceAcme, title: 'Acme discovery', started: '2026-01-05T15:00:00.000Z', durationS: 1800, workspaceId: WORKSPACE, primaryUserId: USERS.alice.id, isPrivate: false, accounts: [{ id: ACME, name: 'Acme Corp' }] };
const timeline: AccountTimelineRows = {
  account: { id: ACME, name: 'Acme Corp', domain: 'acme.example', system: 'Salesforce', crmObjectId: '001ACME' },
  callCount: 1,
  firstCallAt: '2026-01-05T15:00:00.000Z',
  lastCallAt: '2026-01-05T15:00:00.000Z',
  callsByMonth: [{ month: '2026-01', calls: 1 }],
  recentCalls: [recent],
  participants: [
    { affiliation: 'Internal', userId: USERS.alice.id, email: USERS.alice.email, name: 'Alice Rep', title: 'Account Executive', calls: 1, lastCallAt: '2026-01-05T15:00:00.000Z' },
    { affiliation: 'External', userId: null, email: 'cto@acme.example', name: 'CTO of Acme Corp', title: 'CTO', calls: 1, lastCallAt: '2026-01-05T15:00:00.000Z' },
    { affiliation: 'Unknown', userId: null, email: null, name: 'Dial-in', title: null, calls: 1, lastCallAt: '2026-01-05T15:00:00.000Z' },
  ],
  topicsByMonth: [{ month: '2026-01', name: 'Pricing', calls: 1, durationS: 300 }],
  trackersByMonth: [],
};
const research = (input: Record<string, unknown>) => ApiRequestSchemas.accountResearch.parse(input);

describe('AccountResearchService', () => {
  it('lists accounts with the user’s filter and the request’s paging', async () => {
    const listAccounts = recorder(async () => [{ id: ACME, name: 'Acme Corp', domain: 'acme.example', callCount: 1, lastCallAt: '2026-01-05T15:00:00.000Z' }]);
    const { accounts } = newTestServices({ queries: { listAccounts } });
    await expect(accounts.list(alice, ApiRequestSchemas.listAccounts.parse({ q: 'acme', limit: '5' }))).resolves.toHaveLength(1);
    expect(listAccounts.calls).toEqual([[alice, { q: 'acme', limit: 5, offset: 0 }]]);
  });

  it('answers the timeline with both sides apart, and the passages for a question from this account’s calls only', async () => {
    const accountTimeline = recorder(async () => timeline);
    const search = recorder(async (_q: SearchQueryInput) => searchResult([searchHit(CALLS.aliceAcme, 1, 'the security review matters')]));
    const { accounts } = newTestServices({ queries: { accountTimeline }, index: { search } });
    const view = await accounts.research(alice, ACME, research({ q: 'security review', passages: 3 }));
    expect(view).toMatchObject({ account: { name: 'Acme Corp' }, callCount: 1, firstCallAt: '2026-01-05T15:00:00.000Z', lastActivityAt: '2026-01-05T15:00:00.000Z', question: 'security review' });
    expect(view.participants.internal.map((p) => p.name)).toEqual(['Alice Rep']);
    expect(view.participants.external.map((p) => p.name)).toEqual(['CTO of Acme Corp', 'Dial-in']);
    expect(view.recentCalls.map((c) => c.id)).toEqual([CALLS.aliceAcme]);
    expect(view.passages.map((p) => p.text)).toEqual(['the security review matters']);
    expect(accountTimeline.calls).toEqual([[alice, ACME, { recentCalls: 10, participants: 50 }]]);
    expect(search.calls).toEqual([[{ accessFilter: alice, text: 'security review', accountIds: [ACME], limit: 3, facetSize: 0 }]]);
  });

  it('does not search without a question, or when no passages are wanted', async () => {
    const { accounts } = newTestServices({ queries: { accountTimeline: async () => timeline } });
    await expect(accounts.research(alice, ACME, research({}))).resolves.toMatchObject({ question: null, passages: [] });
    await expect(accounts.research(alice, ACME, research({ q: 'pricing', passages: 0 }))).resolves.toMatchObject({ question: 'pricing', passages: [] });
  });

  it.each<[string, AccountTimelineRows]>([
    ['an account that does not exist', { ...timeline, account: undefined, callCount: 0, recentCalls: [] }],
    ['an account without a call the user may see', { ...timeline, callCount: 0, recentCalls: [] }],
  ])('answers NOT_FOUND for %s', async (_, rows) => {
    const { accounts } = newTestServices({ queries: { accountTimeline: async () => rows } });
    expect((await failureOf(accounts.research(alice, ACME, research({})))).code).toBe(ErrorCode.NOT_FOUND);
  });
});
