import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What natural-language search and summary search need from `search_chunks` (libs/search):
 *
 * - `section`: `transcript` (a passage of what was said) or `summary` (a part of Gong's call
 *   summary: brief, key points, highlights, outline). Existing rows are transcript chunks; the
 *   constant default makes the column a catalog change, no table rewrite.
 * - `body_fingerprint`: a hash of the chunk's normalized body (written by the search document
 *   mapper); a search collapses chunks with the same one into the best. NULL (rows written before
 *   this migration, until their call is reindexed) counts as unique.
 * - `search_terms_tsquery(terms, weights)`: the OR of the terms (a term of several words is a
 *   phrase), stemmed with the English configuration, every lexeme restricted to `weights` (e.g.
 *   'AB' = body, speaker line, topic and trackers; '' = any weight). Terms that are only stop words
 *   are left out; none left gives the empty query (matches nothing). A question's concepts are
 *   built with it, once per statement (immutable, planned with the bound terms).
 */
export class SearchQuestionsAndSummaries1763900170000 implements MigrationInterface {
  name = 'SearchQuestionsAndSummaries1763900170000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE search_chunks
        ADD COLUMN section text NOT NULL DEFAULT 'transcript' CHECK (section IN ('transcript', 'summary')),
        ADD COLUMN body_fingerprint text`);
    await q.query(`
      CREATE FUNCTION search_terms_tsquery(terms text[], weights text) RETURNS tsquery
      LANGUAGE sql IMMUTABLE PARALLEL SAFE
      RETURN (
        SELECT coalesce(string_agg(
                 '(' || CASE WHEN weights = '' THEN s.q::text
                             ELSE regexp_replace(s.q::text, '''((?:[^'']|'''')*)''', '''\\1'':' || weights, 'g') END || ')',
                 ' | '), '')::tsquery
        FROM (SELECT phraseto_tsquery('english'::regconfig, t) AS q FROM unnest(terms) AS t) s
        WHERE numnode(s.q) > 0)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP FUNCTION search_terms_tsquery(text[], text)');
    await q.query('ALTER TABLE search_chunks DROP COLUMN body_fingerprint, DROP COLUMN section');
  }
}
