import { errors, type Client, type estypes } from '@elastic/elasticsearch';
import type { Chunk } from '@gong-connector/chunking';
import { AppError, ErrorCode, GongIdSchema, validate } from '@gong-connector/contracts';
import { toCallSummary, toHitChunk, toSearchDocuments } from '../document/search-document.mapper.js';
import type { SearchDocument } from '../document/search-document.model.js';
import type { DeleteCallResult, IndexWriteResult, ReplaceCallResult, SearchIndex } from '../port/search-index.port.js';
import type { SearchCursorPosition } from '../query/search-cursor.codec.js';
import { IndexWriteError } from '../errors/index-write.error.js';
import { byScore, compareDiversified, diversify, type DiversifiedCandidate, type RankedCandidate } from '../query/search-diversity.js';
import { parseSearchQuery, type SearchQuery, type SearchQueryInput } from '../query/search-query.schema.js';
import { HIGHLIGHT_FRAGMENT_SEPARATOR, type FacetBucket, type SearchHit, type SearchResult } from '../query/search-result.model.js';
import { ElasticsearchBulkWriter, type BulkWriteResult } from './elasticsearch-bulk.writer.js';
import { ElasticsearchCallWriter, type CallDocument } from './elasticsearch-call.writer.js';
import { createElasticsearchClient, type ElasticsearchConnectionOptions } from './elasticsearch-client.factory.js';
import { ElasticsearchIndexMigrator, type IndexStatus, type MigrationEvent, type ReindexResult } from './elasticsearch-index.migrator.js';
import { ElasticsearchCursorCodec } from './elasticsearch-pit.cursor.js';
import { elasticsearchFailure } from './elasticsearch.failure.js';
import { FACET_SEPARATOR, elasticsearchIndexShape } from './elasticsearch-index.template.js';
import { buildElasticsearchFetch, buildElasticsearchRanking, buildElasticsearchSearch } from './elasticsearch-query.builder.js';

export interface ElasticsearchSearchIndexOptions {
  /** A client of your own (never closed by `close()`), or `connection` (or just `node`) for one the index owns. */
  client?: Client;
  /** How to reach the cluster: URL(s), credentials, TLS trust, timeout, retries, compatibility version. */
  connection?: ElasticsearchConnectionOptions;
  /** Elasticsearch URL(s), e.g. ELASTICSEARCH_URL, when neither a client nor a connection is given. */
  node?: string | string[];
  /** The alias searched and written (default `gong-chunks`); concrete indexes are `<alias>-v<n>`. */
  alias?: string;
  /**
   * When a write is searchable: `wait_for` (default) resolves after the next periodic refresh
   * (never forces one), so an event like `call.indexed` sent after a write finds the chunks;
   * `true` forces a refresh (tests only); `false` does not wait (searchable within `refresh_interval`).
   */
  refresh?: boolean | 'wait_for';
  /** Operations per bulk request (default 500). */
  bulkBatchSize?: number;
  /** Retries of chunks refused with 429 (default 5). */
  bulkRetries?: number;
  /** Backoff before retry `attempt` (default 200 ms doubling, at most 5 s). */
  retryDelayMs?: (attempt: number) => number;
  /** How to wait (default a timer); tests pass one that does not. */
  delay?: (ms: number) => Promise<void>;
  /** The clock of write generations and migrations (milliseconds since the epoch; default Date.now). */
  now?: () => number;
  /** Shards and replicas of new concrete indexes (default 1 and 1). */
  shards?: number | undefined;
  replicas?: number | undefined;
  /** Priority of the index template (default 500). */
  templatePriority?: number | undefined;
  /** How long a page walk's point in time stays open between two pages (default `2m`). */
  pitKeepAlive?: string | undefined;
  /** `ensureReady` migrates an index of an older mapping version (default true). */
  migrate?: boolean | undefined;
  /** Pause between two polls of a reindex task (default 2 s). */
  taskPollMs?: number | undefined;
  /** Told of migration steps (the service logs them). */
  onMigrationEvent?: (event: MigrationEvent) => void;
}

export type { ReindexResult } from './elasticsearch-index.migrator.js';

/** Names an alias, template or index may take (lower-case, no path or wildcard characters). */
const INDEX_NAME = /^[a-z0-9][a-z0-9._-]{0,200}$/;
const KEEP_ALIVE = /^[1-9][0-9]{0,5}(ms|s|m|h)$/;

/** What is stored: the shared document plus the account facet key (`id<US>name`) and when. */
type ElasticsearchDocument = SearchDocument & { account_facet: string[]; indexed_at: string };

interface TermsBucket {
  key: string;
  doc_count: number;
  name?: { buckets: TermsBucket[] };
}

/** The point in time a search reads, updated from each response (Elasticsearch may hand back a new id). */
interface PitHandle {
  id: string;
}

/**
 * The production search index: an Elasticsearch alias over a versioned concrete index, created
 * from an index template (see `ElasticsearchIndexMigrator` for versions and migrations).
 *
 * - Writes: generation-tagged bulk writes with `require_alias` and `refresh=wait_for`, never a
 *   forced refresh (see `ElasticsearchCallWriter`).
 * - Reads: every page walk reads one point in time (PIT), opened by its first page, carried in
 *   the cursor, kept alive `pitKeepAlive` between pages and closed by its last page, with
 *   `search_after` on (score, chunk id): stable while chunks are written. A walk whose PIT expired
 *   goes on from a new PIT after the cursor's position (stable from there on).
 */
export class ElasticsearchSearchIndex implements SearchIndex {
  readonly kind = 'elasticsearch' as const;
  readonly alias: string;
  private readonly client: Client;
  private readonly ownsClient: boolean;
  private readonly refresh: boolean | 'wait_for';
  private readonly writer: ElasticsearchCallWriter;
  private readonly migrator: ElasticsearchIndexMigrator;
  private readonly shape: ReturnType<typeof elasticsearchIndexShape>;
  private readonly cursors = new ElasticsearchCursorCodec();
  private readonly pitKeepAlive: string;
  private readonly migrate: boolean;

  constructor(options: ElasticsearchSearchIndexOptions) {
    this.alias = options.alias ?? 'gong-chunks';
    if (!INDEX_NAME.test(this.alias)) {
      throw configInvalid('alias', 'must be a lower-case index name (letters, digits, ".", "_", "-")');
    }
    if (options.client !== undefined) {
      this.client = options.client;
      this.ownsClient = false;
    } else if (options.connection !== undefined || options.node !== undefined) {
      this.client = createElasticsearchClient(options.connection ?? { node: options.node as string | string[] });
      this.ownsClient = true;
    } else {
      throw configInvalid('node', 'give either a client or the Elasticsearch node URL');
    }
    const batchSize = options.bulkBatchSize ?? 500;
    const retries = options.bulkRetries ?? 5;
    const priority = options.templatePriority ?? 500;
    if (!Number.isInteger(batchSize) || batchSize < 1) throw configInvalid('bulkBatchSize', 'must be a positive integer');
    if (!Number.isInteger(retries) || retries < 0) throw configInvalid('bulkRetries', 'must be a non-negative integer');
    if (!Number.isInteger(priority) || priority < 0) throw configInvalid('templatePriority', 'must be a non-negative integer');
    this.pitKeepAlive = options.pitKeepAlive ?? '2m';
    if (!KEEP_ALIVE.test(this.pitKeepAlive)) throw configInvalid('pitKeepAlive', 'must be an Elasticsearch time value like 90s or 2m');
    this.refresh = options.refresh ?? 'wait_for';
    this.migrate = options.migrate ?? true;
    const delay = options.delay ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
    const now = options.now ?? Date.now;
    this.shape = elasticsearchIndexShape({ shards: options.shards, replicas: options.replicas });
    this.migrator = new ElasticsearchIndexMigrator(this.client, {
      alias: this.alias,
      shape: this.shape,
      templatePriority: priority,
      pollMs: options.taskPollMs ?? 2_000,
      delay,
      now,
      onEvent: options.onMigrationEvent,
    });
    const bulk = new ElasticsearchBulkWriter(this.client, {
      batchSize,
      retries,
      retryDelayMs: options.retryDelayMs ?? ((attempt) => Math.min(5_000, 200 * 2 ** attempt)),
      delay,
    });
    this.writer = new ElasticsearchCallWriter(this.client, bulk, {
      alias: this.alias,
      now,
      // Before ensureReady, or on an index of before v3: no routing (the documents there have none).
      routed: () => this.migrator.status?.routed ?? false,
      refresh: this.refresh,
    });
  }

  /** The index template's name. */
  get templateName(): string {
    return this.migrator.templateName;
  }

  /** The concrete index this version creates behind the alias (`<alias>-v<version>`). */
  get initialIndexName(): string {
    return this.migrator.targetIndexName;
  }

  /** Where the alias points, its mapping version and any migration in progress (null before `ensureReady`). */
  get status(): IndexStatus | null {
    return this.migrator.status;
  }

  /** The migration `ensureReady` started, if any. */
  get migration(): Promise<ReindexResult> | null {
    return this.migrator.migration;
  }

  /**
   * Puts the index template, creates the alias' first index when none exists, and reads the
   * mapping version of the index behind the alias; an older one is migrated in the background
   * (writes meanwhile fit the old mapping). Throws DEPENDENCY_UNAVAILABLE when the cluster cannot
   * be reached or refuses (missing privileges are named in the message).
   */
  async ensureReady(): Promise<void> {
    await this.migrator.ensure({ migrate: this.migrate });
  }

  async upsertChunks(chunks: readonly Chunk[]): Promise<IndexWriteResult> {
    const docs = toSearchDocuments(chunks);
    const result = await this.write(() => this.writer.upsert(docs.map(toCallDocument)));
    return { written: result.written + result.superseded };
  }

  async replaceCallChunks(callId: string, chunks: readonly Chunk[]): Promise<ReplaceCallResult> {
    const docs = toSearchDocuments(chunks, callId);
    const result = await this.write(() => this.writer.replace(callId, docs.map(toCallDocument)));
    return { written: result.written, deleted: result.deleted };
  }

  async deleteCall(callId: string): Promise<DeleteCallResult> {
    validate(GongIdSchema, callId, 'callId');
    const result = await this.write(() => this.writer.replace(callId, []));
    return { deleted: result.deleted };
  }

  async count(): Promise<number> {
    const response = await this.run('count', () => this.client.count({ index: this.alias }));
    return response.count;
  }

  async close(): Promise<void> {
    this.migrator.stop();
    if (this.ownsClient) await this.client.close();
  }

  /**
   * A listing (no text): one request in chunk id order. A text search: a ranking request (the best
   * `DIVERSITY_WINDOW` hits' sort keys, call ids and fingerprints, with totals and facets),
   * diversified as PostgreSQL does (`diversify`: duplicates collapse, calls take turns), the page
   * picked after the cursor and its documents fetched by id; past the window, hits continue in raw
   * order (score, chunk id) with `search_after`, in a last round of their own. Totals count the
   * duplicates collapsed in the window out; facets count every match; `totalCalls` is the
   * cardinality aggregation's count (exact up to 40,000 calls, approximate above). Every request
   * of a walk reads the walk's point in time.
   */
  async search(input: SearchQueryInput): Promise<SearchResult> {
    const query = parseSearchQuery(input);
    const cursor = this.cursors.decode(query);
    const pit: PitHandle = { id: cursor?.pitId ?? (await this.openPit()) };
    let result: SearchResult;
    try {
      result = await this.searchAt(query, cursor?.position ?? null, pit);
    } catch (error) {
      if (cursor === null || !isPitGone(error)) {
        if (cursor === null) await this.closePit(pit.id);
        throw elasticsearchFailure(error, 'search');
      }
      // The walk's point in time expired: go on from a new one, after the cursor's position.
      pit.id = await this.openPit();
      result = await this.run('search', () => this.searchAt(query, cursor.position, pit));
    }
    if (result.nextCursor === null) await this.closePit(pit.id);
    return result;
  }

  private async searchAt(query: SearchQuery, after: SearchCursorPosition | null, pit: PitHandle): Promise<SearchResult> {
    const send = async (request: estypes.SearchRequest) => {
      const response = await this.client.search<ElasticsearchDocument>(this.atPit(request, pit));
      if (response.pit_id) pit.id = response.pit_id;
      return response;
    };
    const encode = (position: SearchCursorPosition) => this.cursors.encode(query, position, pit.id);
    if (query.text === null) return this.list(query, after, send, encode);
    const ranking = await send(buildElasticsearchRanking(this.alias, query));
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
      const fetched = await send(buildElasticsearchFetch(this.alias, query, entries.map((e) => e.chunkId)));
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
      const tail = await send(buildElasticsearchSearch(this.alias, query, from, { size: want - entries.length, aggs: false }));
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
      nextCursor: pageHits.length > query.limit && last >= 0 ? encode({ bucket: buckets[last], score: page[last].score, chunkId: page[last].chunkId }) : null,
    };
  }

  private async list(
    query: SearchQuery,
    after: SearchCursorPosition | null,
    send: (request: estypes.SearchRequest) => Promise<estypes.SearchResponse<ElasticsearchDocument>>,
    encode: (position: SearchCursorPosition) => string,
  ): Promise<SearchResult> {
    const response = await send(buildElasticsearchSearch(this.alias, query, after));
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
          ? encode({ bucket: 0, score: Number(last.sort?.[0] ?? last._score ?? 0), chunkId: String(last.sort?.[1] ?? last._id) })
          : null,
    };
  }

  /** The request against the walk's point in time: no index (the PIT names it), the PIT kept alive. */
  private atPit(request: estypes.SearchRequest, pit: PitHandle): estypes.SearchRequest {
    const { index: _index, ...rest } = request;
    return { ...rest, pit: { id: pit.id, keep_alive: this.pitKeepAlive } };
  }

  private async openPit(): Promise<string> {
    const response = await this.run('open point in time', () => this.client.openPointInTime({ index: this.alias, keep_alive: this.pitKeepAlive }));
    return response.id;
  }

  /** Closes a walk's point in time (best effort: it expires on its own after `pitKeepAlive`). */
  private async closePit(id: string): Promise<void> {
    await this.client.closePointInTime({ id }).catch(() => undefined);
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
    return this.migrator.currentIndex();
  }

  /**
   * Rebuilds the index behind the alias into `newIndex` (which must match `<alias>-v*`, the
   * template's pattern) with this version's settings and mapping: an asynchronous reindex task,
   * polled to its end, catch-up passes for writes made meanwhile, an atomic alias swap, and the old
   * index deleted only then (with `deleteOld`). See `ElasticsearchIndexMigrator`.
   */
  async reindexInto(newIndex: string, options: { deleteOld?: boolean } = {}): Promise<ReindexResult> {
    if (!INDEX_NAME.test(newIndex) || !newIndex.startsWith(`${this.alias}-v`)) {
      throw configInvalid('newIndex', `must be a lower-case index name starting with "${this.alias}-v"`);
    }
    const from = await this.currentIndex();
    if (from === newIndex) throw configInvalid('newIndex', `is already the index behind ${this.alias}`);
    return this.migrator.migrate(from, newIndex, options);
  }

  /** Moves the alias from one concrete index to another in one atomic update. */
  async swapAlias(from: string, to: string): Promise<void> {
    await this.migrator.swapAlias(from, to);
  }

  /** Runs a write; when the alias moved to a routed index meanwhile (another replica migrated), re-reads it and writes again. */
  private async write(call: () => Promise<BulkWriteResult>): Promise<BulkWriteResult> {
    try {
      return await call();
    } catch (error) {
      if (!(error instanceof IndexWriteError) || !error.failures.some((f) => f.type === 'routing_missing_exception')) throw error;
      await this.migrator.refreshStatus();
      return call();
    }
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

function toCallDocument(doc: SearchDocument): CallDocument {
  const source: ElasticsearchDocument = {
    ...doc,
    account_facet: doc.account_ids.map((id, i) => `${id}${FACET_SEPARATOR}${doc.account_names[i] ?? ''}`),
    indexed_at: new Date().toISOString(),
  };
  return { id: doc.chunk_id, callId: doc.call_id, source };
}

/** The walk's point in time is gone (expired, or its node restarted). */
function isPitGone(error: unknown): boolean {
  if (!(error instanceof errors.ResponseError) || error.statusCode !== 404) return false;
  const body = JSON.stringify(error.body ?? {});
  return body.includes('search_context_missing_exception') || body.includes('No search context found');
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

function configInvalid(path: string, message: string): AppError {
  return new AppError(ErrorCode.CONFIG_INVALID, `ElasticsearchSearchIndex: ${path} ${message}`, { details: [{ path, message }] });
}

