import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { matchesFilter, type AccessFilter, type CallFacts } from '@gong-connector/access-core';
import { chunkCall, type Chunk } from '@gong-connector/chunking';
import { AppError, ErrorCode } from '@gong-connector/contracts';
import type { SearchIndex } from '../port/search-index.port.js';
import { HITS_PER_CALL_PER_PAGE, type SearchQueryInput } from '../query/search-query.schema.js';
import type { FacetBucket, SearchHit, SearchResult } from '../query/search-result.model.js';
import { buildContractCompany, SCRATCH_VIEWER, scratchCall, type ContractCompany } from './contract-company.fixture.js';

/**
 * The behaviour every SearchIndex adapter must have, as one Jest suite. Call it from an adapter's
 * spec with a factory for a fresh, empty index; the suite calls `ensureReady`, loads a small
 * synthetic company and `close`s the index at the end. Writing tests use calls of their own.
 */
export function describeSearchIndexContract(name: string, makeIndex: () => Promise<SearchIndex>): void {
  describe(`SearchIndex contract: ${name}`, () => {
    const company: ContractCompany = buildContractCompany();
    const { users, chunks } = company;
    let index: SearchIndex;

    beforeAll(async () => {
      index = await makeIndex();
      await index.ensureReady();
      await index.ensureReady();
      await expect(index.upsertChunks(chunks)).resolves.toEqual({ written: chunks.length });
    });

    afterAll(async () => {
      await index?.close();
    });

    const search = (query: SearchQueryInput): Promise<SearchResult> => index.search(query);
    const visible = (filter: AccessFilter): Chunk[] => chunks.filter((c) => matchesFilter(filter, factsOf(c)));
    const ids = (list: readonly { chunkId: string }[] | readonly Chunk[]): string[] =>
      list.map((x) => ('chunkId' in x ? x.chunkId : x.id)).sort();

    /** Every hit of a query, page by page; fails on a hit seen twice or an order break. */
    const allHits = async (query: Omit<SearchQueryInput, 'cursor'>, limit = 3): Promise<SearchHit[]> => {
      const hits: SearchHit[] = [];
      let cursor: string | undefined;
      for (let page = 0; page < 200; page++) {
        const result = await search({ ...query, limit, ...(cursor ? { cursor } : {}) });
        expect(result.hits.length).toBeLessThanOrEqual(limit);
        hits.push(...result.hits);
        if (result.nextCursor === null) break;
        expect(result.hits).toHaveLength(limit);
        cursor = result.nextCursor;
      }
      expect(new Set(hits.map((h) => h.chunkId)).size).toBe(hits.length);
      expectSorted(hits);
      return hits;
    };

    describe('writes', () => {
      it('counts what it holds and ensureReady stays idempotent', async () => {
        await expect(index.ensureReady()).resolves.toBeUndefined();
        await expect(index.count()).resolves.toBeGreaterThanOrEqual(chunks.length);
      });

      it('upsertChunks is idempotent by chunk id and replaces a chunk in place', async () => {
        const call = chunkCall(scratchCall('9000000001', 4));
        await index.upsertChunks(call);
        await index.upsertChunks(call);
        await index.upsertChunks([...call, call[0]]);
        const listed = await search({ accessFilter: SCRATCH_VIEWER, callIds: ['9000000001'], limit: 100 });
        expect(ids(listed.hits)).toEqual(ids(call));
        expect(listed.total).toBe(4);

        const edited = chunkCall(scratchCall('9000000001', 4, 'Scratch', 'zeppelin'));
        await expect(index.upsertChunks([edited[1]])).resolves.toEqual({ written: 1 });
        const found = await search({ accessFilter: SCRATCH_VIEWER, callIds: ['9000000001'], text: 'zeppelin' });
        expect(found.hits.map((h) => h.chunkId)).toEqual([edited[1].id]);
        expect(found.hits[0].chunk.body).toBe(edited[1].body);
        expect((await search({ accessFilter: SCRATCH_VIEWER, callIds: ['9000000001'] })).total).toBe(4);
      });

      it('replaceCallChunks leaves exactly the new chunks of the call', async () => {
        const before = chunkCall(scratchCall('9000000002', 5, 'Scratch', 'walrus'));
        await index.upsertChunks(before);
        const after = chunkCall(scratchCall('9000000002', 3, 'Scratch', 'narwhal'));
        await expect(index.replaceCallChunks('9000000002', after)).resolves.toEqual({ written: 3, deleted: 2 });
        const listed = await search({ accessFilter: SCRATCH_VIEWER, callIds: ['9000000002'], limit: 100 });
        expect(ids(listed.hits)).toEqual(ids(after));
        expect((await search({ accessFilter: SCRATCH_VIEWER, text: 'walrus' })).total).toBe(0);
        expect((await search({ accessFilter: SCRATCH_VIEWER, text: 'narwhal' })).total).toBe(3);
        await expect(index.replaceCallChunks('9000000002', after)).resolves.toEqual({ written: 3, deleted: 0 });
        await expect(index.replaceCallChunks('9000000002', [])).resolves.toEqual({ written: 0, deleted: 3 });
        expect((await search({ accessFilter: SCRATCH_VIEWER, callIds: ['9000000002'] })).total).toBe(0);
      });

      it('replaceCallChunks refuses a chunk of another call', async () => {
        const other = chunkCall(scratchCall('9000000003', 1));
        await expect(index.replaceCallChunks('9000000004', other)).rejects.toMatchObject({ code: ErrorCode.VALIDATION_FAILED });
        expect((await search({ accessFilter: SCRATCH_VIEWER, callIds: ['9000000003', '9000000004'] })).total).toBe(0);
      });

      it('deleteCall removes every chunk of the call and nothing else', async () => {
        await index.upsertChunks(chunkCall(scratchCall('9000000005', 3)));
        await index.upsertChunks(chunkCall(scratchCall('9000000006', 2)));
        await expect(index.deleteCall('9000000005')).resolves.toEqual({ deleted: 3 });
        await expect(index.deleteCall('9000000005')).resolves.toEqual({ deleted: 0 });
        const left = await search({ accessFilter: SCRATCH_VIEWER, callIds: ['9000000005', '9000000006'] });
        expect(new Set(left.hits.map((h) => h.callId))).toEqual(new Set(['9000000006']));
      });
    });

    describe('access filter', () => {
      it('the fixture exercises every arm of the filter', () => {
        const calls = (user: keyof typeof users) => [...new Set(visible(users[user]).map((c) => c.callId))].sort();
        expect(calls('rita')).toEqual(['1001', '1002', '1003', company.longCallId].sort());
        expect(calls('ravi')).toEqual(['1002', '1004', '1006', '1007', '1010'].sort());
        expect(calls('mona')).toEqual(['1001', '1002', '1006', company.longCallId].sort());
        expect(calls('otto')).toEqual(['1004', '1005', '1009', '1010'].sort());
        expect(calls('ada')).toEqual(['1001', '1002', '1004', '1005', '1006', '1007', company.longCallId].sort());
        expect(calls('nobody')).toEqual([]);
      });

      it.each(['rita', 'ravi', 'mona', 'otto', 'ada', 'nobody'] as const)(
        'a filter-only listing for %s holds exactly what the user may see',
        async (user) => {
          const expected = visible(users[user]);
          const hits = await allHits({ accessFilter: users[user] }, 7);
          expect(ids(hits)).toEqual(ids(expected));
          const first = await search({ accessFilter: users[user] });
          expect(first.total).toBe(expected.length);
          expect(first.totalCalls).toBe(new Set(expected.map((c) => c.callId)).size);
          for (const hit of hits) expect(hit.score).toBe(0);
        },
      );

      it.each([
        ['rita', 'pricing'],
        ['mona', 'pricing'],
        ['otto', 'redlines'],
        ['ravi', 'commission'],
        ['ada', 'renewal'],
        ['nobody', 'pricing'],
      ] as const)('every hit for %s searching "%s" is allowed by matchesFilter', async (user, text) => {
        const filter = users[user];
        const hits = await allHits({ accessFilter: filter, text }, 2);
        const byId = new Map(chunks.map((c) => [c.id, c]));
        for (const hit of hits) expect(matchesFilter(filter, factsOf(byId.get(hit.chunkId) as Chunk))).toBe(true);
        expect((await search({ accessFilter: filter, text })).total).toBe(hits.length);
      });

      it('text matches only what the user may see (private, granted and unhosted calls)', async () => {
        expect((await search({ accessFilter: users.ada, text: 'renewal' })).total).toBe(0);
        expect((await search({ accessFilter: users.rita, text: 'renewal' })).totalCalls).toBe(1);
        expect((await search({ accessFilter: users.otto, text: 'renewal' })).total).toBe(0);
        expect((await search({ accessFilter: users.otto, text: 'redlines' })).hits.map((h) => h.callId)).toEqual(['1009']);
        expect((await search({ accessFilter: users.ravi, text: 'commission' })).hits.map((h) => h.callId)).toEqual(['1010']);
        expect((await search({ accessFilter: users.mona, text: 'commission' })).total).toBe(0);
      });

      it('the deny-all filter gives nothing: no hits, no total, no facets', async () => {
        const result = await search({ accessFilter: users.nobody, text: 'pricing' });
        expect(result).toEqual({ hits: [], total: 0, totalRelation: 'eq', totalCalls: 0, facets: { accounts: [], speakers: [], trackers: [], sections: [] }, nextCursor: null });
      });
    });

    describe('filters', () => {
      const globex = '0011Q00000Globex';
      it.each<[string, Partial<SearchQueryInput>, (c: Chunk) => boolean]>([
        ['accountIds', { accountIds: [globex] }, (c) => c.call.accountIds.includes(globex)],
        ['callIds', { callIds: ['1001', '98765432109876543210'] }, (c) => ['1001', '98765432109876543210'].includes(c.callId)],
        ['startedFrom (inclusive)', { startedFrom: '2024-04-02T16:00:00Z' }, (c) => c.call.started >= '2024-04-02T16:00:00Z'],
        ['startedTo (exclusive)', { startedTo: '2024-04-02T16:00:00Z' }, (c) => c.call.started < '2024-04-02T16:00:00Z'],
        ['a date range with an offset', { startedFrom: '2024-02-15T11:00:00+01:00', startedTo: '2024-04-15T13:00:00.001Z' }, (c) => c.call.started >= '2024-02-15T10:00:00Z' && c.call.started <= '2024-04-15T13:00:00Z'],
        ['speakerAffiliations External', { speakerAffiliations: ['External'] }, (c) => c.speaker.affiliation === 'External'],
        ['speakerAffiliations Unknown', { speakerAffiliations: ['Unknown'] }, (c) => c.speaker.affiliation === null || c.speaker.affiliation === 'Unknown'],
        ['speakerIds', { speakerIds: ['s90', 's92'] }, (c) => c.speaker.speakerId === 's90' || c.speaker.speakerId === 's92'],
        ['speakerEmails (any case)', { speakerEmails: ['RITA@acme.EXAMPLE'] }, (c) => c.speaker.email?.toLowerCase() === 'rita@acme.example'],
        ['speakerUserIds', { speakerUserIds: ['11'] }, (c) => c.speaker.userId === '11'],
        ['trackerNames', { trackerNames: ['Discounting', 'Competition'] }, (c) => c.trackers.some((t) => t.name === 'Discounting' || t.name === 'Competition')],
        ['topics', { topics: ['Security', 'Pricing'] }, (c) => c.topic === 'Security' || c.topic === 'Pricing'],
        ['several filters together', { accountIds: [globex], speakerAffiliations: ['Internal'] }, (c) => c.call.accountIds.includes(globex) && c.speaker.affiliation === 'Internal'],
      ])('%s', async (_name, filter, predicate) => {
        for (const user of [users.ada, users.otto]) {
          const expected = visible(user).filter(predicate);
          const hits = await allHits({ accessFilter: user, ...filter }, 5);
          expect(ids(hits)).toEqual(ids(expected));
        }
        expect(chunks.filter(predicate).length).toBeGreaterThan(0);
      });

      it('filters combine with text', async () => {
        const hits = await allHits({ accessFilter: users.ada, text: 'pricing', accountIds: [globex] });
        expect(hits.length).toBeGreaterThan(0);
        for (const hit of hits) expect(hit.call.accounts.map((a) => a.id)).toContain(globex);
      });
    });

    describe('text', () => {
      it('stems English words and matches call title, accounts and speaker names too', async () => {
        const discounts = await allHits({ accessFilter: users.ada, text: '"discounts"' });
        expect(discounts.length).toBeGreaterThan(0);
        for (const hit of discounts) expect(hit.chunk.body.toLowerCase()).toContain('discount');
        const umbrella = await allHits({ accessFilter: users.ada, text: 'Umbrella' });
        expect(ids(umbrella)).toEqual(ids(visible(users.ada).filter((c) => c.call.accountNames.includes('Umbrella'))));
        const carla = await allHits({ accessFilter: users.ada, text: 'Carla' });
        expect(ids(carla)).toEqual(ids(visible(users.ada).filter((c) => c.speaker.name === 'Carla Diaz')));
      });

      it('understands "phrases", and -exclusions', async () => {
        const phrase = await allHits({ accessFilter: users.ada, text: '"enterprise tier"' });
        expect(new Set(phrase.map((h) => h.callId))).toEqual(new Set(['1001', '1006']));
        for (const hit of phrase) expect(hit.chunk.body.toLowerCase()).toContain('enterprise tier');
        const excluded = await allHits({ accessFilter: users.ada, text: 'pricing -discount' });
        expect(excluded.length).toBeGreaterThan(0);
        for (const hit of excluded) expect(hit.chunk.body.toLowerCase()).not.toContain('discount');
      });

      it('ranks a body match above a mere title match', async () => {
        const result = await search({ accessFilter: users.ada, text: 'security' });
        expect(result.hits.length).toBeGreaterThan(1);
        expect(result.hits[0].chunk.body.toLowerCase()).toContain('security');
        expect(result.hits[0].score).toBeGreaterThan(0);
      });

      it('highlights matched words with « » in the body, and not without text', async () => {
        const result = await search({ accessFilter: users.rita, text: '"discounts"' });
        expect(result.hits.length).toBeGreaterThan(0);
        for (const hit of result.hits) {
          expect(hit.highlight).toMatch(/«discount»/i);
          for (const fragment of (hit.highlight as string).split(' … ')) expect(hit.chunk.body).toContain(fragment.replace(/[«»]/g, ''));
        }
        const listed = await search({ accessFilter: users.rita });
        for (const hit of listed.hits) expect(hit.highlight).toBeNull();
      });

      it('returns the chunk and its call with every field', async () => {
        const result = await search({ accessFilter: users.rita, callIds: ['1001'], text: '"budget"' });
        expect(result.hits).toHaveLength(1);
        const chunk = chunks.find((c) => c.id === result.hits[0].chunkId) as Chunk;
        const { sentences: _s, call: _c, trackers, speaker, position, ...rest } = chunk;
        expect(result.hits[0].chunk).toEqual({ ...rest, trackers: trackers.map((t) => ({ ...t })), speaker: { ...speaker }, position: { ...position } });
        expect(result.hits[0].call).toEqual({
          callId: '1001', title: 'Initech pricing review', started: '2024-01-10T15:00:00.000Z', durationSeconds: 1800,
          workspaceId: '1', hostUserId: '10', accounts: [{ id: '0011Q00000Initech', name: 'Initech' }],
        });
      });

      it('keeps a 20-digit call id exact', async () => {
        const result = await search({ accessFilter: users.rita, callIds: [company.longCallId], limit: 100 });
        expect(result.total).toBe(chunks.filter((c) => c.callId === company.longCallId).length);
        expect(result.totalCalls).toBe(1);
        for (const hit of result.hits) {
          expect(hit.callId).toBe('98765432109876543210');
          expect(hit.call.callId).toBe('98765432109876543210');
          expect(hit.chunk.id.startsWith('98765432109876543210:')).toBe(true);
        }
      });
    });

    describe('natural-language questions', () => {
      const bodyHas = (hit: SearchHit, ...words: string[]) => words.some((w) => hit.chunk.body.toLowerCase().includes(w));

      it('are ranked by how much of the question a passage covers, not filtered by an AND of every word', async () => {
        const hits = await allHits({ accessFilter: users.ada, text: 'What did Jane say about the volume discount for more seats?' }, 50);
        expect(hits[0].chunk.body).toContain('The volume discount applies above one hundred seats.');
        expect(hits.some((h) => bodyHas(h, 'discount') && !bodyHas(h, 'seats'))).toBe(true);
        expect(hits.some((h) => bodyHas(h, 'seats') && !bodyHas(h, 'discount'))).toBe(true);
        for (const hit of hits) expect(hit.score).toBeGreaterThan(0);
      });

      it('match sales synonyms (a question about cost finds budget and discount talk), the question word first', async () => {
        const hits = await allHits({ accessFilter: users.ada, text: 'is the cost a problem for them?' }, 50);
        const bodies = hits.map((h) => h.chunk.body.toLowerCase());
        expect(bodies.some((b) => b.includes('budget is tight'))).toBe(true);
        expect(bodies.some((b) => b.includes('discount'))).toBe(true);
        const budget = await search({ accessFilter: users.ada, text: 'what about their budget?' });
        expect(budget.hits[0].chunk.body.toLowerCase()).toContain('budget');
        expect(budget.hits.length).toBeGreaterThan(1);
      });

      it('use trackers as a signal: a question about competitors finds what the Competition tracker caught', async () => {
        const hits = await allHits({ accessFilter: users.ada, text: 'which competitors came up?' }, 50);
        const ids = hits.map((h) => h.chunkId);
        const caught = chunks.filter((c) => c.trackers.some((t) => t.name === 'Competition') && matchesFilter(users.ada, factsOf(c)));
        expect(caught.length).toBeGreaterThan(1);
        for (const chunk of caught) expect(ids).toContain(chunk.id);
        expect(caught.some((c) => !/compet|evaluat|alternativ/i.test(c.body))).toBe(true);
        expect(ids.slice(0, caught.length).sort()).toEqual(caught.map((c) => c.id).sort());
      });

      it('drop stop words: a question of nothing else matches nothing', async () => {
        const result = await search({ accessFilter: users.ada, text: 'What did they say about it?' });
        expect(result.total).toBe(0);
        expect(result.hits).toEqual([]);
      });

      it('keep the speaker affiliation filter, and hits carry the side', async () => {
        const hits = await allHits({ accessFilter: users.ada, text: 'pricing and security concerns', speakerAffiliations: ['External'] }, 50);
        expect(hits.length).toBeGreaterThan(1);
        for (const hit of hits) expect(hit.chunk.speaker.affiliation).toBe('External');
      });

      it.each([
        ['rita', 'How expensive is it, and are they looking at competitors?'],
        ['mona', 'what did the customer say about the renewal or security review'],
        ['otto', 'legal redlines and timeline'],
        ['ravi', 'commission accelerator changes next quarter'],
        ['ada', 'confidential renewal terms'],
        ['nobody', 'pricing'],
      ] as const)('never leak: every hit for %s asking "%s" is allowed by matchesFilter, totals included', async (user, text) => {
        const filter = users[user];
        const hits = await allHits({ accessFilter: filter, text }, 2);
        const byId = new Map(chunks.map((c) => [c.id, c]));
        for (const hit of hits) expect(matchesFilter(filter, factsOf(byId.get(hit.chunkId) as Chunk))).toBe(true);
        const first = await search({ accessFilter: filter, text });
        expect(first.total).toBe(hits.length);
        for (const bucket of first.facets.accounts) expect(hits.some((h) => h.call.accounts.some((a) => a.id === bucket.value))).toBe(true);
      });

      it('honour explicit syntax exactly: an upper-case OR, quotes and -exclusions', async () => {
        const either = await allHits({ accessFilter: users.ada, text: 'discount OR Contoso' }, 50);
        expect(either.length).toBeGreaterThan(0);
        for (const hit of either) expect(bodyHas(hit, 'discount', 'contoso')).toBe(true);
        const both = await allHits({ accessFilter: users.ada, text: '"proposal" finance' });
        expect(both.map((h) => h.callId)).toEqual(['1001']);
        const without = await allHits({ accessFilter: users.ada, text: '"enterprise tier" -seats' });
        expect(without.map((h) => h.callId)).toEqual(['1001']);
      });
    });

    describe('diversity', () => {
      it('lets one call show at most three hits on a page while other calls match, the rest by cursor', async () => {
        await index.upsertChunks(chunkCall(scratchCall('9000000201', 8, 'Scratch', 'kiwi')));
        await index.upsertChunks(chunkCall(scratchCall('9000000202', 2, 'Scratch', 'kiwi')));
        const first = await search({ accessFilter: SCRATCH_VIEWER, text: 'kiwi', limit: 5 });
        expect(first.total).toBe(10);
        expect(first.hits.filter((h) => h.callId === '9000000201')).toHaveLength(HITS_PER_CALL_PER_PAGE);
        expect(first.hits.filter((h) => h.callId === '9000000202')).toHaveLength(2);
        const one = await search({ accessFilter: SCRATCH_VIEWER, text: 'kiwi', limit: 100 });
        expect(one.hits).toHaveLength(10);
        for (const limit of [1, 3, 4]) {
          const paged = await allHits({ accessFilter: SCRATCH_VIEWER, text: 'kiwi' }, limit);
          expect(paged.map((h) => h.chunkId)).toEqual(one.hits.map((h) => h.chunkId));
        }
        const alone = await search({ accessFilter: SCRATCH_VIEWER, text: 'kiwi', callIds: ['9000000201'], limit: 8 });
        expect(alone.hits).toHaveLength(8);
        await index.deleteCall('9000000201');
        await index.deleteCall('9000000202');
      });

      it('collapses passages with the same normalized text into the best one', async () => {
        const [a] = chunkCall(scratchCall('9000000203', 1, 'Scratch', 'mango'));
        const [b] = chunkCall(scratchCall('9000000204', 1, 'Scratch', 'papaya'));
        const same = 'Um, the mango pricing works for us.';
        const copyA = { ...a, body: same, text: `${a.speakerLine}\n${same}` };
        const copyB = { ...b, body: 'the Mango pricing works for us!', text: `${b.speakerLine}\nthe Mango pricing works for us!` };
        await index.upsertChunks([copyA, copyB]);
        const result = await search({ accessFilter: SCRATCH_VIEWER, text: 'mango pricing' });
        expect(result.total).toBe(1);
        expect(result.hits).toHaveLength(1);
        const listed = await search({ accessFilter: SCRATCH_VIEWER, callIds: ['9000000203', '9000000204'] });
        expect(listed.total).toBe(2);
        await index.deleteCall('9000000203');
        await index.deleteCall('9000000204');
      });
    });

    describe('summary section', () => {
      const summary = {
        brief: 'The quokka rollout was agreed.',
        callOutcome: 'Meeting booked',
        highlights: [{ title: 'Next steps', items: ['Send the quokka order form.'] }],
      };

      it('indexes Gong summary parts as their own section, filtered and counted apart from the transcript', async () => {
        await index.upsertChunks(chunkCall({ ...scratchCall('9000000301', 2, 'Scratch', 'quokka'), summary }));
        const both = await allHits({ accessFilter: SCRATCH_VIEWER, text: 'quokka' });
        expect(both.map((h) => h.chunk.section).sort()).toEqual(['summary', 'summary', 'transcript', 'transcript']);
        // In chunk id order: which part ranks first is the adapter's scoring (length, ...), not this test's point.
        const summaries = (await allHits({ accessFilter: SCRATCH_VIEWER, text: 'quokka', sections: ['summary'] })).sort((a, b) => (a.chunkId < b.chunkId ? -1 : 1));
        expect(summaries.map((h) => [h.chunkId, h.chunk.topic])).toEqual([
          ['9000000301:s:0', 'Brief'],
          ['9000000301:s:1', 'Next steps'],
        ]);
        expect(summaries[1].chunk.body).toBe('Send the quokka order form.');
        expect(summaries[1].chunk.speakerLine).toBe('[SUMMARY: Next steps]');
        const transcript = await search({ accessFilter: SCRATCH_VIEWER, text: 'quokka', sections: ['transcript'] });
        expect(transcript.hits.map((h) => h.chunk.section)).toEqual(['transcript', 'transcript']);
        const facets = await search({ accessFilter: SCRATCH_VIEWER, callIds: ['9000000301'] });
        expect(facets.facets.sections).toEqual([
          { value: 'summary', label: 'summary', count: 2 },
          { value: 'transcript', label: 'transcript', count: 2 },
        ]);
        const next = await search({ accessFilter: SCRATCH_VIEWER, text: 'what are the next steps?', sections: ['summary'] });
        expect(next.hits[0]?.chunkId).toBe('9000000301:s:1');
        await index.deleteCall('9000000301');
      });

      it('never leaks a summary: the access filter applies to summary chunks as to the transcript', async () => {
        const privateCall = { ...scratchCall('9000000302', 1, 'Scratch', 'wombat'), summary: { brief: 'The wombat deal is confidential.' } };
        privateCall.call = { ...privateCall.call, isPrivate: true };
        await index.upsertChunks(chunkCall(privateCall));
        await index.upsertChunks(chunkCall({ ...scratchCall('9000000303', 1, 'Scratch', 'wombat'), summary: { brief: 'The wombat deal is open.' } }));
        const viewer = await allHits({ accessFilter: SCRATCH_VIEWER, text: 'wombat deal', sections: ['summary'] });
        expect(viewer.map((h) => h.chunkId)).toEqual(['9000000303:s:0']);
        const host = await allHits({ accessFilter: { ...SCRATCH_VIEWER, ownUserId: '990', allWorkspaceIds: [] }, text: 'wombat deal', sections: ['summary'] });
        expect(host.map((h) => h.chunkId).sort()).toEqual(['9000000302:s:0', '9000000303:s:0']);
        for (const user of [users.ada, users.mona, users.nobody]) {
          const other = await search({ accessFilter: user, text: 'wombat deal' });
          expect(other.total).toBe(0);
          expect(other.facets.sections).toEqual([]);
        }
        await index.deleteCall('9000000302');
        await index.deleteCall('9000000303');
      });
    });

    describe('facets', () => {
      it('counts accounts, speakers and trackers over the whole access-filtered set', async () => {
        for (const user of [users.ada, users.mona, users.otto]) {
          const result = await search({ accessFilter: user, limit: 1 });
          expect(result.facets).toEqual(expectedFacets(visible(user), 10));
        }
      });

      it('counts only the matches of text and filters, not just the page', async () => {
        const all = await allHits({ accessFilter: users.ada, text: 'pricing' }, 100);
        const matched = all.map((h) => chunks.find((c) => c.id === h.chunkId) as Chunk);
        const result = await search({ accessFilter: users.ada, text: 'pricing', limit: 1 });
        expect(result.facets).toEqual(expectedFacets(matched, 10));
        expect(result.total).toBe(all.length);
      });

      it('honours facetSize, and 0 skips the facets', async () => {
        const one = await search({ accessFilter: users.ada, facetSize: 1 });
        expect(one.facets.accounts).toEqual(expectedFacets(visible(users.ada), 1).accounts);
        expect(one.facets.speakers).toHaveLength(1);
        const none = await search({ accessFilter: users.ada, facetSize: 0 });
        expect(none.facets).toEqual({ accounts: [], speakers: [], trackers: [], sections: [] });
        expect(none.total).toBe(visible(users.ada).length);
      });
    });

    describe('paging', () => {
      it.each([
        ['a filter-only listing', {}],
        ['a text query', { text: 'pricing OR security OR discount OR integration' }],
      ])('%s: pages give every hit once, in the order of one big page', async (_name, extra) => {
        const one = await search({ accessFilter: users.ada, ...extra, limit: 100 });
        expect(one.nextCursor).toBeNull();
        for (const limit of [1, 4]) {
          const paged = await allHits({ accessFilter: users.ada, ...extra }, limit);
          expect(paged.map((h) => h.chunkId)).toEqual(one.hits.map((h) => h.chunkId));
        }
        expect(one.hits.length).toBe(one.total);
      });

      it('orders equal scores across calls by chunk id bytes, also where one call id is a prefix of another', async () => {
        const ids9 = ['9000000077', '90000000770', '900000007700', '9000000071'];
        for (const id of ids9) await index.upsertChunks(chunkCall(scratchCall(id, 3, 'Scratch', 'tiebreaker')));
        const one = await search({ accessFilter: SCRATCH_VIEWER, text: 'tiebreaker', limit: 100 });
        expect(one.total).toBe(12);
        expect(one.hits).toHaveLength(12);
        expectSorted(one.hits);
        expect(new Set(one.hits.map((h) => h.callId))).toEqual(new Set(ids9));
        for (const limit of [1, 2, 5]) {
          const paged = await allHits({ accessFilter: SCRATCH_VIEWER, text: 'tiebreaker' }, limit);
          expect(paged.map((h) => h.chunkId)).toEqual(one.hits.map((h) => h.chunkId));
        }
        for (const id of ids9) await index.deleteCall(id);
      });

      it('refuses a cursor of another query, and garbage', async () => {
        const first = await search({ accessFilter: users.ada, text: 'pricing', limit: 1 });
        expect(first.nextCursor).not.toBeNull();
        await expectInvalid(search({ accessFilter: users.ada, text: 'security', cursor: first.nextCursor as string }), 'cursor');
        await expectInvalid(search({ accessFilter: users.mona, text: 'pricing', cursor: first.nextCursor as string }), 'cursor');
        await expectInvalid(search({ accessFilter: users.ada, text: 'pricing', cursor: 'bm90IGEgY3Vyc29y' }), 'cursor');
        await expect(search({ accessFilter: users.ada, text: 'pricing', cursor: first.nextCursor as string, limit: 2 })).resolves.toBeDefined();
      });
    });

    describe('stability under writes', () => {
      it('paging through every hit while chunks are being indexed returns each hit exactly once', async () => {
        const before = ['9000000501', '9000000502', '9000000503', '9000000504', '9000000505', '9000000506'];
        const during = ['9000000511', '9000000512', '9000000513', '9000000514', '9000000515', '9000000516'];
        for (const id of before) await index.upsertChunks(chunkCall(scratchCall(id, 4, 'Scratch', 'pagewalk')));
        const existing = new Set(before.flatMap((id) => chunkCall(scratchCall(id, 4, 'Scratch', 'pagewalk')).map((c) => c.id)));
        for (const query of [
          { accessFilter: SCRATCH_VIEWER, callIds: [...before, ...during] },
          { accessFilter: SCRATCH_VIEWER, text: '"pagewalk"' },
        ]) {
          const seen: string[] = [];
          let cursor: string | undefined;
          let written = 0;
          for (let page = 0; page < 100; page++) {
            const result = await search({ ...query, limit: 3, ...(cursor ? { cursor } : {}) });
            seen.push(...result.hits.map((h) => h.chunkId));
            if (result.nextCursor === null) break;
            cursor = result.nextCursor;
            // Between two pages: a new call matching the query, and a call already seen re-indexed as it was.
            if (written < during.length) await index.upsertChunks(chunkCall(scratchCall(during[written++], 2, 'Scratch', 'pagewalk')));
            if (page === 1) await index.replaceCallChunks(before[0], chunkCall(scratchCall(before[0], 4, 'Scratch', 'pagewalk')));
          }
          expect(written).toBeGreaterThan(2);
          expect(new Set(seen).size).toBe(seen.length);
          for (const id of existing) expect(seen).toContain(id);
          for (const id of seen) expect(existing.has(id) || during.some((call) => id.startsWith(`${call}:`))).toBe(true);
          for (const id of during) await index.deleteCall(id);
        }
        for (const id of before) await index.deleteCall(id);
      });

      it('two concurrent re-indexes of one call (two instances, as two replicas) leave exactly one generation', async () => {
        const other = await makeIndex();
        try {
          await other.ensureReady();
          for (let round = 0; round < 3; round++) {
            const callId = `900000060${round}`;
            await index.upsertChunks(chunkCall(scratchCall(callId, 5, 'Scratch', 'alphagen')));
            const beta = chunkCall(scratchCall(callId, 3, 'Scratch', 'betagen'));
            const gamma = chunkCall(scratchCall(callId, 4, 'Scratch', 'gammagen'));
            await Promise.all([index.replaceCallChunks(callId, beta), other.replaceCallChunks(callId, gamma)]);
            const left = await search({ accessFilter: SCRATCH_VIEWER, callIds: [callId], limit: 100 });
            const words = new Set(left.hits.map((h) => /(alpha|beta|gamma)gen/.exec(h.chunk.body)?.[0]));
            expect(words.size).toBe(1);
            const winner = [...words][0] === 'betagen' ? beta : gamma;
            expect([...words][0]).not.toBe('alphagen');
            expect(ids(left.hits)).toEqual(ids(winner));
            expect(left.total).toBe(winner.length);
            await index.deleteCall(callId);
          }
        } finally {
          await other.close();
        }
      });
    });

    describe('query parity (one web-search grammar for every adapter)', () => {
      const setOf = async (text: string): Promise<Set<string>> => new Set(ids(await allHits({ accessFilter: users.ada, text }, 100)));
      const and = (a: Set<string>, b: Set<string>) => new Set([...a].filter((x) => b.has(x)));
      const or = (a: Set<string>, b: Set<string>) => new Set([...a, ...b]);
      const not = (a: Set<string>, b: Set<string>) => new Set([...a].filter((x) => !b.has(x)));
      const sorted = (set: Set<string>) => [...set].sort();

      it('AND binds tighter than OR: `a b OR c` is (a AND b) OR c, as websearch_to_tsquery reads it', async () => {
        const [discount, pricing, security] = await Promise.all(['"discount"', '"pricing"', '"security"'].map(setOf));
        const expected = or(and(discount, pricing), security);
        expect(sorted(expected)).not.toEqual(sorted(and(discount, or(pricing, security))));
        expect(sorted(await setOf('discount pricing OR security'))).toEqual(sorted(expected));
      });

      it.each<[string, (s: Record<string, Set<string>>) => Set<string>]>([
        ['pricing -discount OR "enterprise tier"', (s) => or(not(s.pricing, s.discount), s['enterprise tier'])],
        ['-"enterprise tier" seats OR contoso migration', (s) => or(not(s.seats, s['enterprise tier']), and(s.contoso, s.migration))],
        ['"budget" OR discount -volume', (s) => or(s.budget, not(s.discount, s.volume))],
        ['security OR -pricing integration OR "net sixty"', (s) => or(or(s.security, not(s.integration, s.pricing)), s['net sixty'])],
      ])('%s', async (text, expected) => {
        const words = ['pricing', 'discount', 'enterprise tier', 'seats', 'contoso', 'migration', 'budget', 'volume', 'security', 'integration', 'net sixty'];
        const sets = Object.fromEntries(await Promise.all(words.map(async (w) => [w, await setOf(`"${w}"`)] as const)));
        const want = expected(sets);
        expect(want.size).toBeGreaterThan(0);
        const got = await allHits({ accessFilter: users.ada, text }, 100);
        expect(ids(got)).toEqual(sorted(want));
        expect((await search({ accessFilter: users.ada, text })).total).toBe(want.size);
      });
    });

    describe('large access lists', () => {
      it('a user with 70,000 API-granted calls can search (more than index.max_terms_count)', async () => {
        await index.upsertChunks(chunkCall(scratchCall('9000000701', 3, 'Scratch', 'grantword')));
        await index.upsertChunks(chunkCall(scratchCall('9000000702', 2, 'Scratch', 'grantword')));
        const granted = Array.from({ length: 70_000 }, (_, i) => String(8_000_000_000 + i));
        granted[69_999] = '9000000701';
        const filter: AccessFilter = { ...SCRATCH_VIEWER, ownUserId: '992', userId: '992', allWorkspaceIds: [], grantedCallIds: granted };
        const found = await search({ accessFilter: filter, text: 'grantword', limit: 100 });
        expect(found.hits.map((h) => h.callId)).toEqual(['9000000701', '9000000701', '9000000701']);
        expect(found.total).toBe(3);
        const listed = await search({ accessFilter: filter, callIds: ['9000000701', '9000000702'] });
        expect(listed.total).toBe(3);
        await index.deleteCall('9000000701');
        await index.deleteCall('9000000702');
      });
    });

    describe('validation', () => {
      it('refuses a search without an access filter, naming it', async () => {
        const err = await index.search({ text: 'pricing' } as unknown as SearchQueryInput).catch((e: unknown) => e);
        expect(AppError.is(err, ErrorCode.VALIDATION_FAILED)).toBe(true);
        expect((err as AppError).details.map((d) => d.path)).toEqual(['accessFilter']);
        expect((err as AppError).message).toContain('accessFilter is required');
      });

      it.each<[string, Record<string, unknown>, string]>([
        ['a limit over 100', { limit: 101 }, 'limit'],
        ['an empty filter list', { accountIds: [] }, 'accountIds'],
        ['a non-numeric call id', { callIds: ['abc'] }, 'callIds[0]'],
        ['a bad date', { startedFrom: 'yesterday' }, 'startedFrom'],
        ['a reversed range', { startedFrom: '2024-02-01T00:00:00Z', startedTo: '2024-01-01T00:00:00Z' }, 'startedTo'],
        ['an unknown affiliation', { speakerAffiliations: ['Partner'] }, 'speakerAffiliations[0]'],
        ['an unknown field', { accountId: 'x' }, '(root)'],
        ['an access filter with an unknown field', { accessFilter: { ...SCRATCH_VIEWER, everything: true } }, 'accessFilter'],
      ])('refuses %s', async (_name, patch, path) => {
        await expectInvalid(index.search({ accessFilter: users.ada, ...patch } as SearchQueryInput), path);
      });
    });
  });
}

function factsOf(chunk: Chunk): CallFacts {
  return {
    callId: chunk.callId,
    workspaceId: chunk.call.workspaceId,
    hostUserId: chunk.call.primaryUserId,
    participantUserIds: [...chunk.call.participantUserIds],
    isPrivate: chunk.call.isPrivate,
  };
}

/**
 * Hits of a text search come in rounds (a call's n-th hit is in round floor((n - 1) / 3)), each
 * round by score desc then chunk id; a listing (all scores 0) is one round by chunk id. The round
 * of a hit is read from the order itself: within a call, hits come best first.
 */
function expectSorted(hits: readonly SearchHit[]): void {
  const seen = new Map<string, number>();
  const rounds = hits.map((h) => {
    const n = seen.get(h.callId) ?? 0;
    seen.set(h.callId, n + 1);
    return h.score === 0 && hits.every((x) => x.score === 0) ? 0 : Math.floor(n / HITS_PER_CALL_PER_PAGE);
  });
  for (let i = 1; i < hits.length; i++) {
    const a = hits[i - 1];
    const b = hits[i];
    const inOrder =
      rounds[i - 1] < rounds[i] || (rounds[i - 1] === rounds[i] && (a.score > b.score || (a.score === b.score && a.chunkId < b.chunkId)));
    if (!inOrder) throw new Error(`hits out of order at ${i}: ${a.chunkId} (${a.score}, round ${rounds[i - 1]}) before ${b.chunkId} (${b.score}, round ${rounds[i]})`);
  }
}

function expectedFacets(matched: readonly Chunk[], size: number): { accounts: FacetBucket[]; speakers: FacetBucket[]; trackers: FacetBucket[]; sections: FacetBucket[] } {
  const count = (entries: [string, string | null][]): FacetBucket[] => {
    const map = new Map<string, FacetBucket>();
    for (const [value, label] of entries) {
      const b = map.get(value) ?? { value, label, count: 0 };
      b.count++;
      map.set(value, b);
    }
    return [...map.values()].sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : 1)).slice(0, size);
  };
  return {
    accounts: count(matched.flatMap((c) => c.call.accountIds.map((id, i): [string, string | null] => [id, c.call.accountNames[i] ?? null]))),
    speakers: count(matched.filter((c) => c.speaker.email).map((c): [string, string | null] => [(c.speaker.email as string).toLowerCase(), c.speaker.name])),
    trackers: count(matched.flatMap((c) => c.trackers.map((t): [string, string | null] => [t.name, t.name]))),
    sections: count(matched.map((c): [string, string | null] => [c.section, c.section])),
  };
}

async function expectInvalid(promise: Promise<unknown>, path: string): Promise<void> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(AppError.is(err, ErrorCode.VALIDATION_FAILED)).toBe(true);
  expect((err as AppError).details.map((d) => d.path)).toContain(path);
}
