import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The per-chunk parts of a text search's scoring, stored once instead of computed on every window
 * row of every search:
 *
 * - `body_key`: the md5 of the body's lexemes (tsv weight A, positions stripped) once the filler
 *   words are deleted, NULL when nothing else is said. Two passages with the same key say the same
 *   thing (the search collapses them); a passage whose key is NULL says nothing a question asks
 *   about.
 * - `body_len`: the number of the body's distinct lexemes (BM25's length normalisation).
 *
 * A text search computed both on each of the ranking window's 1,000 rows (ts_filter, ts_delete,
 * strip, a text cast and md5, twice): about 11 ms of the 46 ms a broad question costs at
 * bench:relevance's 116,000 passages (EXPLAIN ANALYZE), the same at bench:scale's sizes.
 *
 * The filler lexemes are `FILLER_WORDS` as parsed by the English configuration when the migration
 * runs, returned by `search_chunk_filler_lexemes()`; a spec of libs/search checks they are still
 * the lexemes of its TRANSCRIPT_FILLER_WORDS (a change of that list needs a migration redefining
 * the function and recomputing the column: `UPDATE search_chunks SET tsv = tsv`).
 *
 * Adding the stored generated columns rewrites `search_chunks` once, under an exclusive lock
 * (seconds at 10,000 calls): searches and writes of the index wait for it.
 */
const FILLER_WORDS = [
  'um', 'umm', 'uh', 'uhh', 'er', 'erm', 'hmm', 'hm', 'mm', 'mhm', 'mhmm', 'huh', 'uh-huh', 'mm-hmm', 'uh-uh', 'yeah', 'yep', 'yes', 'okay', 'ok', 'right', 'well', 'so', 'like',
  'know', 'mean', 'look', 'honestly', 'frankly', 'basically', 'actually', 'really', 'literally', 'kind', 'sort', 'guess',
  'think', 'just', 'totally', 'sure', 'anyway', 'oh', 'ah', 'great', 'cool',
];

export class SearchChunkBodyKey1763901700000 implements MigrationInterface {
  name = 'SearchChunkBodyKey1763901700000';

  async up(q: QueryRunner): Promise<void> {
    const [{ lexemes }] = (await q.query(`SELECT tsvector_to_array(to_tsvector('english'::regconfig, $1)) AS lexemes`, [FILLER_WORDS.join(' ')])) as { lexemes: string[] }[];
    // The constant the key deletes (lexemes are lower-case words; quotes doubled all the same), inlined where it is called.
    const literal = `ARRAY[${lexemes.map((l) => `'${l.replace(/'/g, "''")}'`).join(', ')}]::text[]`;
    await q.query(`
      CREATE FUNCTION search_chunk_filler_lexemes() RETURNS text[]
      LANGUAGE sql IMMUTABLE PARALLEL SAFE
      RETURN ${literal}`);
    await q.query(`
      CREATE FUNCTION search_chunk_body_key(tsv tsvector) RETURNS text
      LANGUAGE sql IMMUTABLE PARALLEL SAFE
      RETURN nullif(md5(strip(ts_delete(ts_filter(tsv, '{a}'), search_chunk_filler_lexemes()))::text), md5(''))`);
    await q.query(`
      ALTER TABLE search_chunks
        ADD COLUMN body_key text GENERATED ALWAYS AS (search_chunk_body_key(tsv)) STORED,
        ADD COLUMN body_len integer NOT NULL GENERATED ALWAYS AS (length(ts_filter(tsv, '{a}'))) STORED`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE search_chunks DROP COLUMN body_key, DROP COLUMN body_len`);
    await q.query(`DROP FUNCTION search_chunk_body_key(tsvector)`);
    await q.query(`DROP FUNCTION search_chunk_filler_lexemes()`);
  }
}
