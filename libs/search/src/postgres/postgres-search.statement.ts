import type { SearchCursorPosition } from '../query/search-cursor.codec.js';
import { parseSearchText, type ParsedSearchText } from '../question/search-text.parser.js';
import { HITS_PER_CALL_PER_PAGE, type SearchQuery } from '../query/search-query.schema.js';
import { HIGHLIGHT_FRAGMENT_SEPARATOR, HIGHLIGHT_POST, HIGHLIGHT_PRE } from '../query/search-result.model.js';
import { postgresAccessClause } from './postgres-access.clause.js';
import { postgresFilterClauses } from './postgres-filter.clauses.js';
import { SqlParameters } from './sql-parameters.js';

/**
 * The ranking window of a text search: the most recent matches (call start desc, chunk id) that
 * are scored, collapsed, diversified and faceted. Past it, hits continue in recency order
 * (`TAIL_BUCKET`), so every match stays reachable by cursor.
 */
export const RANKING_WINDOW = 1000;
/**
 * The calls a "recent calls" statement reads first (see `recentCallsEligible`): a user's or an
 * account's most recent calls, ties at the boundary included. Chosen on bench:scale at 100,000
 * calls (a rep sees about 1,000 calls, 45 chunks each): the rep's 150 most recent calls held 2,080
 * matches of a common question (twice the window) and were read in 60 ms, against 340 ms for the
 * GIN scan of the whole corpus; 200 leaves room for less common questions (a window filled from a
 * third fewer matches per call) at about 9,000 chunks read.
 */
export const RECENT_CALLS = 200;
/** The cursor round of hits past the ranking window (after every diversified round); its cursor `score` is the call start in epoch microseconds. */
export const TAIL_BUCKET = 1_000_000;

const HEADLINE_OPTIONS =
  `StartSel=${HIGHLIGHT_PRE}, StopSel=${HIGHLIGHT_POST}, MaxWords=35, MinWords=12, ` +
  `MaxFragments=3, FragmentDelimiter="${HIGHLIGHT_FRAGMENT_SEPARATOR}"`;

/**
 * Score parts of a question (see `questionScoring`): a concept matched by its own words in the
 * body, speaker line, topic or trackers (weights A and B), by a synonym there, or only in the call
 * title or account names (weight C); an adjacent-word phrase of the question; a tracker the
 * question's concepts name; a customer-side speaker when the question asks about the customer.
 */
export const QUESTION_WEIGHTS = Object.freeze({
  exact: 1,
  exactSpeakerTopic: 0.8,
  synonym: 0.6,
  /**
   * A concept of the sales vocabulary matched by the question's own words: no more than by the
   * group's other words (people ask in other words than calls use: "decide", "at risk", "agree"
   * are said about other things as often as about what the question means).
   */
  vocabularyExact: 0.6,
  titleOnly: 0.25,
  phrase: 0.5,
  tracker: 0.5,
  /** A customer-side passage when the question asks about the customer ... */
  customerSide: 0.6,
  /** ... and when it does not say (what the customer said is the evidence people look for first). */
  customerSideDefault: 0.2,
  lengthK1: 1.2,
  lengthB: 0.75,
});

/** What PostgreSQL's `ts_rank` adds for a term of an OR query said once with weight A (1 / (pi^2 / 6)), before dividing by the query's distinct terms. */
const TS_RANK_PER_TERM = 0.608;

/** A concept's part of the second pass: its `weight`, whether its rarity is `capped` at the vocabulary concepts', and its `terms` (its tf). */
interface ConceptWeight {
  weight: number;
  capped: boolean;
  /**
   * The concept's terms as one tsquery (its own words and synonyms, any weight): how many of them a
   * chunk says. Null for a single word without synonyms (its tf is 1: not worth a ts_rank per row).
   */
  terms: string | null;
}

/** The text's part of a statement: the condition that finds candidates, the one checked on them, the score, the highlight query. */
interface TextClauses {
  driving: string;
  checked: string | null;
  lateral: string | null;
  score: string;
  /** A cheap score for hits past the ranking window (only the page's rows get it). */
  tailScore: string;
  highlightQuery: string | null;
  /** A question's concepts, whose values per chunk (`q.v`) are weighted by rarity in a second pass (see `rarityRescore`). */
  concepts: ConceptWeight[];
}

const HIT_COLUMNS =
  'c.chunk_id, c.call_id, c.section, t.call_title, c.call_started, t.call_duration_s, c.workspace_id, c.host_user_id, c.account_ids, ' +
  'c.account_names, c.topic, t.start_ms, t.end_ms, t.speaker_line, t.body, t.metadata';

/**
 * A term list's query (`search_terms_tsquery(terms, weights)` as text), when known: the statement
 * then binds it as a `tsquery` instead of calling the function (see PostgresSearchIndex's term
 * query cache). Undefined: the statement calls the function.
 */
export type TermQueryLookup = (terms: readonly string[], weights: string) => string | undefined;

/**
 * The one statement of a search: a listing (no text, see `listingStatement`) or a text search
 * (`textStatement`). Either way hits, total, distinct calls and facets come together, the
 * AccessFilter is a condition of the statement (never a post-filter), and only the page's rows
 * are read whole (`search_chunk_texts`) and highlighted.
 */
export function buildPostgresSearchStatement(
  query: SearchQuery,
  after: SearchCursorPosition | null,
  options: { rankingWindow?: number; recentCalls?: number | null; termQueries?: TermQueryLookup } = {},
): { sql: string; values: unknown[] } {
  const sql =
    query.text === null
      ? listingStatement(query, after)
      : textStatement(query, query.text, after, options.rankingWindow ?? RANKING_WINDOW, options.recentCalls ?? null, options.termQueries ?? (() => undefined));
  // One line: the statement travels on every search, and the server parses every byte of it.
  return { sql: sql.sql.replace(/\s+/g, ' ').trim(), values: sql.values };
}

/**
 * Whether a search may first try the "recent calls" statement (`buildPostgresSearchStatement` with
 * `recentCalls`): a text search, not a page of the tail, without a call-id filter, whose access
 * filter is selective (the user's own and granted calls only: no workspace, no team) or that names
 * accounts. Their matches' GIN scan grows with the corpus (the question's common words), while the
 * window they need is found in a few hundred calls.
 */
export function recentCallsEligible(query: SearchQuery, after: SearchCursorPosition | null): boolean {
  if (query.text === null || query.callIds || (after !== null && after.bucket >= TAIL_BUCKET)) return false;
  return ownOnly(query) || Boolean(query.accountIds);
}

/** A user who sees only their own (and granted) calls: about 1% of a company's. */
function ownOnly(query: SearchQuery): boolean {
  return query.accessFilter.allWorkspaceIds.length === 0 && query.accessFilter.hostUserIdsByWorkspace.length === 0;
}

/** Facet CTEs over `d` (the chunks counted) and `per_call`, and the select list reading them. */
function facetParts(query: SearchQuery, p: SqlParameters): { ctes: string; select: string } {
  if (query.facetSize === 0) {
    return { ctes: '', select: `'[]'::json AS accounts, '[]'::json AS speakers, '[]'::json AS trackers, '[]'::json AS sections` };
  }
  const n = p.add(query.facetSize, 'int');
  const json = (from: string) =>
    `(SELECT coalesce(json_agg(json_build_object('value', f.value, 'label', f.label, 'count', f.n)
                               ORDER BY f.n DESC, f.value COLLATE "C"), '[]'::json) FROM ${from} f)`;
  // Every chunk of a call has the same accounts: counted once per call, weighted by its chunks.
  const ctes = `,
    account_facet AS (
      SELECT a.value, max(a.label) AS label, sum(a.n)::int AS n
      FROM (SELECT unnest(per_call.account_ids) AS value, unnest(per_call.account_names) AS label, per_call.n FROM per_call) a
      GROUP BY a.value ORDER BY n DESC, a.value COLLATE "C" LIMIT ${n}),
    speaker_facet AS (
      SELECT d.speaker_email AS value, max(d.speaker_name) AS label, count(*)::int AS n FROM d WHERE d.speaker_email IS NOT NULL
      GROUP BY d.speaker_email ORDER BY n DESC, d.speaker_email COLLATE "C" LIMIT ${n}),
    tracker_facet AS (
      SELECT t.value, t.value AS label, sum(s.n)::int AS n
      FROM (SELECT d.tracker_names, count(*) AS n FROM d GROUP BY d.tracker_names) s CROSS JOIN LATERAL unnest(s.tracker_names) AS t(value)
      GROUP BY t.value ORDER BY n DESC, t.value COLLATE "C" LIMIT ${n}),
    section_facet AS (
      SELECT d.section AS value, d.section AS label, count(*)::int AS n FROM d GROUP BY d.section ORDER BY n DESC, d.section COLLATE "C")`;
  return { ctes, select: `${json('account_facet')} AS accounts, ${json('speaker_facet')} AS speakers, ${json('tracker_facet')} AS trackers, ${json('section_facet')} AS sections` };
}

const FACET_COLUMNS = 'c.chunk_id, c.call_id, c.section, c.account_ids, c.account_names, c.speaker_email, c.speaker_name, c.tracker_names';
/** What the conditions after an id filter read (besides the facet columns). */
const FILTER_COLUMNS = 'c.access_keys, c.is_private, c.call_started, c.speaker_affiliation, c.speaker_id, c.topic';
/** What a text search's window reads besides (see `textStatement`). */
const SCORE_COLUMNS = 'c.body_fingerprint, c.body_key, c.body_len, c.tsv';

/**
 * A listing (no text): every chunk passing the filters and the AccessFilter, in chunk id order
 * (score 0, round 0), with the exact total and facets over all of them. An id filter (calls,
 * accounts, speaker emails or user ids) drives alone behind an `OFFSET 0` fence (an account's
 * chunks are few); else the planner gets every condition.
 */
function listingStatement(query: SearchQuery, after: SearchCursorPosition | null): { sql: string; values: unknown[] } {
  const p = new SqlParameters();
  const { ids, dates, withText, others } = postgresFilterClauses(query, p);
  const access = postgresAccessClause(query.accessFilter, p);
  const rest = [...withText, ...others, access];
  const matched =
    ids.length > 0
      ? `m AS MATERIALIZED (SELECT ${FACET_COLUMNS} FROM (SELECT ${FACET_COLUMNS}, ${FILTER_COLUMNS} FROM search_chunks c WHERE ${[...ids, ...dates].join(' AND ')} OFFSET 0) c WHERE ${rest.join(' AND ')})`
      : `m AS MATERIALIZED (SELECT ${FACET_COLUMNS} FROM search_chunks c WHERE ${rest.join(' AND ')})`;
  const keyset = after === null ? '' : `WHERE d.chunk_id COLLATE "C" > ${p.add(after.chunkId, 'text')}`;
  const pageSize = p.add(query.limit + 1, 'int');
  const facets = facetParts(query, p);
  const sql = `
    WITH ${matched},
    d AS (SELECT m.* FROM m),
    per_call AS (
      SELECT d.call_id, count(*) AS n, min(d.account_ids) AS account_ids, min(d.account_names) AS account_names FROM d GROUP BY d.call_id),
    page AS (SELECT d.chunk_id, row_number() OVER (ORDER BY d.chunk_id COLLATE "C") AS ord FROM d ${keyset} ORDER BY d.chunk_id COLLATE "C" LIMIT ${pageSize})${facets.ctes}
    SELECT
      (SELECT coalesce(sum(per_call.n), 0) FROM per_call)::int AS total,
      (SELECT count(*) FROM per_call)::int AS total_calls,
      false AS total_is_lower_bound,
      ${facets.select},
      (SELECT coalesce(json_agg(h ORDER BY h.ord), '[]'::json)
       FROM (
         SELECT 0 AS bucket, 0::real AS score, NULL::text AS pos, pg.ord, ${HIT_COLUMNS}, NULL::text AS highlight
         FROM page pg
         JOIN search_chunks c ON c.chunk_id = pg.chunk_id
         JOIN search_chunk_texts t ON t.chunk_id = pg.chunk_id
       ) h) AS hits`;
  return { sql, values: p.values };
}

/**
 * A text search. Plan shape (EXPLAIN (ANALYZE, BUFFERS) on bench:relevance's company, 116,000
 * passages, decided it): a broad question matches a third of every passage a user may see, and
 * any per-match work (scoring, collapsing, faceting) over all of them costs seconds; so the
 * statement never looks at more than a window of matches:
 *
 * 1. `w`, the ranking window: the `RANKING_WINDOW` most recent matches (call start desc, chunk id
 *    asc), one row more to know whether there are others. The conditions: the AccessFilter (the
 *    user's access keys), the text (one GIN-indexed condition), the filters, and a question's
 *    minimum coverage. The planner either walks the call-start index backwards checking each
 *    row (a broad text: it stops after the window is full) or intersects the GIN index's text,
 *    access keys and trackers and sorts what it finds (a rare text); an id filter (calls,
 *    accounts, speakers) drives behind an `OFFSET 0` fence, with the call-start range if any
 *    (an account's history narrowed to the range in the same bitmap scan), and the rest is
 *    checked on its rows. Recency is the cheap first pass: what was said lately comes first among equals, and
 *    the cost is bounded by the window, not by the matches.
 * 2. `s` and `r`: the window's chunks scored (see `textClauses`; a question's concepts weighted by
 *    their rarity in the window, `rarityRescore`).
 * 3. `d`, diversity: of the chunks that say the same (the same body words once stemmed, stop words
 *    and `TRANSCRIPT_FILLER_WORDS` aside, in any order; else the same `body_fingerprint`) only the
 *    best stays: one sentence said in many calls is read once; each
 *    call's chunks are numbered by score, and chunk n of a call is in round
 *    floor((n - 1) / HITS_PER_CALL_PER_PAGE). Hits come round by round, so a call shows at most
 *    three hits among the others' best, and its further hits follow in later rounds.
 * 4. The page: keyset on (round asc, score desc, chunk id asc in byte order), one row more than
 *    the page. When the window is exhausted and there were more matches, the page continues with
 *    the tail (`TAIL_BUCKET`): the matches after the window in recency order, read by the same
 *    conditions with a keyset on (call start, chunk id), so every match stays reachable and the
 *    order is one total order: paging is exact and stable.
 *
 * Total, distinct calls and facets count the window (`d`, duplicates collapsed): exact when the
 * window holds every match (`total_is_lower_bound` false), else a lower bound.
 */
function textStatement(
  query: SearchQuery,
  text: string,
  after: SearchCursorPosition | null,
  window: number,
  recentCalls: number | null,
  termQueries: TermQueryLookup,
): { sql: string; values: unknown[] } {
  const p = new SqlParameters();
  const { ids, dates, withText, others } = postgresFilterClauses(query, p);
  const access = postgresAccessClause(query.accessFilter, p);
  const t = textClauses(parseSearchText(text), p, termQueries);
  let conditions = [access, t.driving, ...withText, ...others, ...(t.checked ? [t.checked] : [])];
  const windowSize = p.add(window, 'int');
  const windowCols = `${FACET_COLUMNS}, c.call_started, c.body_fingerprint, c.body_key, c.body_len, c.speaker_affiliation, c.tsv`;
  // The rows a search reads: an id filter's behind a fence (few, found by their own index), or the table.
  let source =
    ids.length > 0
      ? `(SELECT ${FACET_COLUMNS}, ${FILTER_COLUMNS}, ${SCORE_COLUMNS} FROM search_chunks c WHERE ${[...ids, ...dates].join(' AND ')} OFFSET 0) c`
      : 'search_chunks c';
  const recency = 'c.call_started DESC, c.chunk_id COLLATE "C"';
  // A user who sees only their own (and granted) calls sees about 1% of a company's: walking the
  // call-start index for their matches read 350,000 rows at 30,000 calls (bench:scale), so their
  // window is found by the GIN index (text and access keys) and sorted; the same order.
  let windowOrder = ownOnly(query) ? `(c.call_started + interval '0 s') DESC, c.chunk_id COLLATE "C"` : recency;
  const recent = recentCalls === null ? null : recentCallsSource(query, recentCalls, p);
  if (recent !== null) {
    // The chunks of the recent calls behind the fence; every condition (ids and dates too) checked on them.
    source = recent.source;
    conditions = [...ids, ...dates, ...conditions];
    windowOrder = recency;
  }
  const lateral = t.lateral ? ` CROSS JOIN LATERAL ${t.lateral}` : '';
  const rarity = t.concepts.length > 0;
  const score = `${t.score}::real`;
  // The body's key and length are stored per chunk (SearchChunkBodyKey1763901700000): a NULL key
  // is a passage of nothing but filler words; two passages with one key say the same thing.
  const scored = `s AS MATERIALIZED (
      SELECT ${windowCols.replace(/, c\.tsv$/, '')}, ${score} AS score${rarity ? `, q.v AS v, ARRAY[${t.concepts.map((c, i) => `${c.terms === null ? '0' : `CASE WHEN q.v[${i + 1}] > 0 THEN ts_rank(c.tsv, ${c.terms}) ELSE 0 END`}`).join(', ')}]::real[] AS tr, c.body_len AS len, (c.body_key IS NOT NULL)::int AS says` : ''},
             coalesce(c.body_key, c.body_fingerprint) AS copy_key
      FROM w c${lateral} WHERE c.rn <= ${windowSize})`;
  const rescored = rarity ? `,\n    ${rarityRescore(windowCols.replace(/, c\.tsv$/, ''), t.concepts)}` : '';
  const ranked = rarity ? 'r' : 's';

  let keyset = '';
  // Where the tail starts: after the window's last chunk, or after the cursor once in the tail (scalars, so the index scan starts there).
  let tailTs = `(SELECT w.call_started FROM w WHERE w.rn = ${windowSize})`;
  let tailId = `(SELECT w.chunk_id FROM w WHERE w.rn = ${windowSize})`;
  if (after !== null) {
    const b = p.add(after.bucket, 'int');
    const s = p.add(String(after.score), 'real');
    keyset = `WHERE d.bucket > ${b} OR (d.bucket = ${b} AND (d.score < ${s} OR (d.score = ${s} AND d.chunk_id COLLATE "C" > ${p.add(after.chunkId, 'text')})))`;
    if (after.bucket >= TAIL_BUCKET) {
      tailTs = `('epoch'::timestamptz + ${p.add(String(Math.round(after.score)), 'bigint')} * interval '1 microsecond')`;
      tailId = p.add(after.chunkId, 'text');
    }
  }
  const limit = p.add(query.limit, 'int');
  const pageSize = p.add(query.limit + 1, 'int');
  const facets = facetParts(query, p);
  const highlight = t.highlightQuery
    ? `ts_headline('english', t.body, ${t.highlightQuery}, ${p.add(HEADLINE_OPTIONS, 'text')})`
    : 'NULL::text';
  const tailBucket = p.add(TAIL_BUCKET, 'int');
  const sql = `
    WITH ${recent === null ? '' : `${recent.ctes},`}
    w AS MATERIALIZED (
      SELECT c.*, row_number() OVER (ORDER BY ${recency}) AS rn
      FROM (SELECT ${windowCols} FROM ${source} WHERE ${conditions.join(' AND ')} ORDER BY ${windowOrder} LIMIT ${windowSize} + 1) c),
    ${scored}${rescored},
    d AS MATERIALIZED (
      SELECT x.*, ((row_number() OVER (PARTITION BY x.call_id ORDER BY x.score DESC, x.chunk_id COLLATE "C") - 1) / ${p.add(HITS_PER_CALL_PER_PAGE, 'int')})::int AS bucket
      FROM (SELECT s.*, row_number() OVER (PARTITION BY coalesce(s.copy_key, s.chunk_id) ORDER BY s.score DESC, s.chunk_id COLLATE "C") AS copy FROM ${ranked} s) x
      WHERE x.copy = 1),
    per_call AS (
      SELECT d.call_id, count(*) AS n, min(d.account_ids) AS account_ids, min(d.account_names) AS account_names FROM d GROUP BY d.call_id),
    head AS (
      SELECT d.chunk_id, d.score, d.bucket, NULL::text AS pos, row_number() OVER (ORDER BY d.bucket, d.score DESC, d.chunk_id COLLATE "C") AS ord
      FROM d ${keyset} ORDER BY d.bucket, d.score DESC, d.chunk_id COLLATE "C" LIMIT ${pageSize}),
    more AS (SELECT EXISTS (SELECT 1 FROM w WHERE w.rn > ${windowSize}) AS v),
    tail AS (
      SELECT c.chunk_id, ${t.tailScore}::real AS score, ${tailBucket} AS bucket,
             (extract(epoch FROM c.call_started) * 1000000)::bigint::text AS pos,
             ${pageSize} + row_number() OVER (ORDER BY ${recency}) AS ord
      FROM ${source}
      WHERE (SELECT more.v FROM more) AND (SELECT count(*) FROM head) <= ${limit}
        AND ${conditions.join(' AND ')}
        AND c.call_started <= ${tailTs} AND (c.call_started < ${tailTs} OR c.chunk_id COLLATE "C" > ${tailId})
      ORDER BY ${recency} LIMIT ${pageSize}),
    page AS (SELECT * FROM head UNION ALL SELECT * FROM tail)${facets.ctes}
    SELECT
      (SELECT coalesce(sum(per_call.n), 0) FROM per_call)::int AS total,
      (SELECT count(*) FROM per_call)::int AS total_calls,
      (SELECT more.v FROM more) AS total_is_lower_bound,
      ${recent === null ? 'NULL::boolean' : '(SELECT rb.complete FROM rb)'} AS recent_complete,
      ${facets.select},
      (SELECT coalesce(json_agg(h ORDER BY h.ord), '[]'::json)
       FROM (
         SELECT pg.bucket, pg.score, pg.pos, pg.ord, ${HIT_COLUMNS}, ${highlight} AS highlight
         FROM (SELECT * FROM page ORDER BY page.ord LIMIT ${pageSize}) pg
         JOIN search_chunks c ON c.chunk_id = pg.chunk_id
         JOIN search_chunk_texts t ON t.chunk_id = pg.chunk_id
       ) h) AS hits`;
  return { sql, values: p.values };
}

/**
 * The "recent calls" source (`recentCallsEligible`): from `search_calls` (one row per call, its
 * access keys and accounts the union of its chunks', see CreateSearchCalls1763901600000), the
 * `recentCalls` most recent calls passing the AccessFilter, the account filter and the call-start
 * range (`rc`: a rep's by the access keys' GIN index, an account's by the accounts' alone behind a
 * fence (ANDed with a manager's access keys it read 11,700 index entries for 167 calls), sorted; the
 * sort key an expression so the planner does not walk the call-start index instead: a rep's 200
 * most recent of their 1,000 calls were 19,000 rows of that walk, 15 ms, at 100,000 calls), and every other call starting at the
 * same instant as the last of them (ties at the boundary); then the chunks of those calls starting
 * at or after the boundary (`rb.since`), by `search_chunks_call` behind an `OFFSET 0` fence. The
 * statement checks every condition on them as on the table.
 *
 * Exactness: a chunk matching the search with `call_started >= since` belongs to a call whose row
 * passes the same access, account and range conditions (a superset of the chunk's) and starts at or
 * after `since`: it is one of the calls read. So the matches read are exactly the matches at or
 * after the boundary, and when they are more than the ranking window (`more`), the window (the
 * most recent matches), its scores, collapsing, facets and head pages are the full statement's.
 * When fewer than `recentCalls` calls pass (`rb.complete`), the calls read are every call that
 * passes and the whole result is the full statement's, tail included. Otherwise the caller runs
 * the full statement (PostgresSearchIndex.search).
 */
function recentCallsSource(query: SearchQuery, recentCalls: number, p: SqlParameters): { ctes: string; source: string } {
  const calls = [postgresAccessClause(query.accessFilter, p)];
  if (query.startedFrom) calls.push(`c.call_started >= ${p.add(query.startedFrom, 'timestamptz')}`);
  if (query.startedTo) calls.push(`c.call_started < ${p.add(query.startedTo, 'timestamptz')}`);
  // An account's calls are few: found by the accounts index alone (behind a fence), the rest checked
  // on them; else by the access keys (a rep's own: 1% of the calls).
  const accounts = query.accountIds ? `c.account_ids && ${p.add(query.accountIds, 'text[]')}` : null;
  const from = accounts === null ? 'search_calls c' : `(SELECT c.call_id, c.call_started, c.is_private, c.access_keys FROM search_calls c WHERE ${accounts} OFFSET 0) c`;
  const n = p.add(recentCalls, 'int');
  const ctes = `rc AS MATERIALIZED (
      SELECT c.call_id, c.call_started FROM ${from} WHERE ${calls.join(' AND ')} ORDER BY c.call_started + interval '0 s' DESC LIMIT ${n}),
    rb AS MATERIALIZED (
      SELECT count(*) < ${n} AS complete, CASE WHEN count(*) < ${n} THEN '-infinity'::timestamptz ELSE min(rc.call_started) END AS since FROM rc),
    rcalls AS MATERIALIZED (
      SELECT rc.call_id FROM rc
      UNION SELECT c.call_id FROM search_calls c WHERE c.call_started = (SELECT rb.since FROM rb) AND ${[...calls, ...(accounts === null ? [] : [accounts])].join(' AND ')})`;
  // The boundary is an expression, not an index condition: its value is unknown while planning, and
  // the planner ANDed the call ids' bitmap with a call-start range scan it guessed at a third of the
  // index; with `-infinity` (fewer calls than asked) that read every entry (116,000, 12 of a 24 ms
  // account search on bench:relevance's company).
  const source =
    `(SELECT ${FACET_COLUMNS}, ${FILTER_COLUMNS}, c.speaker_user_id, ${SCORE_COLUMNS} FROM search_chunks c ` +
    `WHERE c.call_id = ANY(ARRAY(SELECT rcalls.call_id FROM rcalls)) AND (c.call_started + interval '0 s') >= (SELECT rb.since FROM rb) OFFSET 0) c`;
  return { ctes, source };
}

/** The text's conditions and score: see `buildPostgresSearchStatement`. */
function textClauses(parsed: ParsedSearchText, p: SqlParameters, termQueries: TermQueryLookup): TextClauses {
  if (parsed.kind === 'empty') return { driving: 'FALSE', checked: null, lateral: null, score: '0::real', tailScore: '0', highlightQuery: null, concepts: [] };
  if (parsed.kind === 'syntax') {
    const q = `websearch_to_tsquery('english', ${p.add(parsed.text, 'text')})`;
    return { driving: `c.tsv @@ ${q}`, checked: null, lateral: null, score: `ts_rank(c.tsv, ${q})`, tailScore: `ts_rank(c.tsv, ${q})`, highlightQuery: q, concepts: [] };
  }
  const w = QUESTION_WEIGHTS;
  // A known term query is bound as a constant: PostgreSQL plans the statement without running
  // search_terms_tsquery (a dozen to thirty calls, 2-4 ms of a 5-8 ms plan on bench:relevance).
  const terms = (list: readonly string[], weights: string) => {
    const known = termQueries(list, weights);
    return known === undefined ? `search_terms_tsquery(${p.add(list, 'text[]')}, '${weights}')` : p.add(known, 'tsquery');
  };
  // Candidates: any term in the body, speaker line, topic or trackers, or a question word anywhere
  // (a synonym only in a call's title would make every chunk of the call a candidate). A concept a
  // question word implies has no words of its own, only its group's.
  const anyOf = (exact: readonly string[], synonyms: readonly string[]) =>
    [...(synonyms.length > 0 ? [terms(synonyms, 'AB')] : []), ...(exact.length > 0 ? [terms(exact, '')] : [])].join(' || ') || "''::tsquery";
  const wrap = (q: string) => (q.includes(' || ') ? `(${q})` : q);
  const everything = wrap(anyOf([...new Set(parsed.concepts.flatMap((c) => c.exact))], [...new Set(parsed.concepts.flatMap((c) => [...c.exact, ...c.synonyms]))]));
  const values = parsed.concepts.map((concept) => {
    const own = concept.source === 'vocabulary' ? [w.vocabularyExact, Math.min(w.exactSpeakerTopic, w.vocabularyExact)] : [w.exact, w.exactSpeakerTopic];
    // A passage saying another group's phrase that holds the concept's word uses the word in that sense.
    const unclaimed = concept.claimedBy?.length ? ` && !!${terms(concept.claimedBy, 'A')}` : '';
    const of = (list: readonly string[], weights: string) => (unclaimed ? `(${terms(list, weights)}${unclaimed})` : terms(list, weights));
    const arms = concept.exact.length > 0 ? [`WHEN c.tsv @@ ${of(concept.exact, 'A')} THEN ${own[0]}`, `WHEN c.tsv @@ ${of(concept.exact, 'B')} THEN ${own[1]}`] : [];
    if (concept.synonyms.length > 0) arms.push(`WHEN c.tsv @@ ${of(concept.synonyms, 'AB')} THEN ${w.synonym}`);
    if (concept.exact.length > 0) arms.push(`WHEN c.tsv @@ ${terms(concept.exact, '')} THEN ${w.titleOnly}`);
    return `CASE ${arms.join(' ')} ELSE 0 END`;
  });
  const phrases = parsed.phrases.map((phrase) => `(c.tsv @@ ${terms([phrase], 'AB')})::int * ${w.phrase}`);
  const tracker = parsed.trackers.length > 0 ? [`(c.tracker_names && ${p.add(parsed.trackers, 'text[]')})::int * ${w.tracker}`] : [];
  const side = [`(c.speaker_affiliation = 'External')::int * ${parsed.customerSide ? w.customerSide : w.customerSideDefault}`];
  // Fenced (OFFSET 0): pulled up, every \`q.v[i]\` of the statement (each concept's tf) would be the
  // whole ARRAY of CASEs again, every concept's terms matched once more per window row (3.6% of
  // bench:relevance's account statements).
  const lateral = `(SELECT ARRAY[${values.join(', ')}]::real[] AS v OFFSET 0) q`;
  // Each concept's terms as one query: its minimum coverage checks them, its tf ranks them (one parameter for both).
  const conceptTerms: string[] = [];
  const termsOf = (i: number) => (conceptTerms[i] ??= wrap(anyOf(parsed.concepts[i]!.exact, parsed.concepts[i]!.synonyms)));
  // Any one concept is what the driving condition finds; a longer question's minimum is checked in the scan.
  const checked =
    parsed.minimumShouldMatch > 1
      ? `(${parsed.concepts.map((_, i) => `(c.tsv @@ ${termsOf(i)})::int`).join(' + ')}) >= ${p.add(parsed.minimumShouldMatch, 'int')}`
      : null;
  return {
    driving: `c.tsv @@ ${everything}`,
    checked,
    lateral,
    score: `(${[...phrases, ...tracker, ...side].map((b) => `${b} + `).join('')}0)::real`,
    tailScore: `ts_rank(c.tsv, ${everything})`,
    highlightQuery: everything,
    concepts: parsed.concepts.map((c, i) => ({
      weight: c.weight,
      capped: c.source === 'word' && parsed.concepts.some((o) => o.source !== 'word'),
      terms: c.exact.length + c.synonyms.length > 1 ? termsOf(i) : null,
    })),
  };
}

/**
 * A question's second pass (`r`): each concept's value weighted by how rare the concept is in the
 * window `s` (BM25's idf, ln(1 + (n - df + 0.5) / (df + 0.5)), over the user's most recent
 * matches), by its `weight` and by BM25's term frequency and length saturation
 * (tf (k1 + 1) / (tf + k1 (1 - b + b len / avglen))), divided by the rarest concept's rarity, so a
 * passage covering the question's specific words outranks one covering its generic words, and a
 * passage saying several of a concept's words ("renewal", "usage dropped", "value") outranks a
 * shorter one saying one of them in passing. A concept's tf is how many of its distinct terms the
 * passage says: PostgreSQL's `ts_rank` of an OR query adds about 1/1.645 (6/pi^2) per term said
 * once in the body (weight A; a little more when repeated, 0.4 of it in the speaker line or topic)
 * and divides by the query's distinct terms (`z`, counted once per statement), so tf is
 * ts_rank * z / 0.608, at least 1 for a matching passage. A `capped` concept (a word the
 * sales vocabulary does not know, beside concepts it knows) is never rarer than the rarest
 * vocabulary concept: a rare stray word of the question does not outrank what it asks about.
 */
function rarityRescore(columns: string, concepts: readonly ConceptWeight[]): string {
  const idx = concepts.map((_, i) => i + 1);
  const raw = (i: number) => `ln(1 + (k.n - k.f${i} + 0.5) / (k.f${i} + 0.5))`;
  const uncapped = idx.filter((i) => !concepts[i - 1]!.capped);
  const vocabularyMax = uncapped.length > 1 ? `greatest(${uncapped.map(raw).join(', ')})` : raw(uncapped[0] ?? 1);
  const idf = (i: number) => `${concepts[i - 1]!.capped ? `least(${raw(i)}, ${vocabularyMax})` : raw(i)} AS i${i}`;
  const { lengthK1: k1, lengthB: b } = QUESTION_WEIGHTS;
  // A passage shorter than the window's average is more about what it matches; one saying more of a concept's terms too.
  const length = `${k1} * (${1 - b} + ${b} * s.len / greatest(k.avglen, 1))`;
  const tf = (i: number) => (concepts[i - 1]!.terms === null ? '1' : `greatest(1, s.tr[${i}] * k.z${i} / ${TS_RANK_PER_TERM})`);
  const weighted = idx
    .map((i) => `s.v[${i}] * k.i${i}${concepts[i - 1]!.weight === 1 ? '' : ` * ${concepts[i - 1]!.weight}`} * ${tf(i)} * ${k1 + 1} / (${tf(i)} + ${length})`)
    .join(' + ');
  const max = `greatest(${idx.map((i) => `k.i${i}`).join(', ')})`;
  // A passage of nothing but filler ("Right.", "Mm-hmm.", `says` 0) matches only by its topic or trackers: it says nothing of the concepts.
  const size = (i: number) => {
    const terms = concepts[i - 1]!.terms;
    return terms === null ? `1 AS z${i}` : `(SELECT count(DISTINCT m[1]) FROM regexp_matches((${terms})::text, '''((?:[^'']|'''')*)''', 'g') m) AS z${i}`;
  };
  return `k AS MATERIALIZED (
      SELECT k.avglen, ${idx.map(idf).join(', ')}, ${idx.map(size).join(', ')}
      FROM (SELECT count(*) AS n, avg(s.len) AS avglen, ${idx.map((i) => `count(*) FILTER (WHERE s.v[${i}] > 0) AS f${i}`).join(', ')} FROM s) k),
    r AS MATERIALIZED (
      SELECT ${columns.replace(/c\./g, 's.')}, s.copy_key, (s.score + s.says * (${weighted}) / nullif(${max}, 0))::real AS score
      FROM s, k)`;
}
