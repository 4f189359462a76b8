import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `search_terms_tsquery(terms, weights)` (migration SearchQuestionsAndSummaries1763900170000) in
 * PL/pgSQL, the same query and result. A search statement calls it with constant arguments a dozen
 * to thirty times (each concept's arms, the driving condition, the tail's conditions, the
 * highlight), and PostgreSQL folds every call while planning: a SQL function's body is planned
 * anew at each call, while PL/pgSQL keeps its query's plan for the session. Measured on
 * bench:scale's questions at 10,000 calls (planning only, backend CPU over 100 plans): 6.1-6.2 ms
 * to 4.8-5.1 ms per research statement, 6.9-7.2 ms to 4.6-5.4 ms per team statement.
 */

/** The query both versions return (as migration 1763900170000 wrote it). */
export const TERMS_QUERY = `(
  SELECT coalesce(string_agg(
           '(' || CASE WHEN weights = '' THEN s.q::text
                       ELSE regexp_replace(s.q::text, '''((?:[^'']|'''')*)''', '''\\1'':' || weights, 'g') END || ')',
           ' | '), '')::tsquery
  FROM (SELECT phraseto_tsquery('english'::regconfig, t) AS q FROM unnest(terms) AS t) s
  WHERE numnode(s.q) > 0)`;

export class SearchTermsTsqueryPlpgsql1763901560000 implements MigrationInterface {
  name = 'SearchTermsTsqueryPlpgsql1763901560000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE OR REPLACE FUNCTION search_terms_tsquery(terms text[], weights text) RETURNS tsquery
      LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $fn$
      BEGIN
        RETURN ${TERMS_QUERY};
      END
      $fn$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE OR REPLACE FUNCTION search_terms_tsquery(terms text[], weights text) RETURNS tsquery
      LANGUAGE sql IMMUTABLE PARALLEL SAFE
      RETURN ${TERMS_QUERY}`);
  }
}
