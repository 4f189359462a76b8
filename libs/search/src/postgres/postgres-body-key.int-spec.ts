// The stored body key of a chunk (SearchChunkBodyKey1763901700000): the migration froze the filler
// words it deletes; they must still be the lexemes of TRANSCRIPT_FILLER_WORDS, or passages the
// search should collapse would not be (and filler-only passages would count as saying something).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { testDatabase, type TestDatabase } from '@gong-connector/testing';
import { TRANSCRIPT_FILLER_WORDS } from '../question/transcript-filler-words.data.js';

describe('search_chunks.body_key', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await testDatabase();
  }, 60_000);

  afterAll(async () => {
    await db?.close();
  });

  it('deletes exactly the lexemes of TRANSCRIPT_FILLER_WORDS (a change of the list needs a migration)', async () => {
    const [row] = (await db.database.query(
      `SELECT search_chunk_filler_lexemes() AS stored, tsvector_to_array(to_tsvector('english', $1)) AS current`,
      [TRANSCRIPT_FILLER_WORDS.join(' ')],
    )) as { stored: string[]; current: string[] }[];
    expect([...row!.stored].sort()).toEqual([...row!.current].sort());
  });

  it('is one key for the same words in any order, form or filler, and NULL for filler alone', async () => {
    const key = async (body: string) => {
      const [row] = (await db.database.query(`SELECT search_chunk_body_key(setweight(to_tsvector('english', $1), 'A')) AS k`, [body])) as { k: string | null }[];
      return row!.k;
    };
    const a = await key('The pricing is too high for our budget.');
    expect(a).toMatch(/^[0-9a-f]{32}$/);
    expect(await key('Um, yeah, so our budget... the price is, you know, too high.')).toBe(a);
    expect(await key('The pricing is too low for our budget.')).not.toBe(a);
    expect(await key('Yeah. Right. Mm-hmm, okay.')).toBeNull();
    // Only the body (weight A) counts: the same words at weight B (speaker line, topic) are no body.
    const [row] = (await db.database.query(`SELECT search_chunk_body_key(setweight(to_tsvector('english', 'pricing budget'), 'B')) AS k`)) as { k: string | null }[];
    expect(row!.k).toBeNull();
  });
});
