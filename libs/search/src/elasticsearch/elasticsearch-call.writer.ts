import type { Client, estypes } from '@elastic/elasticsearch';
import type { BulkOperation, BulkWriteResult, ElasticsearchBulkWriter } from './elasticsearch-bulk.writer.js';
import { elasticsearchFailure } from './elasticsearch.failure.js';

/** A document to write, with its call (the routing) and its source. */
export interface CallDocument {
  id: string;
  callId: string;
  source: object;
}

export interface CallWriterOptions {
  alias: string;
  /** Milliseconds since the epoch (the generation clock). */
  now: () => number;
  /** Whether the write index routes by call id (mapping v3 on); read at every write. */
  routed: () => boolean;
  /** `refresh` of the writes (`wait_for` by default: resolved means searchable). */
  refresh: boolean | 'wait_for';
}

/** Documents of one call read per page while listing what the index holds of it. */
const LIST_PAGE = 1_000;

/** Writer ids (the generation's last three digits): distinct for every writer of this process, random across processes. */
let nextWriterId = Math.floor(Math.random() * 1_000);

/**
 * Generation-tagged writes of a call's chunks, without locks and without forced refreshes.
 *
 * Every write takes a generation: the clock in milliseconds times 1,000 plus the writer's id
 * (0-999: distinct within a process, random across processes), strictly increasing per writer and
 * unique across writers (two writers of one call in the same millisecond never share one; below
 * 2^53, so exact as a JSON number), sent as each document's external version, so Elasticsearch keeps a document only from the
 * newest generation that wrote it (an older write arriving late is refused with 409, counted as
 * superseded). Re-indexing a call (`replace`):
 *
 * 1. lists the call's documents (ids and versions; one shard when routed by call id);
 * 2. when a newer generation is already there, stops: the newer write wins;
 * 3. sends ONE bulk (one shard-level request when routed): an `index` of every new chunk and a
 *    `delete` of every listed chunk not in the new set, all at this generation, `refresh=wait_for`;
 * 4. lists the call again (it now sees every write that completed) and deletes every document of
 *    an older generation than the newest there, at the newest generation's version.
 *
 * Two writers of one call converge on exactly one generation, the newest: the later of the two
 * final listings sees both writes, and no delete can remove a newer generation's document. A
 * reader sees the old and the new chunks together only while two writers race (until step 4) or,
 * without routing, for the moment one bulk spends between shards.
 */
export class ElasticsearchCallWriter {
  private lastGeneration = 0;
  private readonly writerId = nextWriterId++ % 1_000;

  constructor(
    private readonly client: Client,
    private readonly bulk: ElasticsearchBulkWriter,
    private readonly options: CallWriterOptions,
  ) {}

  /** The next generation: strictly increasing, its last three digits this writer's id. */
  nextGeneration(): number {
    this.lastGeneration = Math.max(this.lastGeneration + 1_000, Math.floor(this.options.now()) * 1_000 + this.writerId);
    return this.lastGeneration;
  }

  /** Writes documents of any calls at one generation (no deletes). */
  async upsert(docs: readonly CallDocument[]): Promise<BulkWriteResult> {
    const generation = this.nextGeneration();
    const routed = this.options.routed();
    const ops = docs.map((d): BulkOperation => ({ action: 'index', id: d.id, routing: routed ? d.callId : undefined, version: generation, source: d.source }));
    return this.bulk.write(this.options.alias, ops, this.options.refresh);
  }

  /** Makes the call's documents exactly `docs` (see the class comment). */
  async replace(callId: string, docs: readonly CallDocument[]): Promise<BulkWriteResult> {
    const generation = this.nextGeneration();
    const routed = this.options.routed();
    const routing = routed ? callId : undefined;
    const before = await this.list(callId, routed);
    if (before.some((d) => d.version > generation)) return { written: 0, deleted: 0, superseded: docs.length };
    const keep = new Set(docs.map((d) => d.id));
    const ops: BulkOperation[] = [
      ...docs.map((d): BulkOperation => ({ action: 'index', id: d.id, routing, version: generation, source: d.source })),
      ...before.filter((d) => !keep.has(d.id)).map((d): BulkOperation => ({ action: 'delete', id: d.id, routing, version: generation })),
    ];
    const result = ops.length > 0 ? await this.bulk.write(this.options.alias, ops, this.options.refresh) : { written: 0, deleted: 0, superseded: 0 };
    const after = await this.list(callId, routed);
    const newest = Math.max(0, ...after.map((d) => d.version));
    const stale = after.filter((d) => d.version < newest);
    if (stale.length > 0) {
      const cleanup = await this.bulk.write(
        this.options.alias,
        stale.map((d): BulkOperation => ({ action: 'delete', id: d.id, routing, version: newest })),
        this.options.refresh,
      );
      if (newest === generation) result.deleted += cleanup.deleted;
    }
    return result;
  }

  /** The call's documents as the index shows them now: ids and versions (generations). */
  private async list(callId: string, routed: boolean): Promise<{ id: string; version: number }[]> {
    const out: { id: string; version: number }[] = [];
    let after: estypes.SortResults | undefined;
    for (;;) {
      let response: estypes.SearchResponse;
      try {
        response = await this.client.search({
          index: this.options.alias,
          ...(routed ? { routing: callId } : {}),
          size: LIST_PAGE,
          track_total_hits: false,
          query: { bool: { filter: [{ term: { call_id: callId } }] } },
          _source: false,
          version: true,
          sort: [{ chunk_id: { order: 'asc' } }],
          ...(after ? { search_after: after } : {}),
        });
      } catch (error) {
        throw elasticsearchFailure(error, `list the chunks of call ${callId}`);
      }
      const hits = response.hits.hits;
      for (const hit of hits) if (hit._id !== undefined) out.push({ id: hit._id, version: hit._version ?? 0 });
      if (hits.length < LIST_PAGE) return out;
      after = hits[hits.length - 1]?.sort;
    }
  }
}
