import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { testDatabase, type TestDatabase } from '@gong-connector/testing';
import { downThenUp } from '../testing/migration-round-trip.fixture.js';
import { SearchChunkBodyKey1763901700000 } from './1763901700000-search-chunk-body-key.js';

/**
 * `search_chunks.body_key` and `body_len` (SearchChunkBodyKey1763901700000): generated from `tsv`
 * on every write, and for the chunks already indexed when the migration runs (its rewrite).
 * libs/search checks the filler lexemes against its TRANSCRIPT_FILLER_WORDS.
 */
let db: TestDatabase;

beforeAll(async () => {
  db = await testDatabase();
});

afterAll(async () => {
  await db?.close();
});

const insert = (chunk: string, body: string) =>
  db.database.query(
    `INSERT INTO search_chunks (chunk_id, call_id, call_started, is_private, workspace_id, host_user_id, participant_user_ids, account_ids, speaker_affiliation, tsv)
     VALUES ($1, 'k1', '2024-01-02T10:00:00Z', false, '7', '11', '{}', '{}', 'Internal',
             setweight(to_tsvector('english', $2), 'A') || setweight(to_tsvector('english', 'Pricing talk'), 'B'))`,
    [chunk, body],
  );
const read = () => db.database.query('SELECT chunk_id, body_key, body_len FROM search_chunks ORDER BY chunk_id');

describe('SearchChunkBodyKey1763901700000', () => {
  it('keys a chunk by its body lexemes without filler words (the speaker line and topic aside), on insert, update and after down and up', async () => {
    await insert('b1', 'Our budget is too small for this price.');
    await insert('b2', 'Um, yeah, the price... too small for our budget, honestly.');
    await insert('b3', 'Yeah. Right. Okay.');
    const rows = (await read()) as { chunk_id: string; body_key: string | null; body_len: number }[];
    expect(rows[0]!.body_key).toMatch(/^[0-9a-f]{32}$/);
    expect(rows[1]!.body_key).toBe(rows[0]!.body_key);
    expect(rows[2]).toMatchObject({ chunk_id: 'b3', body_key: null });
    expect(rows[0]!.body_len).toBe(3); // budget, small, price: "our", "is", "too", "for" and "this" are stop words
    expect(rows[2]!.body_len).toBeGreaterThan(0); // filler words are lexemes of the body all the same

    await db.database.query(`UPDATE search_chunks SET tsv = setweight(to_tsvector('english', 'security review'), 'A') WHERE chunk_id = 'b3'`);
    const [, , updated] = (await read()) as { body_key: string | null; body_len: number }[];
    expect(updated).toMatchObject({ body_len: 2, body_key: expect.stringMatching(/^[0-9a-f]{32}$/) });

    const before = await read();
    await downThenUp(db.database, new SearchChunkBodyKey1763901700000());
    expect(await read()).toEqual(before);
  });
});
