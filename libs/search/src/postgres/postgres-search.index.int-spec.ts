import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { matchesFilter, type AccessFilter } from '@gong-connector/access-core';
import { chunkCall, type ChunkInput, type ChunkInputParty } from '@gong-connector/chunking';
import { testDatabase, type TestDatabase } from '@gong-connector/testing';
import { ErrorCode } from '@gong-connector/contracts';
import type { SearchHit, SearchResult } from '../query/search-result.model.js';
import type { SearchQueryInput } from '../query/search-query.schema.js';
import { SCRATCH_VIEWER, scratchCall } from '../testing/contract-company.fixture.js';
import { describeSearchIndexContract } from '../testing/search-index.contract.js';
import { GRANTED_KEYS_INLINE, postgresAccessClause } from './postgres-access.clause.js';
import { PostgresSearchIndex } from './postgres-search.index.js';
import { SqlParameters } from './sql-parameters.js';

let db: TestDatabase;

beforeAll(async () => {
  db = await testDatabase();
});

afterAll(async () => {
  await db?.close();
});

/** An index holding `calls` for the describe block it is called in (deleted after it). */
function indexedForTheBlock(calls: readonly ChunkInput[]): { index: PostgresSearchIndex } {
  const scratch = {} as { index: PostgresSearchIndex };
  beforeAll(async () => {
    scratch.index = new PostgresSearchIndex({ database: db.database });
    await scratch.index.upsertChunks(calls.flatMap((c) => chunkCall(c)));
  });
  afterAll(async () => {
    for (const c of calls) await scratch.index?.deleteCall(c.call.id);
  });
  return scratch;
}

describeSearchIndexContract('PostgreSQL', async () => new PostgresSearchIndex({ database: db.database, batchSize: 7 }));

describe('PostgresSearchIndex', () => {
  it('says to run the migrations when the table is missing', async () => {
    const other = await testDatabase();
    try {
      await other.database.query('DROP TABLE search_chunk_texts');
      await expect(new PostgresSearchIndex({ database: other.database }).ensureReady()).rejects.toMatchObject({
        code: ErrorCode.DEPENDENCY_UNAVAILABLE,
        message: expect.stringContaining('run the migrations'),
      });
    } finally {
      await other.close();
    }
  });

  it('builds a question term query with the PL/pgSQL search_terms_tsquery: phrases ORed, weights kept, stop-word terms left out', async () => {
    const [row] = (await db.database.query(
      `SELECT search_terms_tsquery(ARRAY['single sign-on', 'pricing', 'the'], 'AB')::text AS weighted,
              search_terms_tsquery(ARRAY['data residency'], '')::text AS anywhere,
              search_terms_tsquery(ARRAY['the'], '')::text AS empty,
              (SELECT l.lanname FROM pg_proc p JOIN pg_language l ON l.oid = p.prolang
               WHERE p.oid = 'search_terms_tsquery(text[], text)'::regprocedure) AS language`,
    )) as { weighted: string; anywhere: string; empty: string; language: string }[];
    expect(row).toEqual({ weighted: `'singl':AB <-> 'sign-on':AB <-> 'sign':AB | 'price':AB`, anywhere: `'data' <-> 'resid'`, empty: '', language: 'plpgsql' });
  });

  it('refuses a bad batch size or ranking window', () => {
    expect(() => new PostgresSearchIndex({ database: db.database, batchSize: 0 })).toThrow(/batchSize/);
    expect(() => new PostgresSearchIndex({ database: db.database, rankingWindow: 1.5 })).toThrow(/rankingWindow/);
  });
});

/**
 * A text search scores only its ranking window (the most recent matches) and continues past it in
 * recency order: with a window of 5 over 24 matching chunks the user may see (and 12 they may
 * not, in the same days, so hidden chunks sit between visible ones in recency order), every
 * visible match comes exactly once across pages of any size, in one order, and nothing hidden
 * ever does; total says it is a lower bound while the window is full.
 */
describe('PostgreSQL ranking window', () => {
  const WORD = 'quince';
  const day = (i: number) => `2024-08-${String(10 + i).padStart(2, '0')}T10:00:00Z`;
  const visibleCalls = Array.from({ length: 6 }, (_, i) => ({ ...scratchCall(String(9_100_000_100 + i), 4, 'Scratch', WORD) }));
  for (const [i, c] of visibleCalls.entries()) c.call = { ...c.call, started: day(i) };
  // Same days, other workspace or private: never visible to SCRATCH_VIEWER.
  const hiddenCalls = Array.from({ length: 6 }, (_, i) => scratchCall(String(9_100_000_200 + i), 2, 'Scratch', WORD));
  for (const [i, c] of hiddenCalls.entries()) c.call = { ...c.call, started: day(i), ...(i % 2 === 0 ? { workspaceId: '8' } : { isPrivate: true }) };
  const visible = visibleCalls.flatMap((c) => chunkCall(c));
  const hidden = hiddenCalls.flatMap((c) => chunkCall(c));
  let index: PostgresSearchIndex;

  beforeAll(async () => {
    index = new PostgresSearchIndex({ database: db.database, rankingWindow: 5 });
    await index.upsertChunks([...visible, ...hidden]);
  });

  afterAll(async () => {
    for (const c of [...visibleCalls, ...hiddenCalls]) await index?.deleteCall(c.call.id);
  });

  const allPages = async (query: Omit<SearchQueryInput, 'cursor' | 'limit'>, limit: number): Promise<{ hits: SearchHit[]; first: SearchResult }> => {
    const hits: SearchHit[] = [];
    let cursor: string | undefined;
    let first: SearchResult | undefined;
    for (let page = 0; page < 100; page++) {
      const result = await index.search({ ...query, limit, ...(cursor ? { cursor } : {}) });
      first ??= result;
      hits.push(...result.hits);
      if (result.nextCursor === null) break;
      expect(result.hits).toHaveLength(limit);
      cursor = result.nextCursor;
    }
    return { hits, first: first as SearchResult };
  };

  it.each([1, 3, 4, 7, 30])('pages of %i: every visible match exactly once, in one stable order, nothing hidden', async (limit) => {
    const { hits, first } = await allPages({ accessFilter: SCRATCH_VIEWER, text: WORD }, limit);
    const ids = hits.map((h) => h.chunkId);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(visible.map((c) => c.id).sort());
    for (const id of ids) expect(hidden.some((c) => c.id === id)).toBe(false);
    const reference = await allPages({ accessFilter: SCRATCH_VIEWER, text: WORD }, 30);
    expect(ids).toEqual(reference.hits.map((h) => h.chunkId));
    // The window (5 most recent matches) first, then the rest newest first.
    expect(first.totalRelation).toBe('gte');
    expect(first.total).toBe(5);
    const tail = hits.slice(5).map((h) => h.call.started);
    expect(tail).toEqual([...tail].sort().reverse());
    const newest = [...visible].sort((a, b) => b.call.started.localeCompare(a.call.started) || (a.id < b.id ? -1 : 1)).slice(0, 5);
    expect(hits.slice(0, 5).map((h) => h.chunkId).sort()).toEqual(newest.map((c) => c.id).sort());
  });

  it('a question and a syntax search page the same way past the window', async () => {
    for (const text of [`anything about ${WORD} lately?`, `"${WORD} item"`]) {
      const { hits } = await allPages({ accessFilter: SCRATCH_VIEWER, text }, 4);
      expect(hits.map((h) => h.chunkId).sort()).toEqual(visible.map((c) => c.id).sort());
    }
  });

  it('never leaks: a user who sees only the private calls\' host gets exactly those, window or not', async () => {
    const host = { ...SCRATCH_VIEWER, ownUserId: '990', allWorkspaceIds: [] };
    const own = [...visible, ...hidden].filter((c) => c.call.primaryUserId === '990');
    const { hits, first } = await allPages({ accessFilter: host, text: WORD }, 3);
    expect(hits.map((h) => h.chunkId).sort()).toEqual(own.map((c) => c.id).sort());
    expect(first.totalRelation).toBe('gte');
    const nobody = await index.search({ accessFilter: { ...SCRATCH_VIEWER, ownUserId: null, allWorkspaceIds: ['7'] }, text: WORD });
    expect(nobody).toMatchObject({ hits: [], total: 0, totalRelation: 'eq', totalCalls: 0 });
  });

  it('is exact when the window holds every match, facets included', async () => {
    const one = visibleCalls[2].call.id;
    const result = await index.search({ accessFilter: SCRATCH_VIEWER, text: WORD, callIds: [one, visibleCalls[3].call.id], limit: 2 });
    expect(result.totalRelation).toBe('gte');
    const exact = await index.search({ accessFilter: SCRATCH_VIEWER, text: WORD, callIds: [one], limit: 2 });
    expect(exact).toMatchObject({ total: 4, totalRelation: 'eq', totalCalls: 1 });
    expect(exact.facets.sections).toEqual([{ value: 'transcript', label: 'transcript', count: 4 }]);
  });
});

/**
 * A question's word the sales vocabulary does not know ("quibble") is rarer in the window than the
 * vocabulary concept beside it (pricing: "budget"), so by rarity alone its passages would come
 * first; it is capped at the concept's rarity and weighs FREE_WORD_WEIGHT, so the passages of what
 * the question asks about lead.
 */
describe('PostgreSQL question concepts', () => {
  const calls = [
    ...Array.from({ length: 3 }, (_, i) => scratchCall(String(9_100_000_300 + i), 4, 'Scratch', 'budget')),
    scratchCall(String(9_100_000_310), 4, 'Scratch', 'quibble'),
  ];
  const scratch = indexedForTheBlock(calls);

  it('ranks the vocabulary concept\'s passages above a rarer stray word\'s, which still match', async () => {
    const result = await scratch.index.search({ accessFilter: SCRATCH_VIEWER, text: 'any quibble over the budget', callIds: calls.map((c) => c.call.id), limit: 30 });
    const texts = result.hits.map((h) => h.chunk.body);
    expect(texts[0]).toContain('budget');
    expect(texts.some((t) => t.includes('quibble'))).toBe(true);
    const bestBudget = Math.max(...result.hits.filter((h) => h.chunk.body.includes('budget')).map((h) => h.score));
    const bestQuibble = Math.max(...result.hits.filter((h) => h.chunk.body.includes('quibble')).map((h) => h.score));
    expect(bestBudget).toBeGreaterThan(bestQuibble);
  });

  it('a question word\'s implied group (no words of its own) keeps the question valid and its words matching', async () => {
    const result = await scratch.index.search({ accessFilter: SCRATCH_VIEWER, text: 'when is the quibble', callIds: calls.map((c) => c.call.id), limit: 30 });
    expect(result.hits.length).toBeGreaterThan(0);
    expect(result.hits.every((h) => h.chunk.body.includes('quibble'))).toBe(true);
  });
});

/**
 * A question's concept counts what a passage says about it: not its word said in another group's
 * phrase ("she owns the budget" is about who decides, not the price), and not a backchannel
 * ("Right.") whose only match is its topic.
 */
describe('PostgreSQL question senses', () => {
  const said = (id: string, topic: string, text: string): ChunkInput => {
    const base = scratchCall(id, 2, topic);
    return { ...base, monologues: [{ ...base.monologues[1]!, topic, sentences: [{ start: 0, end: 1000, text }] }] };
  };
  const calls = [
    said('9100000401', 'Scratch', 'She owns the budget.'),
    said('9100000402', 'Scratch', 'The budget is tight this year.'),
    said('9100000403', 'Pricing', 'Right.'),
    said('9100000404', 'Scratch', 'That price is above what we pay today.'),
    said('9100000405', 'Scratch', 'We might churn.'),
    said('9100000406', 'Scratch', 'Usage dropped a lot this quarter, leadership asks whether the renewal is worth it, the value is not there and they might cancel.'),
  ];
  const scratch = indexedForTheBlock(calls);

  it('ranks a passage saying several of a concept\'s words above a shorter one saying one of them (BM25\'s term frequency)', async () => {
    const result = await scratch.index.search({ accessFilter: SCRATCH_VIEWER, text: 'renewal risk', callIds: ['9100000405', '9100000406'], limit: 10 });
    expect(result.hits.map((h) => h.chunk.body)).toEqual([calls[5]!.monologues[0]!.sentences[0]!.text, 'We might churn.']);
  });

  it('ranks what was said about the concept above its word in another sense and above a backchannel in its topic', async () => {
    const result = await scratch.index.search({ accessFilter: SCRATCH_VIEWER, text: 'can they afford it', callIds: calls.map((c) => c.call.id), limit: 10 });
    const score = (body: string) => result.hits.find((h) => h.chunk.body === body)?.score ?? 0;
    expect(score('The budget is tight this year.')).toBeGreaterThan(score('She owns the budget.'));
    expect(score('That price is above what we pay today.')).toBeGreaterThan(score('Right.'));
    expect(result.hits.slice(0, 2).map((h) => h.chunk.body).sort()).toEqual(['That price is above what we pay today.', 'The budget is tight this year.']);
  });
});

/**
 * The access keys (`search_chunks.access_keys`, generated from the call's access facts) and the
 * clause over them must select exactly what access-core's matchesFilter allows, for any call and
 * any filter: random calls (workspaces, hosts, participants, private, a missing workspace or host)
 * and random filters over the same small id space, so every arm both hits and misses.
 */
describe('PostgreSQL access keys against matchesFilter', () => {
  let rng = 0x5eed;
  const next = () => ((rng = (Math.imul(rng, 1103515245) + 12345) >>> 0) / 4294967296);
  const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)];
  const some = <T,>(xs: readonly T[], p: number): T[] => xs.filter(() => next() < p);
  const USERS = ['701', '702', '703', '704', '705', '70000000000000000706'];
  const WORKSPACES = ['81', '82', '83'];
  const calls: ChunkInput[] = Array.from({ length: 60 }, (_, i) => {
    const host = next() < 0.1 ? null : pick(USERS);
    const internal = [...new Set([...(host && next() < 0.8 ? [host] : []), ...some(USERS, 0.25)])];
    const parties: ChunkInputParty[] = [
      ...internal.map((u): ChunkInputParty => ({ id: `p${u}`, speakerId: `s${u}`, userId: u, name: `User ${u}`, affiliation: 'Internal' })),
      { id: 'px', speakerId: 'sx', name: 'Customer', affiliation: 'External' },
    ];
    return {
      call: {
        id: String(6_100 + i), title: `Access call ${i}`, started: '2024-05-01T10:00:00Z', duration: 60,
        workspaceId: next() < 0.1 ? null : pick(WORKSPACES), primaryUserId: host, isPrivate: next() < 0.3, parties,
        accounts: [], opportunities: [], trackers: [], topics: [],
      },
      monologues: [{ speakerId: 'sx', topic: null, sentences: [{ start: 0, end: 1000, text: `Access probe ${i}.` }] }],
    };
  });
  const chunks = calls.flatMap((c) => chunkCall(c));
  const randomFilter = (): AccessFilter => ({
    version: 1, userId: '1', privateCalls: 'owner-and-participants-only',
    ownUserId: next() < 0.7 ? pick(USERS) : null,
    allWorkspaceIds: some(WORKSPACES, 0.2),
    hostUserIdsByWorkspace: some(WORKSPACES, 0.4).map((workspaceId) => ({ workspaceId, hostUserIds: some(USERS, 0.4) })).filter((e) => e.hostUserIds.length > 0),
    // Now and then more granted calls than fit the key overlap (GRANTED_KEYS_INLINE): checked apart, the same rows.
    grantedCallIds: [...some(calls.map((c) => c.call.id), 0.1), ...(next() < 0.3 ? Array.from({ length: GRANTED_KEYS_INLINE }, (_, i) => String(9_900_000 + i)) : [])],
  });
  let other: TestDatabase;

  beforeAll(async () => {
    other = await testDatabase();
    await new PostgresSearchIndex({ database: other.database }).upsertChunks(chunks);
  });

  afterAll(async () => {
    await other?.close();
  });

  it('selects exactly the allowed chunks for 300 random filters, and searches return only those', async () => {
    const index = new PostgresSearchIndex({ database: other.database });
    let allowedSomething = 0;
    let apart = 0;
    for (let n = 0; n < 300; n++) {
      const filter = randomFilter();
      const expected = chunks
        .filter((c) => matchesFilter(filter, { callId: c.callId, workspaceId: c.call.workspaceId, hostUserId: c.call.primaryUserId, participantUserIds: [...c.call.participantUserIds], isPrivate: c.call.isPrivate }))
        .map((c) => c.id)
        .sort();
      const params = new SqlParameters();
      const rows = (await other.database.query(`SELECT c.chunk_id FROM search_chunks c WHERE ${postgresAccessClause(filter, params)} ORDER BY 1`, params.values)) as { chunk_id: string }[];
      expect({ filter, ids: rows.map((r) => r.chunk_id) }).toEqual({ filter, ids: expected });
      if (n % 10 === 0) {
        const listed = await index.search({ accessFilter: filter, text: 'access probe', limit: 100 });
        expect({ filter, ids: listed.hits.map((h) => h.chunkId).sort(), total: listed.total }).toEqual({ filter, ids: expected, total: expected.length });
      }
      if (expected.length > 0 && expected.length < chunks.length) allowedSomething++;
      if (filter.grantedCallIds.length > GRANTED_KEYS_INLINE) apart++;
    }
    expect(allowedSomething).toBeGreaterThan(150);
    expect(apart).toBeGreaterThan(50);
  });
});
