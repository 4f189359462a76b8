import { describe, expect, it } from '@jest/globals';
import { ErrorCode } from '@gong-connector/contracts';
import type { SearchQueryInput } from '@gong-connector/search';
import { ACME, CALLS } from '../../test/agent-api.fixture.js';
import { failureOf, managerFilter, newTestServices, resolvedAccount, searchHit, searchResult } from '../../test/unit.fixture.js';
import { ApiRequestSchemas } from '../api/api-request.schemas.js';
import { recorder } from '@gong-connector/testing';

/** A request as the controller or the tool hands it over: parsed by the shared schema. */
const request = (input: Record<string, unknown>) => ApiRequestSchemas.search.parse(input);

describe('PassageSearchService', () => {
  it('asks the index with the user’s access filter and every filter of the request, and nothing unset', async () => {
    const search = recorder(async (_q: SearchQueryInput) => searchResult([searchHit(CALLS.aliceAcme, 1, 'budget')]));
    const resolveAccounts = recorder(async (_f: unknown, _ref: string) => [resolvedAccount(ACME, 'Acme Corp', { memberIds: [ACME, 'domain:acme.io'] })]);
    const { search: sut } = newTestServices({ index: { search }, queries: { resolveAccounts, callLinks: async () => new Map() } });
    await sut.search(
      managerFilter,
      request({
        q: 'budget',
        account: 'Acme Corp',
        call: [CALLS.aliceAcme, CALLS.bobAcme],
        from: '2026-01-01T00:00:00Z',
        to: '2026-02-01T00:00:00Z',
        speakerAffiliation: 'External',
        speakerEmail: 'cto@acme.example',
        tracker: 'Competitors',
        topic: 'Pricing',
        limit: '5',
        cursor: 'abc',
      }),
    );
    await sut.search(managerFilter, request({}));
    expect(search.calls).toEqual([
      [
        {
          accessFilter: managerFilter,
          text: 'budget',
          accountIds: [ACME, 'domain:acme.io'],
          callIds: [CALLS.aliceAcme, CALLS.bobAcme],
          startedFrom: '2026-01-01T00:00:00.000Z',
          startedTo: '2026-02-01T00:00:00.000Z',
          speakerAffiliations: ['External'],
          speakerEmails: ['cto@acme.example'],
          trackerNames: ['Competitors'],
          topics: ['Pricing'],
          limit: 5,
          facetSize: 10,
          cursor: 'abc',
        },
      ],
      [{ accessFilter: managerFilter, limit: 10, facetSize: 10 }],
    ]);
    expect(resolveAccounts.calls.map(([, ref]) => ref)).toEqual(['Acme Corp']);
  });

  it('answers passages with the speaker, the call and a link into its transcript at the passage', async () => {
    const hit = searchHit(CALLS.aliceAcme, 1, 'Our budget is tight', 4000);
    const unknownSpeaker = searchHit(CALLS.aliceAcme, 2, 'Hello?', 9000);
    unknownSpeaker.chunk.speaker = { ...unknownSpeaker.chunk.speaker, known: false, name: null, email: null, title: null, affiliation: null, userId: null };
    const callLinks = async () => new Map([[CALLS.aliceAcme, { url: `https://app.gong.io/call?id=${CALLS.aliceAcme}`, internal: false }]]);
    const { search: sut } = newTestServices({ index: { search: async () => searchResult([hit, unknownSpeaker], { total: 7, totalCalls: 2, nextCursor: 'next' }) }, queries: { callLinks } });
    const view = await sut.search(managerFilter, request({ q: 'budget' }));
    expect(view).toMatchObject({ total: 7, totalCalls: 2, nextCursor: 'next' });
    expect(view.passages[0]).toEqual({
      chunkId: `${CALLS.aliceAcme}:1:0`,
      callId: CALLS.aliceAcme,
      score: 0.5,
      highlight: '«Our budget is tight»',
      text: 'Our budget is tight',
      speaker: { name: 'Alice Rep', email: 'alice.rep@ourco.example', affiliation: 'Internal', title: 'Account Executive' },
      side: 'rep',
      startMs: 4000,
      endMs: 8000,
      topic: 'Pricing',
      trackers: [],
      call: {
        id: CALLS.aliceAcme,
        title: 'Acme discovery',
        started: '2026-01-05T15:00:00.000Z',
        url: `https://app.gong.io/call?id=${CALLS.aliceAcme}`,
        internal: false,
        accounts: [{ id: ACME, name: 'Acme Corp' }], transcript: `/v1/calls/${CALLS.aliceAcme}/transcript?fromMs=4000` },
    });
    expect(view.passages[1]!.speaker).toEqual({ name: null, email: null, affiliation: 'Unknown', title: null });
    expect(view.passages[1]!.side).toBe('unknown');
    expect(view.emptyReason).toBeNull();
  });

  it('refuses a date range that ends before it starts, without asking the index', async () => {
    const { search: sut } = newTestServices();
    const error = await failureOf(sut.search(managerFilter, request({ from: '2026-02-01T00:00:00Z', to: '2026-01-01T00:00:00Z' })));
    expect(error).toMatchObject({ code: ErrorCode.VALIDATION_FAILED, details: [{ path: 'from' }, { path: 'to' }] });
    expect(error.message).toBe('Invalid date range: from (2026-02-01T00:00:00Z) must be before to (2026-01-01T00:00:00Z); swap them or widen the range');
  });
});
