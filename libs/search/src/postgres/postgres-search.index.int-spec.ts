import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { matchesFilter, type AccessFilter } from '@gong-connector/access-core';
import { chunkCall, type ChunkInput, type ChunkInputParty } from '@gong-connector/chunking';
import { testDatabase, type TestDatabase } from '@gong-connector/testing';
import { ErrorCode } from '@gong-connector/contracts';
import { describeSearchIndexContract } from '../testing/search-index.contract.js';
import { postgresAccessClause } from './postgres-access.clause.js';
import { PostgresSearchIndex } from './postgres-search.index.js';
import { SqlParameters } from './sql-parameters.js';

let db: TestDatabase;

beforeAll(async () => {
  db = await testDatabase();
});

afterAll(async () => {
  await db?.close();
});

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

  it('refuses a bad batch size', () => {
    expect(() => new PostgresSearchIndex({ database: db.database, batchSize: 0 })).toThrow(/batchSize/);
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
    grantedCallIds: some(calls.map((c) => c.call.id), 0.1),
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
    }
    expect(allowedSomething).toBeGreaterThan(150);
  });
});
