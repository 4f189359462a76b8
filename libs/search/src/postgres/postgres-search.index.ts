import type { Chunk } from '@gong-connector/chunking';
import { AppError, ErrorCode, GongIdSchema, validate } from '@gong-connector/contracts';
import type { DataSource, EntityManager } from 'typeorm';
import { toCallSummary, toHitChunk, toSearchDocuments } from '../document/search-document.mapper.js';
import type { SearchDocument } from '../document/search-document.model.js';
import type { DeleteCallResult, IndexWriteResult, ReplaceCallResult, SearchIndex } from '../port/search-index.port.js';
import { SearchCursorCodec } from '../query/search-cursor.codec.js';
import { parseSearchQuery, type SearchQuery, type SearchQueryInput } from '../query/search-query.schema.js';
import {
  HIGHLIGHT_FRAGMENT_SEPARATOR,
  HIGHLIGHT_POST,
  HIGHLIGHT_PRE,
  type FacetBucket,
  type SearchHit,
  type SearchResult,
} from '../query/search-result.model.js';
import { postgresAccessClause } from './postgres-access.clause.js';
import { postgresFilterClauses } from './postgres-filter.clauses.js';
import { SqlParameters } from './sql-parameters.js';

export interface PostgresSearchIndexOptions {
  /** An initialized DataSource whose schema has the `search_chunks` migration. Not closed by `close()`. */
  dataSource: DataSource;
  /** Chunks per INSERT statement (default 500). */
  batchSize?: number;
}

/** The columns a bulk write sends, with their types for `jsonb_to_recordset`. */
const WRITE_COLUMNS: readonly [keyof SearchDocument, string][] = [
  ['chunk_id', 'text'],
  ['call_id', 'text'],
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

const UPSERT_SQL = `
  WITH written AS (
    INSERT INTO search_chunks (${WRITE_COLUMNS.map(([c]) => c).join(', ')})
    SELECT ${WRITE_COLUMNS.map(([c]) => `r.${c}`).join(', ')}
    FROM jsonb_to_recordset($1::jsonb) AS r(${WRITE_COLUMNS.map(([c, t]) => `${c} ${t}`).join(', ')})
    ON CONFLICT (chunk_id) DO UPDATE SET
      ${WRITE_COLUMNS.filter(([c]) => c !== 'chunk_id').map(([c]) => `${c} = EXCLUDED.${c}`).join(',\n      ')},
      indexed_at = now()
    RETURNING 1
  )
  SELECT count(*)::int AS n FROM written`;

/** Serializes rewrites of one call (pg_advisory_xact_lock(classid, hashtext(callId))). */
const CALL_LOCK_CLASS = 1_763_900_002;

const HEADLINE_OPTIONS =
  `StartSel=${HIGHLIGHT_PRE}, StopSel=${HIGHLIGHT_POST}, MaxWords=35, MinWords=12, ` +
  `MaxFragments=3, FragmentDelimiter="${HIGHLIGHT_FRAGMENT_SEPARATOR}"`;

interface HitRow extends Pick<
  SearchDocument,
  | 'chunk_id'
  | 'call_id'
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
  score: number;
  highlight: string | null;
}

interface SearchRow {
  total: number;
  total_calls: number;
  accounts: FacetBucket[];
  speakers: FacetBucket[];
  trackers: FacetBucket[];
  hits: HitRow[];
}

/**
 * The embedded search index: PostgreSQL full text over the `search_chunks` table (see the
 * CreateSearchChunks migration). English stemming (`websearch_to_tsquery`), `ts_rank_cd` over the
 * weighted tsvector, `ts_headline` highlights, filters and the AccessFilter as one WHERE clause of
 * bound parameters, keyset paging on (score desc, chunk id asc), facets as grouped counts. One
 * statement per search (hits, total and facets together) and one per write batch.
 */
export class PostgresSearchIndex implements SearchIndex {
  readonly kind = 'postgres' as const;
  private readonly ds: DataSource;
  private readonly batchSize: number;
  private readonly cursors = new SearchCursorCodec('postgres');

  constructor(options: PostgresSearchIndexOptions) {
    this.ds = options.dataSource;
    this.batchSize = options.batchSize ?? 500;
    if (!Number.isInteger(this.batchSize) || this.batchSize < 1) {
      throw new AppError(ErrorCode.CONFIG_INVALID, 'PostgresSearchIndex: batchSize must be a positive integer', {
        details: [{ path: 'batchSize', message: 'must be a positive integer' }],
      });
    }
  }

  async ensureReady(): Promise<void> {
    const [row] = (await this.ds.query(`SELECT to_regclass('search_chunks') IS NOT NULL AS ready`)) as { ready: boolean }[];
    if (!row?.ready) {
      throw new AppError(
        ErrorCode.DEPENDENCY_UNAVAILABLE,
        'The search_chunks table is missing from the database schema: run the migrations (CreateSearchChunks1763900002000).',
      );
    }
  }

  async upsertChunks(chunks: readonly Chunk[]): Promise<IndexWriteResult> {
    const docs = toSearchDocuments(chunks);
    let written = 0;
    for (let i = 0; i < docs.length; i += this.batchSize) {
      written += await this.writeBatch(this.ds.manager, docs.slice(i, i + this.batchSize));
    }
    return { written };
  }

  async replaceCallChunks(callId: string, chunks: readonly Chunk[]): Promise<ReplaceCallResult> {
    const docs = toSearchDocuments(chunks, callId);
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
    const { sql, values } = buildSearchStatement(query, after);
    const [row] = (await this.ds.query(sql, values)) as SearchRow[];
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
      totalCalls: row.total_calls,
      facets: { accounts: row.accounts, speakers: row.speakers, trackers: row.trackers },
      nextCursor: rows.length > query.limit && last ? this.cursors.encode(query, { score: last.score, chunkId: last.chunk_id }) : null,
    };
  }

  private async writeBatch(manager: EntityManager, docs: readonly SearchDocument[]): Promise<number> {
    if (docs.length === 0) return 0;
    const [row] = (await manager.query(UPSERT_SQL, [JSON.stringify(docs)])) as { n: number }[];
    return row.n;
  }
}

/** The one statement of a search: the matching set once, then the page, the total and the facets. */
function buildSearchStatement(query: SearchQuery, after: { score: number; chunkId: string } | null): { sql: string; values: unknown[] } {
  const p = new SqlParameters();
  const where = postgresFilterClauses(query, p);
  where.push(postgresAccessClause(query.accessFilter, p));
  let score = '0::real';
  let highlight = 'NULL::text';
  if (query.text !== null) {
    const tsquery = `websearch_to_tsquery('english', ${p.add(query.text, 'text')})`;
    where.push(`c.tsv @@ ${tsquery}`);
    score = `ts_rank_cd(c.tsv, ${tsquery})`;
    highlight = `ts_headline('english', c.body, ${tsquery}, ${p.add(HEADLINE_OPTIONS, 'text')})`;
  }
  const keyset =
    after === null
      ? ''
      : (() => {
          const s = p.add(String(after.score), 'real');
          return `WHERE m.score < ${s} OR (m.score = ${s} AND m.chunk_id COLLATE "C" > ${p.add(after.chunkId, 'text')})`;
        })();
  const pageSize = p.add(query.limit + 1, 'int');
  const facets = query.facetSize > 0;
  const facetLimit = facets ? p.add(query.facetSize, 'int') : '';
  const buckets = (key: string, label: string, from: string) =>
    facets
      ? `(SELECT coalesce(json_agg(json_build_object('value', f.value, 'label', f.label, 'count', f.n)
                                  ORDER BY f.n DESC, f.value COLLATE "C"), '[]'::json)
          FROM (SELECT ${key} AS value, ${label} AS label, count(*)::int AS n ${from}
                GROUP BY ${key} ORDER BY n DESC, ${key} COLLATE "C" LIMIT ${facetLimit}) f)`
      : `'[]'::json`;
  const sql = `
    WITH m AS MATERIALIZED (
      SELECT c.chunk_id, c.call_id, c.account_ids, c.account_names, c.speaker_email, c.speaker_name, c.tracker_names,
             ${score} AS score
      FROM search_chunks c
      WHERE ${where.join('\n        AND ')}
    ),
    page AS (
      SELECT m.chunk_id, m.score FROM m ${keyset}
      ORDER BY m.score DESC, m.chunk_id COLLATE "C"
      LIMIT ${pageSize}
    )
    SELECT
      (SELECT count(*) FROM m)::int AS total,
      (SELECT count(DISTINCT m.call_id) FROM m)::int AS total_calls,
      ${buckets('x.id', 'max(x.name)', 'FROM m CROSS JOIN LATERAL unnest(m.account_ids, m.account_names) AS x(id, name)')} AS accounts,
      ${buckets('m.speaker_email', 'max(m.speaker_name)', 'FROM m WHERE m.speaker_email IS NOT NULL')} AS speakers,
      ${buckets('t.name', 't.name', 'FROM m CROSS JOIN LATERAL unnest(m.tracker_names) AS t(name)')} AS trackers,
      (SELECT coalesce(json_agg(h ORDER BY h.score DESC, h.chunk_id COLLATE "C"), '[]'::json)
       FROM (
         SELECT pg.score, c.chunk_id, c.call_id, c.call_title, c.call_started, c.call_duration_s, c.workspace_id,
                c.host_user_id, c.account_ids, c.account_names, c.topic, c.start_ms, c.end_ms, c.speaker_line, c.body,
                c.metadata, ${highlight} AS highlight
         FROM page pg JOIN search_chunks c ON c.chunk_id = pg.chunk_id
       ) h) AS hits`;
  return { sql, values: p.values };
}
