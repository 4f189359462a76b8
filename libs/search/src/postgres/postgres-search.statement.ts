import type { SearchCursorPosition } from '../query/search-cursor.codec.js';
import type { SearchQuery } from '../query/search-query.schema.js';
import { HIGHLIGHT_FRAGMENT_SEPARATOR, HIGHLIGHT_POST, HIGHLIGHT_PRE } from '../query/search-result.model.js';
import { postgresAccessClause } from './postgres-access.clause.js';
import { postgresFilterClauses } from './postgres-filter.clauses.js';
import { SqlParameters } from './sql-parameters.js';

/** What the conditions after the id filters read. */
const CANDIDATE_COLUMNS =
  'c.access_keys, c.call_started, c.speaker_affiliation, c.topic, c.tsv';

const HEADLINE_OPTIONS =
  `StartSel=${HIGHLIGHT_PRE}, StopSel=${HIGHLIGHT_POST}, MaxWords=35, MinWords=12, ` +
  `MaxFragments=3, FragmentDelimiter="${HIGHLIGHT_FRAGMENT_SEPARATOR}"`;

/**
 * The one statement of a search. It finds the matching set once (`m`: the chunks passing the
 * filters, the AccessFilter and the text, with their `ts_rank` score), then from it the page
 * (keyset on score desc, chunk id asc in byte order, one row more than the page), the total, the
 * distinct calls and the facets; only the page's rows are read whole (`search_chunk_texts`) and
 * highlighted.
 *
 * Plan shape (EXPLAIN (ANALYZE, BUFFERS) over 10,000 calls decided it): the conditions that find
 * the candidates through indexes are chosen here, inside an `OFFSET 0` fence, and the others are
 * checked on the candidates, still inside the statement:
 *
 * - an id filter (calls, accounts, speaker emails or user ids) drives alone: an account's chunks
 *   are few (1 ms for an account question);
 * - else the access filter and the text drive together: both are columns of the one GIN index
 *   (tsv, access_keys), so PostgreSQL intersects the text's posting lists with the user's access
 *   keys inside the index scan ("pricing" for a manager: 3 ms for the 13,000 chunks that are both,
 *   instead of 13 ms to build, AND and recheck a bitmap of the 118,000 chunks holding the word and
 *   one of the 60,000 the manager may see), and with the tracker filter, the index's third column;
 *   dates, topics and affiliation are checked on what it finds;
 * - else (a listing without text) the planner gets every condition.
 *
 * Ranking is `ts_rank` (term frequency by weight, and proximity for AND queries), not
 * `ts_rank_cd`: over thousands of matches cover density cost three times as much (24 ms instead of
 * 8 ms for 13,000), for the same recall on the bench's and the relevance suite's labelled queries.
 */
export function buildPostgresSearchStatement(query: SearchQuery, after: SearchCursorPosition | null): { sql: string; values: unknown[] } {
  const p = new SqlParameters();
  const { ids, withText, others } = postgresFilterClauses(query, p);
  const access = postgresAccessClause(query.accessFilter, p);
  let text: string | null = null;
  let score = '0::real';
  let highlight = 'NULL::text';
  if (query.text !== null) {
    const q = `websearch_to_tsquery('english', ${p.add(query.text, 'text')})`;
    text = `c.tsv @@ ${q}`;
    score = `ts_rank(c.tsv, ${q})`;
    highlight = `ts_headline('english', t.body, ${q}, ${p.add(HEADLINE_OPTIONS, 'text')})`;
  }
  const columns = 'c.chunk_id, c.call_id, c.account_ids, c.account_names, c.speaker_email, c.speaker_name, c.tracker_names';
  // Which conditions find the candidates through indexes (inside the OFFSET 0 fence), and which are
  // checked on them: see the doc comment.
  const [driving, checked] =
    ids.length > 0
      ? [ids, [...withText, ...others, access, ...(text ? [text] : [])]]
      : text !== null
        ? [[access, text, ...withText], others]
        : [[...withText, ...others, access], []];
  const matched =
    checked.length > 0
      ? `m AS MATERIALIZED (
           SELECT ${columns}, ${score} AS score
           FROM (SELECT ${columns}, ${CANDIDATE_COLUMNS} FROM search_chunks c WHERE ${driving.join(' AND ')} OFFSET 0) c
           WHERE ${checked.join(' AND ')})`
      : `m AS MATERIALIZED (SELECT ${columns}, ${score} AS score FROM search_chunks c WHERE ${driving.join(' AND ')})`;
  let keyset = '';
  if (after !== null) {
    const s = p.add(String(after.score), 'real');
    keyset = `WHERE m.score < ${s} OR (m.score = ${s} AND m.chunk_id COLLATE "C" > ${p.add(after.chunkId, 'text')})`;
  }
  const pageSize = p.add(query.limit + 1, 'int');

  let facets = `'[]'::json AS accounts, '[]'::json AS speakers, '[]'::json AS trackers`;
  let facetCtes = '';
  if (query.facetSize > 0) {
    const n = p.add(query.facetSize, 'int');
    const json = (from: string) =>
      `(SELECT coalesce(json_agg(json_build_object('value', f.value, 'label', f.label, 'count', f.n)
                                 ORDER BY f.n DESC, f.value COLLATE "C"), '[]'::json) FROM ${from} f)`;
    facets = `${json('account_facet')} AS accounts, ${json('speaker_facet')} AS speakers, ${json('tracker_facet')} AS trackers`;
    // Every chunk of a call has the same accounts: counted once per call, weighted by its chunks.
    facetCtes = `,
    account_facet AS (
      SELECT a.value, max(a.label) AS label, sum(a.n)::int AS n
      FROM (SELECT unnest(per_call.account_ids) AS value, unnest(per_call.account_names) AS label, per_call.n FROM per_call) a
      GROUP BY a.value ORDER BY n DESC, a.value COLLATE "C" LIMIT ${n}),
    speaker_facet AS (
      SELECT m.speaker_email AS value, max(m.speaker_name) AS label, count(*)::int AS n FROM m WHERE m.speaker_email IS NOT NULL
      GROUP BY m.speaker_email ORDER BY n DESC, m.speaker_email COLLATE "C" LIMIT ${n}),
    tracker_facet AS (
      SELECT t.value, t.value AS label, sum(s.n)::int AS n
      FROM (SELECT m.tracker_names, count(*) AS n FROM m GROUP BY m.tracker_names) s CROSS JOIN LATERAL unnest(s.tracker_names) AS t(value)
      GROUP BY t.value ORDER BY n DESC, t.value COLLATE "C" LIMIT ${n})`;
  }
  const sql = `
    WITH ${matched},
    per_call AS (
      SELECT m.call_id, count(*) AS n, min(m.account_ids) AS account_ids, min(m.account_names) AS account_names FROM m GROUP BY m.call_id),
    page AS (SELECT m.chunk_id, m.score FROM m ${keyset} ORDER BY m.score DESC, m.chunk_id COLLATE "C" LIMIT ${pageSize})${facetCtes}
    SELECT
      (SELECT coalesce(sum(per_call.n), 0) FROM per_call)::int AS total,
      (SELECT count(*) FROM per_call)::int AS total_calls,
      ${facets},
      (SELECT coalesce(json_agg(h ORDER BY h.score DESC, h.chunk_id COLLATE "C"), '[]'::json)
       FROM (
         SELECT pg.score, c.chunk_id, c.call_id, t.call_title, c.call_started, t.call_duration_s, c.workspace_id,
                c.host_user_id, c.account_ids, c.account_names, c.topic, t.start_ms, t.end_ms, t.speaker_line, t.body,
                t.metadata, ${highlight} AS highlight
         FROM page pg
         JOIN search_chunks c ON c.chunk_id = pg.chunk_id
         JOIN search_chunk_texts t ON t.chunk_id = pg.chunk_id
       ) h) AS hits`;
  // One line: the statement travels on every search, and the server parses every byte of it.
  return { sql: sql.replace(/\s+/g, ' ').trim(), values: p.values };
}
