import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { testDatabase, type TestDatabase } from '@gong-connector/testing';
import { downThenUp } from '../testing/migration-round-trip.fixture.js';
import { CreateSearchCalls1763901600000 } from './1763901600000-create-search-calls.js';

/**
 * `search_calls` (CreateSearchCalls1763901600000): a call's row is its chunks' union (access keys,
 * accounts), their latest start, private only when every chunk is; the triggers keep it on every
 * write and the migration's fill builds the same rows from chunks already indexed.
 */
let db: TestDatabase;

beforeAll(async () => {
  db = await testDatabase();
});

afterAll(async () => {
  await db?.close();
});

interface ChunkRow {
  chunk: string;
  call: string;
  started: string;
  isPrivate: boolean;
  host: string;
  participants: string[];
  accounts: string[];
}

const insert = (rows: ChunkRow[]) =>
  db.database.query(
    `INSERT INTO search_chunks (chunk_id, call_id, call_started, is_private, workspace_id, host_user_id, participant_user_ids, account_ids, speaker_affiliation, tsv)
     SELECT r.chunk, r.call, r.started::timestamptz, r.private, '7', r.host, r.participants, r.accounts, 'Internal', to_tsvector('english', 'probe')
     FROM jsonb_to_recordset($1::jsonb) AS r(chunk text, call text, started text, private boolean, host text, participants text[], accounts text[])`,
    [JSON.stringify(rows.map((r) => ({ ...r, private: r.isPrivate })))],
  );
const read = () => db.database.query('SELECT call_id, call_started, is_private, access_keys, account_ids FROM search_calls ORDER BY call_id');

describe('CreateSearchCalls1763901600000', () => {
  it('keeps one row per call, the union of its chunks, through inserts, updates and deletes', async () => {
    const base = { started: '2024-01-02T10:00:00Z', isPrivate: false, host: '11', participants: [], accounts: ['A1'] };
    await insert([
      { ...base, chunk: 'c1-0', call: 'c1' },
      { ...base, chunk: 'c1-1', call: 'c1', accounts: ['A2'], participants: ['12'] },
      { ...base, chunk: 'c2-0', call: 'c2', isPrivate: true, started: '2024-01-03T10:00:00Z' },
    ]);
    expect(await read()).toEqual([
      { call_id: 'c1', call_started: new Date(base.started), is_private: false, access_keys: ['c:c1', 'h:7:11', 'u:11', 'u:12', 'w:7'], account_ids: ['A1', 'A2'] },
      { call_id: 'c2', call_started: new Date('2024-01-03T10:00:00Z'), is_private: true, access_keys: ['u:11'], account_ids: ['A1'] },
    ]);
    await db.database.query(`UPDATE search_chunks SET is_private = true, account_ids = '{A3}' WHERE call_id = 'c1'`);
    await db.database.query(`DELETE FROM search_chunks WHERE chunk_id = 'c1-1'`);
    expect((await read())[0]).toEqual({ call_id: 'c1', call_started: new Date(base.started), is_private: true, access_keys: ['u:11'], account_ids: ['A3'] });
    await db.database.query(`DELETE FROM search_chunks WHERE call_id = 'c2'`);
    expect((await read()).map((r: { call_id: string }) => r.call_id)).toEqual(['c1']);
  });

  it('keeps the row of a call rewritten while its old chunks are deleted, whichever commits first', async () => {
    const base = { started: '2024-03-02T10:00:00Z', isPrivate: false, host: '31', participants: [], accounts: ['C1'] };
    for (const [n, order] of [['r1', 'rewrite first'], ['r2', 'delete first']] as const) {
      await insert([{ ...base, chunk: `${n}-old`, call: n }]);
      const rewrite = db.database.dataSource.createQueryRunner();
      const deletion = db.database.dataSource.createQueryRunner();
      try {
        await rewrite.startTransaction();
        await deletion.startTransaction();
        if (order === 'rewrite first') {
          // The rewrite's new chunk (and its row) uncommitted; the deletion of the old chunk waits for the row, then sees the new chunk.
          await rewrite.query(`INSERT INTO search_chunks (chunk_id, call_id, call_started, is_private, workspace_id, host_user_id, speaker_affiliation, tsv)
                               VALUES ($1, $2, $3, false, '7', '31', 'Internal', to_tsvector('english', 'probe'))`, [`${n}-new`, n, base.started]);
          const deleted = deletion.query('DELETE FROM search_chunks WHERE chunk_id = $1', [`${n}-old`]);
          await rewrite.commitTransaction();
          await deleted;
          await deletion.commitTransaction();
        } else {
          // The deletion removes the row first; the rewrite's upsert waits for it, then inserts the row again.
          await deletion.query('DELETE FROM search_chunks WHERE chunk_id = $1', [`${n}-old`]);
          const inserted = rewrite.query(`INSERT INTO search_chunks (chunk_id, call_id, call_started, is_private, workspace_id, host_user_id, speaker_affiliation, tsv)
                                          VALUES ($1, $2, $3, false, '7', '31', 'Internal', to_tsvector('english', 'probe'))`, [`${n}-new`, n, base.started]);
          await deletion.commitTransaction();
          await inserted;
          await rewrite.commitTransaction();
        }
      } finally {
        await rewrite.release();
        await deletion.release();
      }
      const rows = (await db.database.query('SELECT call_id FROM search_calls WHERE call_id = $1', [n])) as unknown[];
      expect({ order, rows: rows.length }).toEqual({ order, rows: 1 });
    }
  });

  it('fills the table from the chunks already indexed: the rows the triggers keep', async () => {
    await insert(
      Array.from({ length: 30 }, (_, i) => ({
        chunk: `f${i}`, call: `f${i % 7}`, started: `2024-02-0${1 + (i % 7)}T10:00:00Z`, isPrivate: i % 3 === 0, host: String(20 + (i % 4)),
        participants: i % 5 === 0 ? ['29'] : [], accounts: [`B${i % 2}`],
      })),
    );
    const kept = await read();
    expect(kept).toHaveLength(10);
    await downThenUp(db.database, new CreateSearchCalls1763901600000());
    expect(await read()).toEqual(kept);
  });
});
