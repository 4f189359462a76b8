import { describe, expect, it } from '@jest/globals';
import { ErrorCode } from '@gong-connector/contracts';
import type { AccountTimelineRows, CallListRow } from '@gong-connector/persistence';
import type { SearchQueryInput } from '@gong-connector/search';
import { ACME, CALLS, USERS, WORKSPACE } from '../../test/agent-api.fixture.js';
import { failureOf, newTestServices, ownFilter, resolvedAccount, searchHit, searchResult } from '../../test/unit.fixture.js';
import { ApiRequestSchemas } from '../api/api-request.schemas.js';
import { recorder } from '@gong-connector/testing';

const alice = ownFilter(USERS.alice.id);
const recent: CallListRow = { id: CALLS.aliceAcme, title: 'Acme discovery', started: '2026-01-05T15:00:00.000Z', durationS: 1800, workspaceId: WORKSPACE, primaryUserId: USERS.alice.id, isPrivate: false, url: null, internal: false, accounts: [{ id: ACME, name: 'Acme Corp' }] };
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
    const listAccounts = recorder(async () => [{ id: ACME, name: 'Acme Corp', domain: 'acme.example', domains: ['acme.example'], callCount: 1, lastCallAt: '2026-01-05T15:00:00.000Z' }]);
    const { accounts } = newTestServices({ queries: { listAccounts } });
    await expect(accounts.list(alice, ApiRequestSchemas.listAccounts.parse({ q: 'acme', limit: '5' }))).resolves.toHaveLength(1);
    expect(listAccounts.calls).toEqual([[alice, { q: 'acme', limit: 5, offset: 0 }]]);
  });

  it('answers the timeline with both sides apart, and the passages for a question from this account’s calls only', async () => {
    const accountTimeline = recorder(async () => timeline);
    const search = recorder(async (_q: SearchQueryInput) => searchResult([searchHit(CALLS.aliceAcme, 1, 'the security review matters')]));
    const resolveAccounts = async () => [resolvedAccount(ACME, 'Acme Corp')];
    const { accounts } = newTestServices({ queries: { accountTimeline, resolveAccounts, callLinks: async () => new Map() }, index: { search } });
    const view = await accounts.research(alice, ACME, research({ q: 'security review', passages: 3, from: '2026-01-01', to: '2026-01-31' }));
    expect(view).toMatchObject({ account: { name: 'Acme Corp' }, callCount: 1, firstCallAt: '2026-01-05T15:00:00.000Z', lastActivityAt: '2026-01-05T15:00:00.000Z', question: 'security review' });
    expect(view.participants.internal.map((p) => p.name)).toEqual(['Alice Rep']);
    expect(view.participants.external.map((p) => p.name)).toEqual(['CTO of Acme Corp', 'Dial-in']);
    expect(view.recentCalls.map((c) => c.id)).toEqual([CALLS.aliceAcme]);
    expect(view.passages.map((p) => p.text)).toEqual(['the security review matters']);
    expect(view.passages.map((p) => p.side)).toEqual(['rep']);
    expect(view.range).toMatchObject({ from: '2026-01-01T00:00:00.000Z', to: '2026-02-01T00:00:00.000Z', timeZone: 'UTC', defaulted: false });
    expect(accountTimeline.calls).toEqual([[alice, ACME, { recentCalls: 10, participants: 50, memberIds: [ACME] }]]);
    // One search of both sides, two candidates per passage wanted.
    expect(search.calls).toEqual([
      [{ accessFilter: alice, text: 'security review', accountIds: [ACME], startedFrom: '2026-01-01T00:00:00.000Z', startedTo: '2026-02-01T00:00:00.000Z', limit: 6, facetSize: 0 }],
    ]);
  });

  it('reads an account’s timeline once while the accounts data version stands, and again once it moves or for another user', async () => {
    const accountTimeline = recorder(async () => timeline);
    let version = '7';
    const { accounts } = newTestServices({
      queries: { accountTimeline, accountsVersion: async () => version, resolveAccounts: async () => [resolvedAccount(ACME, 'Acme Corp')] },
    });
    const first = await accounts.research(alice, ACME, research({ passages: 0 }));
    await expect(accounts.research(alice, 'Acme Corp', research({ passages: 0 }))).resolves.toEqual(first);
    expect(accountTimeline.calls).toHaveLength(1);
    await accounts.research(ownFilter(USERS.bob.id), ACME, research({ passages: 0 }));
    expect(accountTimeline.calls).toHaveLength(2);
    version = '8';
    await accounts.research(alice, ACME, research({ passages: 0 }));
    expect(accountTimeline.calls).toHaveLength(3);
  });

  it('answers both sides of the calls, half each when both have enough, labelled customer and rep, best first', async () => {
    const customerHit = (i: number, score: number) => {
      const h = searchHit(CALLS.aliceAcme, i, `customer says ${i}`);
      h.chunk.speaker = { ...h.chunk.speaker, name: 'CTO of Acme Corp', affiliation: 'External', userId: null };
      return { ...h, score };
    };
    const repHit = (i: number, score: number) => ({ ...searchHit(CALLS.aliceAcme, i, `rep says ${i}`), score });
    const search = recorder(async (_q: SearchQueryInput) =>
      searchResult([repHit(10, 0.9), repHit(11, 0.8), repHit(12, 0.7), customerHit(1, 0.5), customerHit(2, 0.4), customerHit(3, 0.3)]),
    );
    const callLinks = recorder(async (ids: readonly string[]) => new Map(ids.map((id) => [id, { url: `https://app.gong.io/call?id=${id}`, internal: false }])));
    const { accounts } = newTestServices({ queries: { accountTimeline: async () => timeline, resolveAccounts: async () => [resolvedAccount(ACME, 'Acme Corp')], callLinks }, index: { search } });
    const view = await accounts.research(alice, ACME, research({ q: 'pricing', passages: 4 }));
    expect(search.calls.map(([q]) => [q.limit, q.speakerAffiliations])).toEqual([[8, undefined]]);
    // Only the passages kept are looked up in the replica.
    expect(callLinks.calls).toEqual([[[CALLS.aliceAcme, CALLS.aliceAcme, CALLS.aliceAcme, CALLS.aliceAcme]]]);
    expect(view.passages.every((p) => p.call.url === `https://app.gong.io/call?id=${CALLS.aliceAcme}`)).toBe(true);
    expect(view.passages.map((p) => [p.side, p.text])).toEqual([
      ['rep', 'rep says 10'],
      ['rep', 'rep says 11'],
      ['customer', 'customer says 1'],
      ['customer', 'customer says 2'],
    ]);
    // One side short: the other fills the page.
    const { accounts: repOnly } = newTestServices({
      queries: { accountTimeline: async () => timeline, resolveAccounts: async () => [resolvedAccount(ACME, 'Acme Corp')], callLinks: async () => new Map() },
      index: { search: async () => searchResult([repHit(10, 0.9), repHit(11, 0.8), repHit(12, 0.7), customerHit(1, 0.5)]) },
    });
    expect((await repOnly.research(alice, ACME, research({ q: 'pricing', passages: 4 }))).passages.map((p) => p.side)).toEqual(['rep', 'rep', 'rep', 'customer']);
  });

  it('counts unknown speakers on the customer side, and keeps the rep side’s share when the pool is mostly the customer’s', async () => {
    const hit = (i: number, score: number, affiliation: 'External' | 'Unknown' | 'Internal') => {
      const h = searchHit(CALLS.aliceAcme, i, `${affiliation} says ${i}`);
      h.chunk.speaker = { ...h.chunk.speaker, affiliation, userId: affiliation === 'Internal' ? h.chunk.speaker.userId : null };
      return { ...h, score };
    };
    const pool = [hit(1, 0.9, 'External'), hit(2, 0.8, 'Unknown'), hit(3, 0.7, 'External'), hit(4, 0.6, 'External'), hit(5, 0.5, 'External'), hit(6, 0.1, 'Internal')];
    const { accounts } = newTestServices({
      queries: { accountTimeline: async () => timeline, resolveAccounts: async () => [resolvedAccount(ACME, 'Acme Corp')], callLinks: async () => new Map() },
      index: { search: async () => searchResult(pool) },
    });
    const view = await accounts.research(alice, ACME, research({ q: 'pricing', passages: 4 }));
    // Customer side: up to half, or more when the rep side has fewer (here 3 of 4); the one rep passage stays.
    expect(view.passages.map((p) => [p.side, p.text])).toEqual([
      ['customer', 'External says 1'],
      ['unknown', 'Unknown says 2'],
      ['customer', 'External says 3'],
      ['rep', 'Internal says 6'],
    ]);
  });

  it('does not search without a question, or when no passages are wanted', async () => {
    const { accounts } = newTestServices({ queries: { accountTimeline: async () => timeline, resolveAccounts: async () => [resolvedAccount(ACME, 'Acme Corp')] } });
    await expect(accounts.research(alice, ACME, research({}))).resolves.toMatchObject({ question: null, passages: [] });
    await expect(accounts.research(alice, ACME, research({ q: 'pricing', passages: 0 }))).resolves.toMatchObject({ question: 'pricing', passages: [] });
  });

  it('answers NOT_FOUND for a reference to no account with a call the user may see (without saying whether one exists)', async () => {
    const { accounts } = newTestServices({ queries: { resolveAccounts: async () => [] } });
    const error = await failureOf(accounts.research(alice, 'Globex', research({})));
    expect(error.code).toBe(ErrorCode.NOT_FOUND);
    expect(error.message).toBe('No account "Globex" with calls you may see (try GET /v1/accounts?q= with part of its name)');
  });

  it('answers a 400 listing the candidates when a name matches several accounts', async () => {
    const two = [resolvedAccount(ACME, 'Acme Corp', { callCount: 3 }), resolvedAccount('crm:Salesforce:001LABS', 'Acme Labs')];
    const { accounts } = newTestServices({ queries: { resolveAccounts: async () => two } });
    const error = await failureOf(accounts.research(alice, 'acme', research({})));
    expect(error.code).toBe(ErrorCode.VALIDATION_FAILED);
    expect(error.message).toBe(`Ambiguous account: "acme" matches 2 accounts: Acme Corp (${ACME}, 3 calls); Acme Labs (crm:Salesforce:001LABS, 1 calls); pass one of these ids`);
  });

  it('says why there is no passage: the words matched nothing in calls the user may see', async () => {
    const search = recorder(async (q: SearchQueryInput) => (q.text ? searchResult([]) : searchResult([searchHit(CALLS.aliceAcme, 1, 'x')])));
    const { accounts } = newTestServices({
      queries: { accountTimeline: async () => timeline, resolveAccounts: async () => [resolvedAccount(ACME, 'Acme Corp')], callLinks: async () => new Map(), countCallsWithTranscript: async () => 1 },
      index: { search },
    });
    const view = await accounts.research(alice, ACME, research({ q: 'zebra migration' }));
    expect(view.passages).toEqual([]);
    expect(view.emptyReason).toBe('No passage in the 1 calls you may see here matched the question; try other or fewer words, or drop a filter.');
    expect(view.range).toMatchObject({ from: '2025-10-17T12:00:00.000Z', to: null, defaulted: true });
  });

  it.each([
    [0, 0, 'There are no calls you may see of this account between 2025-10-17T12:00:00.000Z and now (UTC); widen the date range or check the account.'],
    [3, 1, 'The search index is still catching up: 2 of 3 calls you may see here are not searchable yet; try again in a few minutes.'],
  ])('says why there is no passage (%i stored, %i indexed)', async (stored, indexed, reason) => {
    const search = recorder(async (q: SearchQueryInput) => (q.text ? searchResult([]) : searchResult([], { totalCalls: indexed })));
    const { accounts } = newTestServices({
      queries: { accountTimeline: async () => timeline, resolveAccounts: async () => [resolvedAccount(ACME, 'Acme Corp')], callLinks: async () => new Map(), countCallsWithTranscript: async () => stored },
      index: { search },
    });
    await expect(accounts.research(alice, ACME, research({ q: 'pricing' }))).resolves.toMatchObject({ passages: [], emptyReason: reason });
  });
});
