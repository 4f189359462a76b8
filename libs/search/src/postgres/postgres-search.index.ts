import type { Chunk } from '@gong-connector/chunking';
import { AppError, ErrorCode, GongIdSchema, validate } from '@gong-connector/contracts';
import { LRUCache } from 'lru-cache';
import type { DataSource, EntityManager } from 'typeorm';
import { toCallSummary, toHitChunk, toSearchDocuments } from '../document/search-document.mapper.js';
import type { SearchDocument } from '../document/search-document.model.js';
import type { DeleteCallResult, IndexWriteResult, ReplaceCallResult, SearchIndex } from '../port/search-index.port.js';
import { SearchCursorCodec, type SearchCursorPosition } from '../query/search-cursor.codec.js';
import { parseSearchQuery, type SearchQuery, type SearchQueryInput } from '../query/search-query.schema.js';
import type { FacetBucket, SearchHit, SearchResult } from '../query/search-result.model.js';
import { buildPostgresSearchStatement, RANKING_WINDOW, RECENT_CALLS, recentCallsEligible, TAIL_BUCKET, type TermQueryLookup } from './postgres-search.statement.js';
import type { SqlDatabase } from './sql-database.port.js';

export interface PostgresSearchIndexOptions {
  /** The replica's open database (persistence's `Database`), migrated with `search_chunks`. Not closed by `close()`. */
  database: SqlDatabase;
  /** Chunks per INSERT statement (default 500). */
  batchSize?: number;
  /** Matches a text search scores, collapses and facets (default `RANKING_WINDOW`); past them hits come in recency order. */
  rankingWindow?: number;
  /** Calls a narrow text search reads first (default `RECENT_CALLS`; see `recentCallsEligible`); 0: never, every search runs the full statement. */
  recentCalls?: number;
  /** Term lists whose query (`search_terms_tsquery`) is kept in memory (default `TERM_QUERY_CACHE`); 0: none, every statement calls the function. */
  termQueryCache?: number;
}

/**
 * Term lists whose `search_terms_tsquery` text a PostgresSearchIndex keeps (an LRU). A question's
 * concepts are the sales vocabulary's groups and their words, so the same lists come back across
 * users and questions: about 20 lists per question at most, a few thousand in all.
 */
export const TERM_QUERY_CACHE = 5_000;

/** The term queries of a batch of term lists, in one round trip (`e.ord` keeps their order). */
const TERM_QUERIES_SQL = `
  SELECT e.ord, search_terms_tsquery(ARRAY(SELECT jsonb_array_elements_text(e.v->'t')), e.v->>'w')::text AS q
  FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS e(v, ord) ORDER BY e.ord`;

/** What a bulk write sends, with the types `jsonb_to_recordset` reads them as. */
const RECORD_COLUMNS: readonly [keyof SearchDocument, string][] = [
  ['chunk_id', 'text'],
  ['call_id', 'text'],
  ['section', 'text'],
  ['body_fingerprint', 'text'],
  ['chunk_index', 'integer'],
  ['call_title', 'text'],
  ['call_started', 'timestamptz'],
  ['call_duration_s', 'integer'],
  ['workspace_id', 'text'],
  ['host_user_id', 'text'],
  ['participant_user_ids', 'text[]'],
  ['is_private', 'boolean'],
  ['account_ids', 'text[]'],
  ['account_names', 'text[]'],
  ['speaker_id', 'text'],
  ['speaker_name', 'text'],
  ['speaker_email', 'text'],
  ['speaker_user_id', 'text'],
  ['speaker_affiliation', 'text'],
  ['topic', 'text'],
  ['tracker_names', 'text[]'],
  ['start_ms', 'integer'],
  ['end_ms', 'integer'],
  ['speaker_line', 'text'],
  ['body', 'text'],
  ['metadata', 'jsonb'],
];
const SEARCH_COLUMNS = [
  'chunk_id', 'call_id', 'section', 'body_fingerprint', 'call_started', 'is_private', 'workspace_id', 'host_user_id', 'participant_user_ids', 'account_ids',
  'account_names', 'speaker_id', 'speaker_name', 'speaker_email', 'speaker_user_id', 'speaker_affiliation', 'topic', 'tracker_names',
];
const TEXT_COLUMNS = ['chunk_id', 'chunk_index', 'call_title', 'call_duration_s', 'start_ms', 'end_ms', 'speaker_line', 'body', 'metadata'];
const updates = (columns: readonly string[]) => columns.filter((c) => c !== 'chunk_id').map((c) => `${c} = EXCLUDED.${c}`).join(', ');

/** One statement per batch: both tables, the tsvector built by the schema's `search_chunk_tsv`. */
const UPSERT_SQL = `
  WITH r AS MATERIALIZED (
    SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(${RECORD_COLUMNS.map(([c, t]) => `${c} ${t}`).join(', ')})
  ),
  chunks AS (
    INSERT INTO search_chunks (${SEARCH_COLUMNS.join(', ')}, tsv)
    SELECT ${SEARCH_COLUMNS.map((c) => `r.${c}`).join(', ')},
           search_chunk_tsv(r.body, r.speaker_line, r.topic, r.tracker_names, r.call_title, r.account_names)
    FROM r
    ON CONFLICT (chunk_id) DO UPDATE SET ${updates(SEARCH_COLUMNS)}, tsv = EXCLUDED.tsv
    RETURNING 1
  ),
  texts AS (
    INSERT INTO search_chunk_texts (${TEXT_COLUMNS.join(', ')})
    SELECT ${TEXT_COLUMNS.map((c) => `r.${c}`).join(', ')} FROM r
    ON CONFLICT (chunk_id) DO UPDATE SET ${updates(TEXT_COLUMNS)}, indexed_at = now()
    RETURNING 1
  )
  SELECT (SELECT count(*) FROM chunks)::int AS n, (SELECT count(*) FROM texts)::int AS texts`;

/** Serializes rewrites of one call (pg_advisory_xact_lock(classid, hashtext(callId))). */
const CALL_LOCK_CLASS = 1_763_900_002;

interface HitRow extends Pick<
  SearchDocument,
  | 'chunk_id'
  | 'call_id'
  | 'section'
  | 'call_title'
  | 'call_started'
  | 'call_duration_s'
  | 'workspace_id'
  | 'host_user_id'
  | 'account_ids'
  | 'account_names'
  | 'topic'
  | 'start_ms'
  | 'end_ms'
  | 'speaker_line'
  | 'body'
  | 'metadata'
> {
  bucket: number;
  score: number;
  /** A tail hit's call start in epoch microseconds (its cursor position); null otherwise. */
  pos: string | null;
  highlight: string | null;
}

interface SearchRow {
  total: number;
  total_calls: number;
  total_is_lower_bound: boolean;
  /** Whether the recent calls were every call passing the filters (null: the full statement). */
  recent_complete: boolean | null;
  accounts: FacetBucket[];
  speakers: FacetBucket[];
  trackers: FacetBucket[];
  sections: FacetBucket[];
  hits: HitRow[];
}

/**
 * The embedded search index: PostgreSQL full text over the `search_chunks` and
 * `search_chunk_texts` tables (see the CreateSearchChunks migration; deleting a chunk cascades to
 * its text). English stemming (`websearch_to_tsquery`), `ts_rank` over the weighted tsvector,
 * `ts_headline` highlights, filters and the AccessFilter (as `access_keys`) as WHERE conditions of bound parameters,
 * keyset paging on (score desc, chunk id asc), facets as grouped counts. One statement per search
 * (hits, total and facets together; see `buildPostgresSearchStatement`) and one per write batch,
 * rows in chunk id order so concurrent writers lock them in the same order.
 */
export class PostgresSearchIndex implements SearchIndex {
  readonly kind = 'postgres' as const;
  private readonly ds: DataSource;
  private readonly batchSize: number;
  private readonly rankingWindow: number;
  private readonly recentCalls: number;
  private readonly cursors = new SearchCursorCodec('postgres');
  private readonly termQueries: LRUCache<string, string> | null;

  constructor(options: PostgresSearchIndexOptions) {
    this.ds = options.database.dataSource;
    this.batchSize = options.batchSize ?? 500;
    this.rankingWindow = options.rankingWindow ?? RANKING_WINDOW;
    this.recentCalls = options.recentCalls ?? RECENT_CALLS;
    const termQueryCache = options.termQueryCache ?? TERM_QUERY_CACHE;
    for (const [path, value, min] of [['batchSize', this.batchSize, 1], ['rankingWindow', this.rankingWindow, 1], ['recentCalls', this.recentCalls, 0], ['termQueryCache', termQueryCache, 0]] as const) {
      if (!Number.isInteger(value) || value < min) {
        const message = min === 0 ? 'must be a non-negative integer' : 'must be a positive integer';
        throw new AppError(ErrorCode.CONFIG_INVALID, `PostgresSearchIndex: ${path} ${message}`, { details: [{ path, message }] });
      }
    }
    this.termQueries = termQueryCache > 0 ? new LRUCache<string, string>({ max: termQueryCache }) : null;
  }

  async ensureReady(): Promise<void> {
    const [row] = (await this.ds.query(
      `SELECT to_regclass('search_chunks') IS NOT NULL AND to_regclass('search_chunk_texts') IS NOT NULL AS ready`,
    )) as { ready: boolean }[];
    if (!row?.ready) {
      throw new AppError(
        ErrorCode.DEPENDENCY_UNAVAILABLE,
        'The search_chunks tables are missing from the database schema: run the migrations (CreateSearchChunks1763900002000).',
      );
    }
  }

  async upsertChunks(chunks: readonly Chunk[]): Promise<IndexWriteResult> {
    const docs = sortById(toSearchDocuments(chunks));
    let written = 0;
    for (let i = 0; i < docs.length; i += this.batchSize) {
      written += await this.writeBatch(this.ds.manager, docs.slice(i, i + this.batchSize));
    }
    return { written };
  }

  async replaceCallChunks(callId: string, chunks: readonly Chunk[]): Promise<ReplaceCallResult> {
    const docs = sortById(toSearchDocuments(chunks, callId));
    return this.ds.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [CALL_LOCK_CLASS, callId]);
      let written = 0;
      for (let i = 0; i < docs.length; i += this.batchSize) {
        written += await this.writeBatch(tx, docs.slice(i, i + this.batchSize));
      }
      const [row] = (await tx.query(
        `WITH gone AS (DELETE FROM search_chunks WHERE call_id = $1 AND NOT (chunk_id = ANY($2::text[])) RETURNING 1)
         SELECT count(*)::int AS n FROM gone`,
        [callId, docs.map((d) => d.chunk_id)],
      )) as { n: number }[];
      return { written, deleted: row.n };
    });
  }

  async deleteCall(callId: string): Promise<DeleteCallResult> {
    validate(GongIdSchema, callId, 'callId');
    const [row] = (await this.ds.query(
      `WITH gone AS (DELETE FROM search_chunks WHERE call_id = $1 RETURNING 1) SELECT count(*)::int AS n FROM gone`,
      [callId],
    )) as { n: number }[];
    return { deleted: row.n };
  }

  async count(): Promise<number> {
    const [row] = (await this.ds.query('SELECT count(*)::bigint AS n FROM search_chunks')) as { n: string }[];
    return Number(row.n);
  }

  async close(): Promise<void> {
    // The DataSource belongs to the caller.
  }

  async search(input: SearchQueryInput): Promise<SearchResult> {
    const query = parseSearchQuery(input);
    const after = this.cursors.decode(query);
    // Once per search: the recent-calls statement and the full one ask for the same term lists.
    const terms = await this.termQueryLookup(query, after);
    const row = (this.recentCalls > 0 && recentCallsEligible(query, after) && (await this.recentSearch(query, after, terms))) || (await this.statement(query, after, null, terms));
    const rows = row.hits;
    const page = rows.slice(0, query.limit);
    const hits: SearchHit[] = page.map((h) => ({
      chunkId: h.chunk_id,
      callId: h.call_id,
      score: h.score,
      highlight: query.text === null ? null : h.highlight,
      chunk: toHitChunk(h),
      call: toCallSummary(h),
    }));
    const last = page[page.length - 1];
    return {
      hits,
      total: row.total,
      totalRelation: row.total_is_lower_bound ? 'gte' : 'eq',
      totalCalls: row.total_calls,
      facets: { accounts: row.accounts, speakers: row.speakers, trackers: row.trackers, sections: row.sections },
      nextCursor:
        rows.length > query.limit && last ? this.cursors.encode(query, { bucket: last.bucket, score: last.pos === null ? last.score : Number(last.pos), chunkId: last.chunk_id }) : null,
    };
  }

  private async statement(query: SearchQuery, after: SearchCursorPosition | null, recentCalls: number | null, termQueries: TermQueryLookup | undefined): Promise<SearchRow> {
    const { sql, values } = buildPostgresSearchStatement(query, after, { rankingWindow: this.rankingWindow, recentCalls, termQueries });
    const [row] = (await this.ds.query(sql, values)) as SearchRow[];
    return row;
  }

  /**
   * The term queries a text statement needs, from the cache, those missing asked of PostgreSQL in
   * one round trip first (`search_terms_tsquery` is IMMUTABLE: a list's query never changes). An
   * empty query (a list of stop words) stays a function call: a bound empty tsquery draws a notice.
   */
  private async termQueryLookup(query: SearchQuery, after: SearchCursorPosition | null): Promise<TermQueryLookup | undefined> {
    const cache = this.termQueries;
    if (cache === null || query.text === null) return undefined;
    const key = (terms: readonly string[], weights: string) => JSON.stringify([weights, terms]);
    const missing = new Map<string, { t: readonly string[]; w: string }>();
    buildPostgresSearchStatement(query, after, {
      rankingWindow: this.rankingWindow,
      termQueries: (terms, weights) => {
        const k = key(terms, weights);
        if (!cache.has(k)) missing.set(k, { t: terms, w: weights });
        return undefined;
      },
    });
    if (missing.size > 0) {
      const rows = (await this.ds.query(TERM_QUERIES_SQL, [JSON.stringify([...missing.values()])])) as { ord: string; q: string }[];
      const keys = [...missing.keys()];
      for (const row of rows) cache.set(keys[Number(row.ord) - 1]!, row.q);
    }
    return (terms, weights) => {
      const known = cache.get(key(terms, weights));
      return known === undefined || known === '' ? undefined : known;
    };
  }

  /**
   * A narrow search from its recent calls first (see `recentCallsEligible` and the statement's
   * `recentCallsSource`): its result when it is provably the full statement's, that is when the
   * recent calls were every call passing the filters, or when their matches overflow the ranking
   * window (`more`) and no hit of the page comes from the tail (which the recent calls cut short);
   * else null, and the caller runs the full statement (a rare question: its index scan is cheap).
   */
  private async recentSearch(query: SearchQuery, after: SearchCursorPosition | null, termQueries: TermQueryLookup | undefined): Promise<SearchRow | null> {
    const row = await this.statement(query, after, this.recentCalls, termQueries);
    if (row.recent_complete) return row;
    return row.total_is_lower_bound && row.hits.every((h) => h.bucket < TAIL_BUCKET) ? row : null;
  }

  private async writeBatch(manager: EntityManager, docs: readonly SearchDocument[]): Promise<number> {
    if (docs.length === 0) return 0;
    const [row] = (await manager.query(UPSERT_SQL, [JSON.stringify(docs)])) as { n: number }[];
    return row.n;
  }
}

function sortById(docs: SearchDocument[]): SearchDocument[] {
  return docs.sort((a, b) => (a.chunk_id < b.chunk_id ? -1 : a.chunk_id > b.chunk_id ? 1 : 0));
}
