import type { SearchCursorPosition } from '../query/search-cursor.codec.js';
import type { SearchQuery } from '../query/search-query.schema.js';
import { HIGHLIGHT_FRAGMENT_SEPARATOR, HIGHLIGHT_POST, HIGHLIGHT_PRE } from '../query/search-result.model.js';
import { postgresAccessClause } from './postgres-access.clause.js';
import { postgresFilterClauses } from './postgres-filter.clauses.js';
import { SqlParameters } from './sql-parameters.js';

/** What the matching pass reads of each candidate: the conditions checked after the fence, the score, the facets. */
const CANDIDATE_COLUMNS =
  'c.chunk_id, c.call_id, c.account_ids, c.account_names, c.speaker_email, c.speaker_name, c.tracker_names, ' +
  'c.access_keys, c.call_started, c.speaker_affiliation, c.topic, c.tsv';

const HEADLINE_OPTIONS =
  `StartSel=${HIGHLIGHT_PRE}, StopSel=${HIGHLIGHT_POST}, MaxWords=35, MinWords=12, ` +
  `MaxFragments=3, FragmentDelimiter="${HIGHLIGHT_FRAGMENT_SEPARATOR}"`;

/** `GROUPING(call_id, speaker_email, tracker_names)` of each grouping set of the matching pass. */
const BY_CALL = 3;
const BY_SPEAKER = 5;
const BY_TRACKERS = 6;

/**
 * The one statement of a search, in two passes over the index:
 *
 * 1. The matching pass reads every chunk that passes the filters, the AccessFilter and the text
 *    once, scores it (`ts_rank` over the weighted tsvector) and folds it straight into one hashed
 *    GROUPING SETS aggregate, without materializing the matches: per call (chunks, accounts, and
 *    the call's best score after the cursor), per speaker email (chunks, name), and per distinct
 *    tracker-name array (a handful: trackers are unnested from those, not from every chunk). The
 *    totals and the facets come from these few thousand groups.
 * 2. The page pass: the page's hits can only come from the calls whose best hit is among the best
 *    `limit + 1` calls, ordered by (best score desc, `call_id || ':'` in byte order). Across calls,
 *    chunk ids (`<call id>:<n>`) compare by that prefix alone, so this order of calls is the order of
 *    their best hits under the page order (score desc, chunk id asc), ties included: the page is
 *    exact. Only those calls' chunks are re-checked and ranked (at most limit + 1 calls, found by
 *    the call_id btree), and only the page's rows are read whole (`search_chunk_texts`) and
 *    highlighted.
 *
 * Plan shape of the matching pass (EXPLAIN ANALYZE over 10,000 calls decided it): the conditions
 * that find the candidates through indexes are chosen here, inside an `OFFSET 0` fence, and the
 * others are checked on the candidates, still inside the statement:
 *
 * - an id filter (calls, accounts, speaker emails or user ids) drives alone: an account's chunks
 *   are few;
 * - else the access filter and the text drive together: both are columns of one GIN index
 *   (tsv, access_keys), so PostgreSQL intersects them inside the index scan; dates, trackers,
 *   topics and affiliation are checked on what it finds;
 * - else (a listing without text) the planner gets every condition.
 */
export function buildPostgresSearchStatement(query: SearchQuery, after: SearchCursorPosition | null): { sql: string; values: unknown[] } {
  const p = new SqlParameters();
  const { ids, others } = postgresFilterClauses(query, p);
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
  const all = [...ids, ...others, access, ...(text ? [text] : [])];
  // Which conditions find the candidates through indexes (inside the OFFSET 0 fence), and which are
  // checked on them: see the doc comment.
  const [driving, checked] =
    ids.length > 0
      ? [ids, [...others, access, ...(text ? [text] : [])]]
      : text !== null
        ? [[access, text], others]
        : [[...others, access], []];
  const matches =
    checked.length > 0
      ? `SELECT c.*, ${score} AS score
         FROM (SELECT ${CANDIDATE_COLUMNS} FROM search_chunks c WHERE ${driving.join(' AND ')} OFFSET 0) c
         WHERE ${checked.join(' AND ')}`
      : `SELECT ${CANDIDATE_COLUMNS}, ${score} AS score FROM search_chunks c WHERE ${driving.join(' AND ')}`;
  const position = after === null ? null : { score: p.add(String(after.score), 'real'), chunkId: p.add(after.chunkId, 'text') };
  const keyset = (alias: string): string =>
    position === null
      ? 'TRUE'
      : `(${alias}.score < ${position.score} OR (${alias}.score = ${position.score} AND ${alias}.chunk_id COLLATE "C" > ${position.chunkId}))`;
  const pageSize = p.add(query.limit + 1, 'int');
  // Without facets only the per-call groups are needed (and GROUPING() may only name grouped columns).
  const [sets, grouped] =
    query.facetSize > 0
      ? ['(r.call_id), (r.speaker_email), (r.tracker_names)', 'r.speaker_email, r.tracker_names, GROUPING(r.call_id, r.speaker_email, r.tracker_names)']
      : ['(r.call_id)', `NULL::text AS speaker_email, NULL::text[] AS tracker_names, ${BY_CALL}`];

  let facets = `'[]'::json AS accounts, '[]'::json AS speakers, '[]'::json AS trackers`;
  if (query.facetSize > 0) {
    const n = p.add(query.facetSize, 'int');
    const json = (from: string) =>
      `(SELECT coalesce(json_agg(json_build_object('value', f.value, 'label', f.label, 'count', f.n)
                                 ORDER BY f.n DESC, f.value COLLATE "C"), '[]'::json) FROM (${from}) f)`;
    // Every chunk of a call has the same accounts: counted once per call, weighted by its chunks.
    const accounts = `
      SELECT a.value, max(a.label) AS label, sum(a.n)::int AS n
      FROM (SELECT unnest(pc.account_ids) AS value, unnest(pc.account_names) AS label, pc.n FROM per_call pc) a
      GROUP BY a.value ORDER BY n DESC, a.value COLLATE "C" LIMIT ${n}`;
    const speakers = `
      SELECT g.speaker_email AS value, g.label, g.n FROM g WHERE g.gs = ${BY_SPEAKER} AND g.speaker_email IS NOT NULL
      ORDER BY g.n DESC, g.speaker_email COLLATE "C" LIMIT ${n}`;
    const trackers = `
      SELECT t.value, t.value AS label, sum(g.n)::int AS n FROM g CROSS JOIN LATERAL unnest(g.tracker_names) AS t(value)
      WHERE g.gs = ${BY_TRACKERS} GROUP BY t.value ORDER BY n DESC, t.value COLLATE "C" LIMIT ${n}`;
    facets = `${json(accounts)} AS accounts, ${json(speakers)} AS speakers, ${json(trackers)} AS trackers`;
  }
  const sql = `
    WITH g AS MATERIALIZED (
      SELECT r.call_id, ${grouped} AS gs,
             count(*)::int AS n, max(r.speaker_name) AS label, max(r.score) FILTER (WHERE ${keyset('r')}) AS best,
             min(r.account_ids) AS account_ids, min(r.account_names) AS account_names
      FROM (${matches}) r
      GROUP BY GROUPING SETS (${sets})),
    per_call AS (SELECT g.call_id, g.n, g.best, g.account_ids, g.account_names FROM g WHERE g.gs = ${BY_CALL}),
    top_calls AS (
      SELECT pc.call_id FROM per_call pc WHERE pc.best IS NOT NULL
      ORDER BY pc.best DESC, (pc.call_id || ':') COLLATE "C" LIMIT ${pageSize}),
    page AS (
      SELECT m.chunk_id, m.score
      FROM (SELECT c.chunk_id, ${score} AS score
            FROM (SELECT c.* FROM search_chunks c WHERE c.call_id = ANY(ARRAY(SELECT tc.call_id FROM top_calls tc)) OFFSET 0) c
            WHERE ${all.join(' AND ')}) m
      WHERE ${keyset('m')}
      ORDER BY m.score DESC, m.chunk_id COLLATE "C" LIMIT ${pageSize})
    SELECT
      (SELECT coalesce(sum(pc.n), 0) FROM per_call pc)::int AS total,
      (SELECT count(*) FROM per_call pc)::int AS total_calls,
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
