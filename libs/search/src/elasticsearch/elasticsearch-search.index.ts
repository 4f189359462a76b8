import { Client, errors, type estypes } from '@elastic/elasticsearch';
import type { Chunk } from '@gong-connector/chunking';
import { AppError, ErrorCode, GongIdSchema, validate } from '@gong-connector/contracts';
import { toCallSummary, toHitChunk, toSearchDocuments } from '../document/search-document.mapper.js';
import type { SearchDocument } from '../document/search-document.model.js';
import type { DeleteCallResult, IndexWriteResult, ReplaceCallResult, SearchIndex } from '../port/search-index.port.js';
import { SearchCursorCodec, type SearchCursorPosition } from '../query/search-cursor.codec.js';
import { byScore, compareDiversified, diversify, type DiversifiedCandidate, type RankedCandidate } from '../query/search-diversity.js';
import { parseSearchQuery, type SearchQuery, type SearchQueryInput } from '../query/search-query.schema.js';
import { HIGHLIGHT_FRAGMENT_SEPARATOR, type FacetBucket, type SearchHit, type SearchResult } from '../query/search-result.model.js';
import { ElasticsearchBulkWriter, type BulkDocument } from './elasticsearch-bulk.writer.js';
import { elasticsearchFailure } from './elasticsearch.failure.js';
import { FACET_SEPARATOR, INDEX_MAPPING_VERSION, elasticsearchIndexShape } from './elasticsearch-index.template.js';
import { buildElasticsearchFetch, buildElasticsearchRanking, buildElasticsearchSearch } from './elasticsearch-query.builder.js';

export interface ElasticsearchSearchIndexOptions {
  /** A client of your own (never closed by `close()`), or `node` for one the index owns. */
  client?: Client;
  /** Elasticsearch URL(s), e.g. ELASTICSEARCH_URL, when no client is given. */
  node?: string | string[];
  auth?: { username: string; password: string } | { apiKey: string };
  /** The alias searched and written (default `gong-chunks`); concrete indexes are `<alias>-v<n>`. */
  alias?: string;
  /**
   * When a write is searchable: `wait_for` (default) resolves after the next refresh, so an event
   * like `call.indexed` sent after a write finds the chunks; `true` forces a refresh (tests only);
   * `false` does not wait.
   */
  refresh?: boolean | 'wait_for';
  /** Documents per bulk request (default 500). */
  bulkBatchSize?: number;
  /** Retries of chunks refused with 429 (default 5). */
  bulkRetries?: number;
  /** Backoff before retry `attempt` (default 200 ms doubling, at most 5 s). */
  retryDelayMs?: (attempt: number) => number;
  /** How to wait (default a timer); tests pass one that does not. */
  delay?: (ms: number) => Promise<void>;
  /** Shards and replicas of new concrete indexes (default 1 and 1). */
  shards?: number;
  replicas?: number;
}

export interface ReindexResult {
  from: string;
  to: string;
  /** Documents copied into the new index. */
  copied: number;
}

/** Names an alias, template or index may take (lower-case, no path or wildcard characters). */
const INDEX_NAME = /^[a-z0-9][a-z0-9._-]{0,200}$/;

/** What is stored: the shared document plus the account facet key (`id<US>name`) and when. */
type ElasticsearchDocument = SearchDocument & { account_facet: string[]; indexed_at: string };

interface TermsBucket {
  key: string;
  doc_count: number;
  name?: { buckets: TermsBucket[] };
}

/**
 * The production search index: an Elasticsearch alias over a versioned concrete index, created
 * from an index template. Writes go through the bulk API with per-item error handling; a call's
 * chunks are replaced by upserting the new set and deleting the rest by query; a mapping change
 * is rolled out with `reindexInto`, which copies into a new index and swaps the alias atomically.
 */
export class ElasticsearchSearchIndex implements SearchIndex {
  readonly kind = 'elasticsearch' as const;
  readonly alias: string;
  private readonly client: Client;
  private readonly ownsClient: boolean;
  private readonly refresh: boolean | 'wait_for';
  private readonly writer: ElasticsearchBulkWriter;
  private readonly shape: ReturnType<typeof elasticsearchIndexShape>;
  private readonly cursors = new SearchCursorCodec('elasticsearch');

  constructor(options: ElasticsearchSearchIndexOptions) {
    this.alias = options.alias ?? 'gong-chunks';
    if (!INDEX_NAME.test(this.alias)) {
      throw configInvalid('alias', 'must be a lower-case index name (letters, digits, ".", "_", "-")');
    }
    if (options.client !== undefined) {
      this.client = options.client;
      this.ownsClient = false;
    } else if (options.node !== undefined) {
      this.client = new Client({ node: options.node, ...(options.auth ? { auth: options.auth } : {}), maxRetries: 3, requestTimeout: 30_000 });
      this.ownsClient = true;
    } else {
      throw configInvalid('node', 'give either a client or the Elasticsearch node URL');
    }
    const batchSize = options.bulkBatchSize ?? 500;
    const retries = options.bulkRetries ?? 5;
    if (!Number.isInteger(batchSize) || batchSize < 1) throw configInvalid('bulkBatchSize', 'must be a positive integer');
    if (!Number.isInteger(retries) || retries < 0) throw configInvalid('bulkRetries', 'must be a non-negative integer');
    this.refresh = options.refresh ?? 'wait_for';
    this.shape = elasticsearchIndexShape({ shards: options.shards, replicas: options.replicas });
    this.writer = new ElasticsearchBulkWriter(this.client, {
      batchSize,
      retries,
      retryDelayMs: options.retryDelayMs ?? ((attempt) => Math.min(5_000, 200 * 2 ** attempt)),
      delay: options.delay ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
      refresh: this.refresh,
    });
  }

  /** The index template's name. */
  get templateName(): string {
    return `${this.alias}-template`;
  }

  /** The first concrete index, created behind the alias by `ensureReady`. */
  get initialIndexName(): string {
    return `${this.alias}-v${INDEX_MAPPING_VERSION}`;
  }

  /** Puts the index template (always, so mapping changes reach new indexes) and creates the alias' first index when none exists. */
  async ensureReady(): Promise<void> {
    await this.run('put index template', () =>
      this.client.indices.putIndexTemplate({
        name: this.templateName,
        index_patterns: [`${this.alias}-*`],
        priority: 500,
        version: INDEX_MAPPING_VERSION,
        template: { settings: this.shape.settings, mappings: this.shape.mappings },
        _meta: { description: 'gong-connector transcript chunks', alias: this.alias },
      }),
    );
    if (await this.run('check alias', () => this.client.indices.existsAlias({ name: this.alias }))) return;
    try {
      await this.client.indices.create({ index: this.initialIndexName, aliases: { [this.alias]: { is_write_index: true } } });
    } catch (error) {
      if (!isAlreadyExists(error)) throw elasticsearchFailure(error, `create index ${this.initialIndexName}`);
      // Another replica created it first, or a previous start stopped before the alias existed.
      await this.run('put alias', () => this.client.indices.putAlias({ index: this.initialIndexName, name: this.alias, is_write_index: true }));
    }
  }

  async upsertChunks(chunks: readonly Chunk[]): Promise<IndexWriteResult> {
    const docs = toSearchDocuments(chunks);
    return { written: await this.writer.write(this.alias, docs.map(toBulkDocument)) };
  }

  async replaceCallChunks(callId: string, chunks: readonly Chunk[]): Promise<ReplaceCallResult> {
    const docs = toSearchDocuments(chunks, callId);
    const written = await this.writer.write(this.alias, docs.map(toBulkDocument));
    const deleted = await this.deleteByCall(callId, docs.map((d) => d.chunk_id));
    return { written, deleted };
  }

  async deleteCall(callId: string): Promise<DeleteCallResult> {
    validate(GongIdSchema, callId, 'callId');
    return { deleted: await this.deleteByCall(callId, []) };
  }

  async count(): Promise<number> {
    const response = await this.run('count', () => this.client.count({ index: this.alias }));
    return response.count;
  }

  async close(): Promise<void> {
    if (this.ownsClient) await this.client.close();
  }

  /**
   * A listing (no text): one request in chunk id order. A text search: a ranking request (the best
   * `DIVERSITY_WINDOW` hits' sort keys, call ids and fingerprints, with totals and facets),
   * diversified as PostgreSQL does (`diversify`: duplicates collapse, calls take turns), the page
   * picked after the cursor and its documents fetched by id; past the window, hits continue in raw
   * order (score, chunk id) with `search_after`, in a last round of their own. Totals count the
   * duplicates collapsed in the window out; facets count every match.
   */
  async search(input: SearchQueryInput): Promise<SearchResult> {
    const query = parseSearchQuery(input);
    const after = this.cursors.decode(query);
    if (query.text === null) return this.list(query, after);
    const ranking = await this.run('search', () => this.client.search<ElasticsearchDocument>(buildElasticsearchRanking(this.alias, query)));
    const rawTotal = totalOf(ranking.hits.total);
    const window: RankedCandidate[] = ranking.hits.hits.map((hit) => ({
      chunkId: String(hit.sort?.[1] ?? hit._id),
      callId: String(firstField(hit.fields, 'call_id') ?? ''),
      fingerprint: firstField(hit.fields, 'body_fingerprint'),
      score: Number(hit.sort?.[0] ?? hit._score ?? 0),
    }));
    const ordered = diversify(window);
    const want = query.limit + 1;
    const entries: DiversifiedCandidate[] = [];
    if (after === null || after.bucket < TAIL_BUCKET) {
      for (const entry of ordered) {
        if (entries.length === want) break;
        if (after === null || compareDiversified(entry, after) > 0) entries.push(entry);
      }
    }
    const pageHits: SearchHit[] = [];
    if (entries.length > 0) {
      const fetched = await this.run('search', () =>
        this.client.search<ElasticsearchDocument>(buildElasticsearchFetch(this.alias, query, entries.map((e) => e.chunkId))),
      );
      const byId = new Map(fetched.hits.hits.map((hit) => [hit._id, hit]));
      for (const entry of entries) {
        const hit = byId.get(entry.chunkId);
        if (hit?._source) pageHits.push(toHit(hit._source, entry.score, hit.highlight?.body));
      }
    }
    const buckets = entries.map((e) => e.bucket);
    if (entries.length < want && window.length < rawTotal && window.length > 0) {
      // Past the window: raw order after the window's last hit (or after the cursor, once there).
      const lastRaw = [...window].sort(byScore).at(-1) as RankedCandidate;
      const from = after !== null && after.bucket === TAIL_BUCKET ? after : lastRaw;
      const tail = await this.run('search', () =>
        this.client.search<ElasticsearchDocument>(buildElasticsearchSearch(this.alias, query, from, { size: want - entries.length, aggs: false })),
      );
      for (const hit of tail.hits.hits) {
        pageHits.push(toHit(hit._source as ElasticsearchDocument, Number(hit.sort?.[0] ?? hit._score ?? 0), hit.highlight?.body));
        buckets.push(TAIL_BUCKET);
      }
    }
    const page = pageHits.slice(0, query.limit);
    const last = page.length > 0 ? page.length - 1 : -1;
    return {
      hits: page,
      total: Math.max(0, rawTotal - (window.length - ordered.length)),
      totalRelation: 'eq',
      ...this.facetsOf(ranking, query),
      nextCursor:
        pageHits.length > query.limit && last >= 0
          ? this.cursors.encode(query, { bucket: buckets[last], score: page[last].score, chunkId: page[last].chunkId })
          : null,
    };
  }

  private async list(query: SearchQuery, after: SearchCursorPosition | null): Promise<SearchResult> {
    const response = await this.run('search', () => this.client.search<ElasticsearchDocument>(buildElasticsearchSearch(this.alias, query, after)));
    const rows = response.hits.hits;
    const page = rows.slice(0, query.limit);
    const hits = page.map((hit) => toHit(hit._source as ElasticsearchDocument, 0, undefined, false));
    const last = page[page.length - 1];
    return {
      hits,
      total: totalOf(response.hits.total),
      totalRelation: 'eq',
      ...this.facetsOf(response, query),
      nextCursor:
        rows.length > query.limit && last
          ? this.cursors.encode(query, { bucket: 0, score: Number(last.sort?.[0] ?? last._score ?? 0), chunkId: String(last.sort?.[1] ?? last._id) })
          : null,
    };
  }

  private facetsOf(response: estypes.SearchResponse<ElasticsearchDocument>, query: SearchQuery): Pick<SearchResult, 'totalCalls' | 'facets'> {
    const aggs = (response.aggregations ?? {}) as Record<string, { buckets?: TermsBucket[]; value?: number }>;
    const plain = (buckets: TermsBucket[] | undefined) => (buckets ?? []).map((b) => ({ value: b.key, label: b.key, count: b.doc_count }));
    return {
      totalCalls: aggs.calls?.value ?? 0,
      facets: {
        accounts: accountBuckets(aggs.accounts?.buckets ?? [], query.facetSize),
        speakers: (aggs.speakers?.buckets ?? []).map((b) => ({ value: b.key, label: b.name?.buckets[0]?.key ?? null, count: b.doc_count })),
        trackers: plain(aggs.trackers?.buckets),
        sections: plain(aggs.sections?.buckets),
      },
    };
  }

  /** The concrete index behind the alias (its write index when it has several). */
  async currentIndex(): Promise<string> {
    const aliases = await this.run('get alias', () => this.client.indices.getAlias({ name: this.alias }));
    const names = Object.keys(aliases);
    const writeIndex = names.find((name) => aliases[name]?.aliases?.[this.alias]?.is_write_index === true);
    const current = writeIndex ?? (names.length === 1 ? names[0] : undefined);
    if (current === undefined) {
      throw new AppError(ErrorCode.DEPENDENCY_UNAVAILABLE, `Elasticsearch alias ${this.alias} points at ${names.length} indexes and none is its write index`);
    }
    return current;
  }

  /**
   * Rolls out a new mapping with no downtime: creates `newIndex` with this version's settings and
   * mapping, copies every document into it, then moves the alias in one atomic step (searches
   * and writes go to the old index until then). `newIndex` must match `<alias>-*` so the template
   * applies to it too. Writes that land on the old index during the copy are not carried over:
   * pause the writers, or replay them after the swap (writes are idempotent).
   */
  async reindexInto(newIndex: string, options: { deleteOld?: boolean } = {}): Promise<ReindexResult> {
    if (!INDEX_NAME.test(newIndex) || !newIndex.startsWith(`${this.alias}-`)) {
      throw configInvalid('newIndex', `must be a lower-case index name starting with "${this.alias}-"`);
    }
    const from = await this.currentIndex();
    if (from === newIndex) throw configInvalid('newIndex', `is already the index behind ${this.alias}`);
    await this.run(`create index ${newIndex}`, () =>
      this.client.indices.create({ index: newIndex, settings: this.shape.settings, mappings: this.shape.mappings }),
    );
    const copied = await this.run('reindex', () =>
      this.client.reindex({ source: { index: from }, dest: { index: newIndex }, wait_for_completion: true, refresh: true }),
    );
    if ((copied.failures ?? []).length > 0) {
      const first = copied.failures?.[0];
      throw new AppError(
        ErrorCode.INTERNAL,
        `Elasticsearch reindex from ${from} into ${newIndex} had ${copied.failures?.length} failures (first: ${first?.id}: ${first?.cause?.type}: ${first?.cause?.reason}); the alias still points at ${from}`,
      );
    }
    await this.swapAlias(from, newIndex);
    if (options.deleteOld) await this.run(`delete index ${from}`, () => this.client.indices.delete({ index: from }));
    return { from, to: newIndex, copied: (copied.created ?? 0) + (copied.updated ?? 0) };
  }

  /** Moves the alias from one concrete index to another in one atomic update. */
  async swapAlias(from: string, to: string): Promise<void> {
    await this.run('swap alias', () =>
      this.client.indices.updateAliases({
        actions: [{ remove: { index: from, alias: this.alias } }, { add: { index: to, alias: this.alias, is_write_index: true } }],
      }),
    );
  }

  /** Deletes the call's chunks except `keep`; refreshes first so chunks written a moment ago are seen. */
  private async deleteByCall(callId: string, keep: readonly string[]): Promise<number> {
    await this.run('refresh', () => this.client.indices.refresh({ index: this.alias }));
    const response = await this.run(`delete chunks of call ${callId}`, () =>
      this.client.deleteByQuery({
        index: this.alias,
        query: {
          bool: {
            filter: [{ term: { call_id: callId } }],
            ...(keep.length > 0 ? { must_not: [{ terms: { chunk_id: [...keep] } }] } : {}),
          },
        },
        conflicts: 'proceed',
        refresh: this.refresh !== false,
      }),
    );
    if ((response.failures ?? []).length > 0) {
      const first = response.failures?.[0];
      throw new AppError(
        ErrorCode.DEPENDENCY_UNAVAILABLE,
        `Elasticsearch could not delete every stale chunk of call ${callId}: ${response.failures?.length} failures (first: ${first?.id}: ${first?.cause?.type}: ${first?.cause?.reason})`,
      );
    }
    return response.deleted ?? 0;
  }

  private async run<T>(action: string, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      throw elasticsearchFailure(error, action);
    }
  }
}

/** The cursor round of hits past the ranking window (after every diversified round). */
const TAIL_BUCKET = 1_000_000;

function toHit(source: ElasticsearchDocument, score: number, fragments: string[] | undefined, withText = true): SearchHit {
  return {
    chunkId: source.chunk_id,
    callId: source.call_id,
    score,
    highlight: withText ? (fragments?.join(HIGHLIGHT_FRAGMENT_SEPARATOR) ?? null) : null,
    chunk: toHitChunk(source),
    call: toCallSummary(source),
  };
}

function totalOf(total: number | estypes.SearchTotalHits | undefined): number {
  return typeof total === 'number' ? total : (total?.value ?? 0);
}

function firstField(fields: Record<string, unknown> | undefined, name: string): string | null {
  const value = fields?.[name];
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' ? first : null;
}

function toBulkDocument(doc: SearchDocument): BulkDocument {
  const source: ElasticsearchDocument = {
    ...doc,
    account_facet: doc.account_ids.map((id, i) => `${id}${FACET_SEPARATOR}${doc.account_names[i] ?? ''}`),
    indexed_at: new Date().toISOString(),
  };
  return { id: doc.chunk_id, source };
}

/**
 * Account buckets come keyed `id<US>name`; an account renamed between calls has several, which
 * are merged here (counts added, the greatest name kept, as PostgreSQL's max(name) does).
 */
function accountBuckets(buckets: readonly TermsBucket[], size: number): FacetBucket[] {
  const byId = new Map<string, FacetBucket>();
  for (const bucket of buckets) {
    const at = bucket.key.indexOf(FACET_SEPARATOR);
    const value = at === -1 ? bucket.key : bucket.key.slice(0, at);
    const name = at === -1 || at === bucket.key.length - 1 ? null : bucket.key.slice(at + 1);
    const seen = byId.get(value);
    if (seen === undefined) byId.set(value, { value, label: name, count: bucket.doc_count });
    else {
      seen.count += bucket.doc_count;
      if (name !== null && (seen.label === null || name > seen.label)) seen.label = name;
    }
  }
  return [...byId.values()].sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0)).slice(0, size);
}

function isAlreadyExists(error: unknown): boolean {
  if (!(error instanceof errors.ResponseError)) return false;
  const type = (error.body as { error?: { type?: string } } | undefined)?.error?.type;
  return type === 'resource_already_exists_exception';
}

function configInvalid(path: string, message: string): AppError {
  return new AppError(ErrorCode.CONFIG_INVALID, `ElasticsearchSearchIndex: ${path} ${message}`, { details: [{ path, message }] });
}

