import type { SearchCursorPosition } from '../query/search-cursor.codec.js';
import { parseSearchText, type ParsedSearchText } from '../question/search-text.parser.js';
import { HITS_PER_CALL_PER_PAGE, type SearchQuery } from '../query/search-query.schema.js';
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
 * Score parts of a question (see `questionScoring`): a concept matched by its own words in the
 * body, speaker line, topic or trackers (weights A and B), by a synonym there, or only in the call
 * title or account names (weight C); an adjacent-word phrase of the question; a tracker the
 * question's concepts name; a customer-side speaker when the question asks about the customer.
 */
export const QUESTION_WEIGHTS = Object.freeze({ exact: 1, exactSpeakerTopic: 0.8, synonym: 0.6, titleOnly: 0.25, phrase: 0.5, tracker: 0.5, customerSide: 0.3 });

/** The text's part of a statement: the condition that finds candidates, the one checked on them, the score, the highlight query. */
interface TextClauses {
  driving: string;
  checked: string | null;
  lateral: string | null;
  score: string;
  highlightQuery: string | null;
  /** A question's concept values per chunk (`q.v`), weighted by rarity in a second pass (see `rarityRescore`). */
  concepts: number;
}

/**
 * The one statement of a search. It finds the matching set once (`m`: the chunks passing the
 * filters, the AccessFilter and the text, with their score), collapses duplicates and orders the
 * rest in rounds per call (`d`, see below), then from it the page (keyset on round asc, score
 * desc, chunk id asc in byte order, one row more than the page), the total, the distinct calls
 * and the facets; only the page's rows are read whole (`search_chunk_texts`) and highlighted.
 *
 * Text (see `SearchQuerySchema`): search syntax is `websearch_to_tsquery`, ranked by `ts_rank`. A
 * question is the OR of all its concepts' terms (`search_terms_tsquery`, one GIN-indexed condition
 * that finds the candidates), checked for the minimum number of concepts covered, and scored by
 * coverage: per concept `QUESTION_WEIGHTS.exact` for its own words in the body,
 * `.exactSpeakerTopic` in the speaker line, topic or trackers, `.synonym` for a synonym there, `.titleOnly` for its own words only in the
 * call title or accounts (synonyms there do not count: they would make every chunk of a call a
 * candidate); plus `.phrase` per adjacent-word phrase found, `.tracker` when a tracker the
 * concepts name fired in the chunk (ties: chunk id).
 *
 * Diversity, for text searches: of the chunks with the same `body_fingerprint` only the best
 * stays; each call's chunks are numbered by score, and chunk n of a call is in round
 * floor((n - 1) / HITS_PER_CALL_PER_PAGE). Hits come round by round, so a call shows at most
 * three hits among the others' best, and its further hits follow in later rounds: every hit
 * stays reachable, and the order is one total order, so paging is exact and stable.
 *
 * Plan shape (EXPLAIN (ANALYZE, BUFFERS) over 10,000 calls decided it): the conditions that find
 * the candidates through indexes are chosen here, inside an `OFFSET 0` fence, and the others are
 * checked on the candidates, still inside the statement:
 *
 * - an id filter (calls, accounts, speaker emails or user ids) drives alone: an account's chunks
 *   are few (1 ms for an account question);
 * - else the access filter and the text drive together: both are columns of the one GIN index
 *   (tsv, access_keys), so PostgreSQL intersects the text's posting lists with the user's access
 *   keys inside the index scan, and with the tracker filter, the index's third column; dates,
 *   topics, sections and affiliation are checked on what it finds;
 * - else (a listing without text) the planner gets every condition.
 */
export function buildPostgresSearchStatement(query: SearchQuery, after: SearchCursorPosition | null): { sql: string; values: unknown[] } {
  const p = new SqlParameters();
  const { ids, withText, others } = postgresFilterClauses(query, p);
  const access = postgresAccessClause(query.accessFilter, p);
  const text = query.text === null ? null : textClauses(parseSearchText(query.text), p);
  const highlight = text?.highlightQuery
    ? `ts_headline('english', t.body, ${text.highlightQuery}, ${p.add(HEADLINE_OPTIONS, 'text')})`
    : 'NULL::text';
  const columns =
    'c.chunk_id, c.call_id, c.section, c.body_fingerprint, c.account_ids, c.account_names, c.speaker_email, c.speaker_name, c.tracker_names';
  // Which conditions find the candidates through indexes (inside the OFFSET 0 fence), and which are
  // checked on them: see the doc comment.
  const [driving, checked] =
    ids.length > 0
      ? [ids, [...withText, ...others, access, ...(text ? [text.driving] : [])]]
      : text !== null
        ? [[access, text.driving, ...withText], others]
        : [[...withText, ...others, access], []];
  if (text?.checked) checked.push(text.checked);
  const score = text === null ? '0::real' : text.concepts === 1 ? `(${text.score} + q.v[1])::real` : text.score;
  const lateral = text?.lateral ? ` CROSS JOIN LATERAL ${text.lateral}` : '';
  // One concept needs no rarity pass: its value is the score (plus the boosts).
  const rarity = text !== null && text.concepts > 1;
  const conceptValues = rarity ? ', q.v AS v' : '';
  const matched =
    checked.length > 0 || lateral !== ''
      ? `m AS MATERIALIZED (
           SELECT ${columns}, ${score} AS score${conceptValues}
           FROM (SELECT ${columns}, ${CANDIDATE_COLUMNS} FROM search_chunks c WHERE ${driving.join(' AND ')} OFFSET 0) c${lateral}
           ${checked.length > 0 ? `WHERE ${checked.join(' AND ')}` : ''})`
      : `m AS MATERIALIZED (SELECT ${columns}, ${score} AS score FROM search_chunks c WHERE ${driving.join(' AND ')})`;
  const rescored = rarity ? `,\n    ${rarityRescore(columns, text.concepts)}` : '';
  const scored = rescored === '' ? 'm' : 'r';
  // Duplicates collapse and calls take turns (text searches only; a listing is every chunk, by id).
  const diversified =
    text === null
      ? `d AS (SELECT m.*, 0 AS bucket FROM m)`
      : `d AS MATERIALIZED (
           SELECT x.*, ((row_number() OVER (PARTITION BY x.call_id ORDER BY x.score DESC, x.chunk_id COLLATE "C") - 1) / ${p.add(HITS_PER_CALL_PER_PAGE, 'int')})::int AS bucket
           FROM (SELECT s.*, row_number() OVER (PARTITION BY coalesce(s.body_fingerprint, s.chunk_id) ORDER BY s.score DESC, s.chunk_id COLLATE "C") AS copy FROM ${scored} s) x
           WHERE x.copy = 1)`;
  let keyset = '';
  if (after !== null) {
    const b = p.add(after.bucket, 'int');
    const s = p.add(String(after.score), 'real');
    keyset = `WHERE d.bucket > ${b} OR (d.bucket = ${b} AND (d.score < ${s} OR (d.score = ${s} AND d.chunk_id COLLATE "C" > ${p.add(after.chunkId, 'text')})))`;
  }
  const pageSize = p.add(query.limit + 1, 'int');

  let facets = `'[]'::json AS accounts, '[]'::json AS speakers, '[]'::json AS trackers, '[]'::json AS sections`;
  let facetCtes = '';
  if (query.facetSize > 0) {
    const n = p.add(query.facetSize, 'int');
    const json = (from: string) =>
      `(SELECT coalesce(json_agg(json_build_object('value', f.value, 'label', f.label, 'count', f.n)
                                 ORDER BY f.n DESC, f.value COLLATE "C"), '[]'::json) FROM ${from} f)`;
    facets = `${json('account_facet')} AS accounts, ${json('speaker_facet')} AS speakers, ${json('tracker_facet')} AS trackers, ${json('section_facet')} AS sections`;
    // Every chunk of a call has the same accounts: counted once per call, weighted by its chunks.
    facetCtes = `,
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
  }
  const sql = `
    WITH ${matched}${rescored},
    ${diversified},
    per_call AS (
      SELECT d.call_id, count(*) AS n, min(d.account_ids) AS account_ids, min(d.account_names) AS account_names FROM d GROUP BY d.call_id),
    page AS (SELECT d.chunk_id, d.score, d.bucket FROM d ${keyset} ORDER BY d.bucket, d.score DESC, d.chunk_id COLLATE "C" LIMIT ${pageSize})${facetCtes}
    SELECT
      (SELECT coalesce(sum(per_call.n), 0) FROM per_call)::int AS total,
      (SELECT count(*) FROM per_call)::int AS total_calls,
      ${facets},
      (SELECT coalesce(json_agg(h ORDER BY h.bucket, h.score DESC, h.chunk_id COLLATE "C"), '[]'::json)
       FROM (
         SELECT pg.bucket, pg.score, c.chunk_id, c.call_id, c.section, t.call_title, c.call_started, t.call_duration_s, c.workspace_id,
                c.host_user_id, c.account_ids, c.account_names, c.topic, t.start_ms, t.end_ms, t.speaker_line, t.body,
                t.metadata, ${highlight} AS highlight
         FROM page pg
         JOIN search_chunks c ON c.chunk_id = pg.chunk_id
         JOIN search_chunk_texts t ON t.chunk_id = pg.chunk_id
       ) h) AS hits`;
  // One line: the statement travels on every search, and the server parses every byte of it.
  return { sql: sql.replace(/\s+/g, ' ').trim(), values: p.values };
}

/** The text's conditions and score: see `buildPostgresSearchStatement`. */
function textClauses(parsed: ParsedSearchText, p: SqlParameters): TextClauses {
  if (parsed.kind === 'empty') return { driving: 'FALSE', checked: null, lateral: null, score: '0::real', highlightQuery: null, concepts: 0 };
  if (parsed.kind === 'syntax') {
    const q = `websearch_to_tsquery('english', ${p.add(parsed.text, 'text')})`;
    return { driving: `c.tsv @@ ${q}`, checked: null, lateral: null, score: `ts_rank(c.tsv, ${q})`, highlightQuery: q, concepts: 0 };
  }
  const w = QUESTION_WEIGHTS;
  const terms = (list: readonly string[], weights: string) => `search_terms_tsquery(${p.add(list, 'text[]')}, '${weights}')`;
  // Candidates: any term in the body, speaker line, topic or trackers, or a question word anywhere
  // (a synonym only in a call's title would make every chunk of the call a candidate).
  const everything =
    `(${terms([...new Set(parsed.concepts.flatMap((c) => [...c.exact, ...c.synonyms]))], 'AB')}` +
    ` || ${terms([...new Set(parsed.concepts.flatMap((c) => c.exact))], '')})`;
  const values = parsed.concepts.map((concept) => {
    const arms = [`WHEN c.tsv @@ ${terms(concept.exact, 'A')} THEN ${w.exact}`, `WHEN c.tsv @@ ${terms(concept.exact, 'B')} THEN ${w.exactSpeakerTopic}`];
    if (concept.synonyms.length > 0) arms.push(`WHEN c.tsv @@ ${terms(concept.synonyms, 'AB')} THEN ${w.synonym}`);
    arms.push(`WHEN c.tsv @@ ${terms(concept.exact, '')} THEN ${w.titleOnly}`);
    return `CASE ${arms.join(' ')} ELSE 0 END`;
  });
  const phrases = parsed.phrases.map((phrase) => `(c.tsv @@ ${terms([phrase], 'AB')})::int * ${w.phrase}`);
  const tracker = parsed.trackers.length > 0 ? [`(c.tracker_names && ${p.add(parsed.trackers, 'text[]')})::int * ${w.tracker}`] : [];
  const side = parsed.customerSide ? [`(c.speaker_affiliation = 'External')::int * ${w.customerSide}`] : [];
  const lateral =
    `(SELECT ARRAY[${values.map((_, i) => `x.v${i}`).join(', ')}]::real[] AS v, ${values.map((_, i) => `(x.v${i} > 0)::int`).join(' + ')} AS covered ` +
    `FROM (SELECT ${values.map((v, i) => `${v} AS v${i}`).join(', ')}) x) q`;
  return {
    driving: `c.tsv @@ ${everything}`,
    checked: `q.covered >= ${p.add(parsed.minimumShouldMatch, 'int')}`,
    lateral,
    // No ts_rank here: over a question's many terms it costs more per match than all the concept checks.
    score: `(${[...phrases, ...tracker, ...side].map((b) => `${b} + `).join('')}0)::real`,
    highlightQuery: everything,
    concepts: values.length,
  };
}

/**
 * A question's second pass (`r`): each concept's value weighted by how rare the concept is among
 * the matches (BM25's idf, ln(1 + (n - df + 0.5) / (df + 0.5)), over the matched set `m`: the
 * access-filtered chunks of the user's scope), divided by the rarest concept's weight, so a
 * passage covering the question's specific words outranks one covering its generic words.
 */
function rarityRescore(columns: string, concepts: number): string {
  const idx = Array.from({ length: concepts }, (_, i) => i + 1);
  const idf = (i: number) =>
    `ln(1 + (count(*) OVER () - count(*) FILTER (WHERE m.v[${i}] > 0) OVER () + 0.5) / (count(*) FILTER (WHERE m.v[${i}] > 0) OVER () + 0.5))`;
  const weighted = idx.map((i) => `w.v[${i}] * w.i${i}`).join(' + ');
  const max = concepts === 1 ? 'w.i1' : `greatest(${idx.map((i) => `w.i${i}`).join(', ')})`;
  return `r AS MATERIALIZED (
      SELECT ${columns.replace(/c\./g, 'w.')}, (w.score + (${weighted}) / nullif(${max}, 0))::real AS score
      FROM (SELECT m.*, ${idx.map((i) => `${idf(i)} AS i${i}`).join(', ')} FROM m) w)`;
}
