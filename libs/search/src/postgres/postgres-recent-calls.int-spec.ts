import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { matchesFilter, type AccessFilter } from '@gong-connector/access-core';
import { chunkCall, type Chunk, type ChunkInput, type ChunkInputParty } from '@gong-connector/chunking';
import { testDatabase, type TestDatabase } from '@gong-connector/testing';
import { parseSearchQuery, type SearchQueryInput } from '../query/search-query.schema.js';
import type { SearchResult } from '../query/search-result.model.js';
import { GRANTED_KEYS_INLINE } from './postgres-access.clause.js';
import { PostgresSearchIndex } from './postgres-search.index.js';
import { buildPostgresSearchStatement, recentCallsEligible, TAIL_BUCKET } from './postgres-search.statement.js';

/**
 * The "recent calls" source (PostgresSearchIndex with `recentCalls`, `search_calls`): on a company
 * where a rep's most recent calls fill the ranking window, narrow searches give exactly the full
 * statement's results (hits, order, scores, totals, facets, every cursor page); where they do not,
 * the index falls back to the full statement; nobody ever sees a call outside their access through
 * it; and `search_calls` follows every write of the chunks.
 */
const WINDOW = 8;
const RECENT = 4;
const REP = '501';
const OTHERS = ['502', '503'];
const WORKSPACE = '61';

interface CallSpec {
  id: string;
  day: number;
  host: string;
  participants?: string[];
  isPrivate?: boolean;
  account: string;
  words: string[];
}

function callInput(spec: CallSpec): ChunkInput {
  const users = [...new Set([spec.host, ...(spec.participants ?? [])])];
  const parties: ChunkInputParty[] = [
    ...users.map((u): ChunkInputParty => ({ id: `p${u}`, speakerId: `s${u}`, userId: u, emailAddress: `u${u}@acme.example`, name: `User ${u}`, affiliation: 'Internal' })),
    { id: 'px', speakerId: 'sx', emailAddress: 'buyer@customer.example', name: 'Buyer', affiliation: 'External' },
  ];
  // Calls of the same day start at the same instant: ties at the recent calls' boundary.
  const started = `2024-03-${String(1 + spec.day).padStart(2, '0')}T09:00:00Z`;
  return {
    call: {
      id: spec.id, title: `Call ${spec.id}`, started, duration: 600, workspaceId: WORKSPACE, primaryUserId: spec.host,
      isPrivate: spec.isPrivate ?? false, parties, accounts: [{ id: spec.account, name: `Account ${spec.account}` }],
      opportunities: [], trackers: [], topics: [],
    },
    monologues: spec.words.map((word, i) => ({
      speakerId: i % 2 === 0 ? `s${spec.host}` : 'sx',
      topic: null,
      sentences: [{ start: i * 60_000, end: i * 60_000 + 50_000, text: `In part ${i} of call ${spec.id} we talked about ${word} and the plan for ${i % 3 === 0 ? 'pricing' : 'rollout'}.` }],
    })),
  };
}

// 28 days; on most days the rep hosts a call, others host calls (some private, some with the rep in
// them), two calls share some days. "pricing" is everywhere; "zanzibar" in one old call only.
const specs: CallSpec[] = [];
for (let day = 0; day < 28; day++) {
  const words = Array.from({ length: 6 }, (_, i) => (i === 1 && day === 3 ? 'zanzibar' : i % 2 === 0 ? 'pricing' : 'budget'));
  specs.push({ id: String(7_000_000 + day * 10), day, host: REP, account: day % 2 === 0 ? 'A1' : 'A2', words });
  const other = OTHERS[day % 2];
  specs.push({ id: String(7_000_000 + day * 10 + 1), day, host: other, isPrivate: day % 3 === 0, participants: day % 4 === 0 ? [REP] : [], account: 'A1', words });
  if (day % 5 === 0) specs.push({ id: String(7_000_000 + day * 10 + 2), day, host: REP, account: 'A2', words: words.slice(0, 3) });
}
const inputs = specs.map(callInput);
const chunks: Chunk[] = inputs.flatMap((c) => chunkCall(c));

const own = (user: string, grantedCallIds: string[] = []): AccessFilter => ({
  version: 1, userId: user, ownUserId: user, allWorkspaceIds: [], hostUserIdsByWorkspace: [], grantedCallIds, privateCalls: 'owner-and-participants-only',
});
const MANAGER: AccessFilter = { ...own('509'), hostUserIdsByWorkspace: [{ workspaceId: WORKSPACE, hostUserIds: [REP, OTHERS[0]] }] };
// More grants than fit the key overlap (checked apart): a private call of another among them stays hidden.
const granted = [String(7_000_000 + 2 * 10 + 1), String(7_000_000 + 3 * 10 + 1), ...Array.from({ length: GRANTED_KEYS_INLINE }, (_, i) => String(9_800_000 + i))];

let db: TestDatabase;
let recent: PostgresSearchIndex;
let full: PostgresSearchIndex;

beforeAll(async () => {
  db = await testDatabase();
  recent = new PostgresSearchIndex({ database: db.database, rankingWindow: WINDOW, recentCalls: RECENT, batchSize: 50 });
  full = new PostgresSearchIndex({ database: db.database, rankingWindow: WINDOW, recentCalls: 0 });
  await recent.upsertChunks(chunks);
});

afterAll(async () => {
  await db?.close();
});

const allPages = async (index: PostgresSearchIndex, query: Omit<SearchQueryInput, 'cursor' | 'limit'>, limit: number): Promise<SearchResult[]> => {
  const pages: SearchResult[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 200; page++) {
    const result = await index.search({ ...query, limit, ...(cursor ? { cursor } : {}) });
    pages.push(result);
    if (result.nextCursor === null) break;
    cursor = result.nextCursor;
  }
  return pages;
};

/** The raw statement row of a first page, with or without the recent calls. */
const statementRow = async (input: SearchQueryInput, recentCalls: number | null) => {
  const { sql, values } = buildPostgresSearchStatement(parseSearchQuery(input), null, { rankingWindow: WINDOW, recentCalls });
  const [row] = (await db.database.query(sql, values)) as Record<string, unknown>[];
  return row as { recent_complete: boolean | null; total_is_lower_bound: boolean; hits: { bucket: number; chunk_id: string }[] } & Record<string, unknown>;
};

const QUERIES: [string, Omit<SearchQueryInput, 'cursor' | 'limit'>][] = [
  ['a rep\'s own calls, a common word', { accessFilter: own(REP), text: 'pricing' }],
  ['a rep\'s own calls, a question', { accessFilter: own(REP), text: 'what did they say about pricing and budget?' }],
  ['a rep\'s own calls, a syntax search', { accessFilter: own(REP), text: '"pricing" OR budget' }],
  ['a rep\'s own calls, a rare word (fallback)', { accessFilter: own(REP), text: 'zanzibar' }],
  ['a rep\'s own calls since a date', { accessFilter: own(REP), text: 'pricing', startedFrom: '2024-03-10T00:00:00Z' }],
  ['another rep with granted calls checked apart', { accessFilter: own(OTHERS[0], granted), text: 'pricing budget' }],
  ['a manager, one account', { accessFilter: MANAGER, text: 'pricing', accountIds: ['A1'] }],
  ['a manager, one account, a speaker filter', { accessFilter: MANAGER, text: 'budget', accountIds: ['A2'], speakerAffiliations: ['External'] }],
];

describe('PostgreSQL recent calls', () => {
  it('only narrow text searches are eligible', () => {
    const q = (input: Omit<SearchQueryInput, 'accessFilter'>, accessFilter: AccessFilter = own(REP)) => parseSearchQuery({ ...input, accessFilter });
    expect(recentCallsEligible(q({ text: 'pricing' }), null)).toBe(true);
    expect(recentCallsEligible(q({ text: 'pricing', accountIds: ['A1'] }, MANAGER), null)).toBe(true);
    expect(recentCallsEligible(q({ text: 'pricing' }, MANAGER), null)).toBe(false);
    expect(recentCallsEligible(q({}), null)).toBe(false);
    expect(recentCallsEligible(q({ text: 'pricing', callIds: ['7000000'] }), null)).toBe(false);
    expect(recentCallsEligible(q({ text: 'pricing' }), { bucket: 1, score: 0.5, chunkId: 'x' })).toBe(true);
    expect(recentCallsEligible(q({ text: 'pricing' }), { bucket: TAIL_BUCKET, score: 1, chunkId: 'x' })).toBe(false);
  });

  it.each(QUERIES)('%s: every page identical to the full statement\'s', async (_name, query) => {
    for (const limit of [3, 10]) {
      const a = await allPages(recent, query, limit);
      const b = await allPages(full, query, limit);
      expect(a).toEqual(b);
      expect(a[0].hits.length).toBeGreaterThan(0);
    }
  });

  it('takes the recent calls\' result when the window is full, identical to the full statement\'s row', async () => {
    for (const input of [{ accessFilter: own(REP), text: 'pricing', limit: 5 }, { accessFilter: own(REP), text: 'what about pricing?', limit: 5 }]) {
      const narrow = await statementRow(input, RECENT);
      const whole = await statementRow(input, null);
      expect(narrow).toMatchObject({ recent_complete: false, total_is_lower_bound: true });
      expect(narrow.hits.every((h) => h.bucket < TAIL_BUCKET)).toBe(true);
      expect({ ...narrow, recent_complete: null }).toEqual(whole);
    }
  });

  it('has a result to fall back from when the recent calls do not fill the window, and one that is complete when they are every call', async () => {
    const rare = await statementRow({ accessFilter: own(REP), text: 'zanzibar' }, RECENT);
    expect(rare).toMatchObject({ recent_complete: false, total_is_lower_bound: false, hits: [] });
    expect((await full.search({ accessFilter: own(REP), text: 'zanzibar' })).hits.length).toBeGreaterThan(0);
    const many = await statementRow({ accessFilter: own(REP), text: 'zanzibar' }, 1000);
    expect(many.recent_complete).toBe(true);
    expect({ ...many, recent_complete: null }).toEqual(await statementRow({ accessFilter: own(REP), text: 'zanzibar' }, null));
  });

  it('never leaks: whatever the recent calls read, a user gets only chunks of calls they may see, private ones included', async () => {
    const filters = [own(REP), own(OTHERS[0]), own(OTHERS[1], granted), own('599'), { ...own('599'), ownUserId: null }, MANAGER];
    for (const filter of filters) {
      const allowed = new Set(
        chunks
          .filter((c) => matchesFilter(filter, { callId: c.callId, workspaceId: c.call.workspaceId, hostUserId: c.call.primaryUserId, participantUserIds: [...c.call.participantUserIds], isPrivate: c.call.isPrivate }))
          .map((c) => c.id),
      );
      for (const recentCalls of [1, RECENT, 1000]) {
        const row = await statementRow({ accessFilter: filter, text: 'pricing budget', limit: 100, ...(filter === MANAGER ? { accountIds: ['A1'] } : {}) }, recentCalls);
        for (const h of row.hits) expect({ filter, chunk: h.chunk_id, allowed: allowed.has(h.chunk_id) }).toEqual({ filter, chunk: h.chunk_id, allowed: true });
      }
      const seen = (await allPages(recent, { accessFilter: filter, text: 'pricing budget' }, 7)).flatMap((p) => p.hits.map((h) => h.chunkId));
      expect(new Set(seen).size).toBe(seen.length);
      for (const id of seen) expect(allowed.has(id)).toBe(true);
    }
  });
});

describe('search_calls', () => {
  const callRow = async (callId: string) =>
    ((await db.database.query('SELECT call_started, is_private, access_keys, account_ids FROM search_calls WHERE call_id = $1', [callId])) as {
      call_started: Date;
      is_private: boolean;
      access_keys: string[];
      account_ids: string[];
    }[])[0] ?? null;

  it('holds one row per call of the chunks, its access keys and accounts those of its chunks', async () => {
    const [count] = (await db.database.query('SELECT count(*)::int AS n FROM search_calls')) as { n: number }[];
    expect(count.n).toBe(specs.length);
    const spec = specs.find((s) => s.participants?.length && s.isPrivate)!;
    expect(await callRow(spec.id)).toEqual({
      call_started: new Date(inputs.find((c) => c.call.id === spec.id)!.call.started),
      is_private: true,
      access_keys: [`u:${spec.host}`, `u:${REP}`].sort(),
      account_ids: ['A1'],
    });
  });

  it('follows rewrites and deletions of a call\'s chunks (replace, delete), and a truncation', async () => {
    const other = await testDatabase();
    try {
      const index = new PostgresSearchIndex({ database: other.database, recentCalls: RECENT });
      const input = callInput({ id: '7100001', day: 1, host: REP, account: 'A1', words: ['pricing', 'budget', 'pricing', 'budget'] });
      const before = chunkCall(input);
      await index.upsertChunks([...before, ...chunkCall(callInput({ id: '7100002', day: 2, host: REP, account: 'A2', words: ['pricing'] }))]);
      const row = async (id: string) => ((await other.database.query('SELECT is_private, access_keys, account_ids FROM search_calls WHERE call_id = $1', [id])) as object[])[0] ?? null;
      expect(await row('7100001')).toEqual({ is_private: false, access_keys: ['c:7100001', `h:${WORKSPACE}:${REP}`, `u:${REP}`, `w:${WORKSPACE}`], account_ids: ['A1'] });
      // Made private and moved to another account, with fewer chunks: the row follows, the stale chunks' keys go.
      const after = chunkCall({ ...input, call: { ...input.call, isPrivate: true, accounts: [{ id: 'A9', name: 'Nine' }] }, monologues: input.monologues.slice(0, 1) });
      expect(after.length).toBeLessThan(before.length);
      await index.replaceCallChunks('7100001', after);
      expect(await row('7100001')).toEqual({ is_private: true, access_keys: [`u:${REP}`], account_ids: ['A9'] });
      const search = await index.search({ accessFilter: own(OTHERS[0], ['7100001']), text: 'pricing' });
      expect(search.hits).toEqual([]);
      await index.deleteCall('7100001');
      expect(await row('7100001')).toBeNull();
      expect(await row('7100002')).not.toBeNull();
      expect((await index.search({ accessFilter: own(REP), text: 'pricing' })).hits.every((h) => h.callId === '7100002')).toBe(true);
      await other.database.query('TRUNCATE search_chunks CASCADE');
      expect(await other.database.query('SELECT call_id FROM search_calls')).toEqual([]);
    } finally {
      await other.close();
    }
  });
});
