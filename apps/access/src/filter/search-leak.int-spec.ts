import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { canSee, type AccessCall, type AccessFilter, type AccessIndex } from '@gong-connector/access-core';
import { chunkCall } from '@gong-connector/chunking';
import { CallRepository } from '@gong-connector/persistence';
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
    sim = await startGongSim({ port: 0, seed: 'access-leak', users: 70, calls: 160, workspaces: 2, ratePerSecond: 30 });
    const gong = simGongClient(sim, 20);
    truth = sim.groundTruth();
    const { records, chunkInputs } = await fetchSimCalls(gong, truth);
    await new CallRepository(db.ds).upsertCalls(records, 'backfill');
    h = await accessHarness(db.ds, gong, { clock: new FakeClock() });
    await h.sync.run({ force: true, reason: 'test' });

    search = new PostgresSearchIndex({ dataSource: db.ds });
    await search.ensureReady();
    const chunks = chunkInputs.flatMap((input) => chunkCall(input));
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
    expect(indexed.length).toBeGreaterThan(100);
    const visible = truth.users.map((u) => indexed.filter((c) => canSee(index(), u.id, c)).length);
    // Admins see every call but other people's private ones.
    expect(Math.max(...visible)).toBeGreaterThanOrEqual(indexed.filter((c) => !c.isPrivate).length);
    expect(visible.some((n) => n > 0 && n < indexed.length / 2)).toBe(true);
    expect(visible.some((n) => n === 0)).toBe(true);
  });

  it('never returns a call canSee refuses, over every user, for a filter-only listing and a broad query', async () => {
    const leaks: { userId: string; query: string; callIds: string[] }[] = [];
    for (const user of truth.users) {
      const accessFilter = filterOf(user.id);
      for (const text of [undefined, BROAD_QUERY]) {
        const result = await search.search({ accessFilter, limit: 100, facetSize: 0, ...(text ? { text } : {}) });
        const bad = refused(user.id, result);
        if (bad.length > 0) leaks.push({ userId: user.id, query: text ?? '(filter only)', callIds: bad });
      }
    }
    expect(leaks).toEqual([]);
  });

  it('admits exactly the calls canSee admits: none of the others even when asked by id, and every visible one', async () => {
    const wrong: { userId: string; leaked: number; visible: number; listed: number }[] = [];
    for (const user of truth.users) {
      const accessFilter = filterOf(user.id);
      const visible = indexed.filter((c) => canSee(index(), user.id, c)).map((c) => c.id);
      const hidden = indexed.filter((c) => !canSee(index(), user.id, c)).map((c) => c.id);
      const leaked = hidden.length === 0 ? 0 : (await search.search({ accessFilter, callIds: hidden, limit: 1, facetSize: 0 })).total;
      const listed = (await search.search({ accessFilter, limit: 1, facetSize: 0 })).totalCalls;
      if (leaked !== 0 || listed !== visible.length) wrong.push({ userId: user.id, leaked, visible: visible.length, listed });
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
