import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { canSee, type AccessCall, type AccessFilter, type AccessIndex } from '@gong-connector/access-core';
import { chunkCall } from '@gong-connector/chunking';
import { CallWriteRepository } from '@gong-connector/persistence';
import { PostgresSearchIndex, type SearchResult } from '@gong-connector/search';
import { FakeClock, testDatabase, type TestDatabase } from '@gong-connector/testing';
import { startGongSim, type CompanyGroundTruth, type GongSim } from '@gong-connector/testing/gong-sim';
import { accessHarness, simGongClient, type AccessHarness } from '../../test/access-harness.js';
import { fetchSimCalls } from '../../test/sim-calls.js';

const BROAD_QUERY = 'pricing OR security OR demo OR team OR next OR call';

/**
 * The leak test: every user of a seeded company searches the PostgreSQL index with the filter the
 * access service gives them, and no hit may be a call `canSee` refuses; a filter-only listing
 * must count exactly the indexed calls `canSee` admits.
 */
describe('searching the PostgreSQL index with each user’s filter', () => {
  let db: TestDatabase;
  let sim: GongSim;
  let h: AccessHarness;
  let search: PostgresSearchIndex;
  let truth: CompanyGroundTruth;
  let indexed: AccessCall[];

  beforeAll(async () => {
    db = await testDatabase();
    sim = await startGongSim({ port: 0, seed: 'access-leak', users: 50, calls: 100, workspaces: 2, ratePerSecond: 30 });
    const gong = simGongClient(sim, 20);
    truth = sim.groundTruth();
    const { records, chunkInputs } = await fetchSimCalls(gong, truth);
    await new CallWriteRepository(db.database).upsertCalls(records, 'backfill');
    h = await accessHarness(db.database, gong, { clock: new FakeClock() });
    await h.sync.run({ force: true, reason: 'test' });

    search = new PostgresSearchIndex({ database: db.database });
    await search.ensureReady();
    // Access is per call: the first monologues of each call, big chunks and a rough token count
    // give every call a few chunks and keep the setup fast.
    const chunks = chunkInputs.flatMap((input) =>
      chunkCall({ ...input, monologues: input.monologues.slice(0, 24) }, { maxTokens: 512, countTokens: (text) => Math.ceil(text.length / 4) }),
    );
    await search.upsertChunks(chunks);
    const withChunks = new Set(chunks.map((c) => c.callId));
    indexed = truth.calls!.filter((c) => withChunks.has(c.id)).map((c) => ({
      id: c.id,
      workspaceId: c.workspaceId,
      primaryUserId: c.primaryUserId,
      participantUserIds: c.participantUserIds,
      isPrivate: c.isPrivate,
    }));
  }, 90_000);

  afterAll(async () => {
    await sim?.close();
    await db?.close();
  });

  const index = (): AccessIndex => h.state.current()!.index;
  const filterOf = (userId: string): AccessFilter => h.filters.filterFor({ userId }).filter;
  const refused = (userId: string, result: SearchResult): string[] => {
    const byId = new Map(indexed.map((c) => [c.id, c]));
    return result.hits.filter((hit) => !canSee(index(), userId, byId.get(hit.callId)!)).map((hit) => hit.callId);
  };

  it('indexed enough calls, and the company has users who see all, some and none of them', () => {
    expect(indexed.length).toBeGreaterThan(70);
    const visible = truth.users.map((u) => indexed.filter((c) => canSee(index(), u.id, c)).length);
    // Admins see every call but other people's private ones.
    expect(Math.max(...visible)).toBeGreaterThanOrEqual(indexed.filter((c) => !c.isPrivate).length);
    expect(visible.some((n) => n > 0 && n < indexed.length / 2)).toBe(true);
    expect(visible.some((n) => n === 0)).toBe(true);
  });

  it('never returns a call canSee refuses, and lists every call it admits, over every user', async () => {
    const wrong: { userId: string; query: string; refused?: string[]; leaked?: number; listed?: number; visible?: number }[] = [];
    for (const user of truth.users) {
      const accessFilter = filterOf(user.id);
      const visible = indexed.filter((c) => canSee(index(), user.id, c)).map((c) => c.id);
      const hidden = indexed.filter((c) => !canSee(index(), user.id, c)).map((c) => c.id);

      // A filter-only listing: no refused hit, and exactly the visible calls counted.
      const listing = await search.search({ accessFilter, limit: 100, facetSize: 0 });
      const listingRefused = refused(user.id, listing);
      if (listingRefused.length > 0 || listing.totalCalls !== visible.length) {
        wrong.push({ userId: user.id, query: '(filter only)', refused: listingRefused, listed: listing.totalCalls, visible: visible.length });
      }
      // A broad text query: no refused hit.
      const broad = refused(user.id, await search.search({ accessFilter, text: BROAD_QUERY, limit: 50, facetSize: 0 }));
      if (broad.length > 0) wrong.push({ userId: user.id, query: BROAD_QUERY, refused: broad });
      // Asking for the hidden calls by id finds none of them.
      const leaked = hidden.length === 0 ? 0 : (await search.search({ accessFilter, callIds: hidden, limit: 1, facetSize: 0 })).total;
      if (leaked !== 0) wrong.push({ userId: user.id, query: '(hidden call ids)', leaked });
    }
    expect(wrong).toEqual([]);
  });

  it('would catch a leak: another user’s wider filter returns calls canSee refuses', async () => {
    const seen = (id: string): number => indexed.filter((c) => canSee(index(), id, c)).length;
    const widest = truth.users.reduce((a, b) => (seen(b.id) > seen(a.id) ? b : a));
    const narrow = truth.users.find((u) => u.active && !u.isAvatar && seen(u.id) < seen(widest.id) / 2)!;
    const hiddenFromNarrow = indexed.filter((c) => !canSee(index(), narrow.id, c)).map((c) => c.id);
    const result = await search.search({ accessFilter: filterOf(widest.id), callIds: hiddenFromNarrow, limit: 100, facetSize: 0 });
    expect(refused(narrow.id, result).length).toBeGreaterThan(0);
  });
});
