/* eslint-disable @typescript-eslint/no-explicit-any -- request bodies are free-form JSON, read here by path */
import { describe, expect, it } from '@jest/globals';
import { Client, errors } from '@elastic/elasticsearch';
import MockModule from '@elastic/elasticsearch-mock';

import { denyAllAccessFilter, type AccessFilter } from '@gong-connector/access-core';
import { chunkCall } from '@gong-connector/chunking';
import { AppError, ErrorCode } from '@gong-connector/contracts';
import { toSearchDocuments } from '../document/search-document.mapper.js';
import { IndexWriteError } from '../errors/index-write.error.js';
import { buildContractCompany, LONG_CALL_ID } from '../testing/contract-company.fixture.js';
import { elasticsearchIndexShape } from './elasticsearch-index.template.js';
import { FREE_WORD_WEIGHT, IMPLIED_CONCEPT_WEIGHT, QUALIFIER_CONCEPT_WEIGHT } from '../question/search-text.parser.js';
import { ElasticsearchSearchIndex, type ElasticsearchSearchIndexOptions } from './elasticsearch-search.index.js';

interface Request {
  method: string;
  path: string;
  querystring: Record<string, string>;
  body: unknown;
}
// The package's typings describe an ES default export; loaded from ESM, the CJS module itself is the class.
const Mock = MockModule as unknown as typeof import('@elastic/elasticsearch-mock').default;
type Mock = InstanceType<typeof Mock>;

/** An error status to answer with (the mock's own ResponseError check fails across Jest's module registries). */
interface StatusReply {
  /** An HTTP status, or 0 for a connection that fails. */
  __status: number;
  body: Record<string, unknown>;
}
type Reply = Record<string, unknown> | StatusReply;

/** The mock's connection, answering `StatusReply`s with their status code. */
export function statusConnection(mock: Mock, sentHeaders: Record<string, unknown>[] = []) {
  const Base = mock.getConnection() as unknown as new (...args: never[]) => {
    headers: Record<string, unknown>;
    request(params: unknown, options: unknown): Promise<{ body: string; statusCode: number; headers: Record<string, unknown> }>;
  };
  return class StatusConnection extends Base {
    override async request(params: unknown, options: unknown) {
      // What an HttpConnection sends: the connection's headers (auth) under the request's.
      sentHeaders.push({ ...this.headers, ...(params as { headers: Record<string, unknown> }).headers });
      const response = await super.request(params, options);
      const parsed = typeof response.body === 'string' && response.body.startsWith('{"__status"') ? (JSON.parse(response.body) as StatusReply) : null;
      if (parsed === null) return response;
      if (parsed.__status === 0) throw new errors.ConnectionError('connect ECONNREFUSED');
      const body = JSON.stringify(parsed.body);
      return { ...response, statusCode: parsed.__status, body, headers: { ...response.headers, 'content-length': Buffer.byteLength(body) } };
    }
  };
}

/** A mocked Elasticsearch that records every request and answers from a handler. */
function fakeElasticsearch(handler: (req: Request, nth: number) => Reply = () => ({}), extra: Partial<ElasticsearchSearchIndexOptions> = {}) {
  const mock = new Mock();
  const requests: Request[] = [];
  mock.add({ method: ['GET', 'POST', 'PUT', 'HEAD', 'DELETE'], path: '/*' }, (params: unknown) => {
    const req = params as unknown as Request;
    requests.push(req);
    return (defaultReply(req) ?? handler(req, requests.filter((r) => r.method === req.method && r.path === req.path).length)) as Record<string, unknown>;
  });
  const client = new Client({ node: 'http://es.test:9200', Connection: statusConnection(mock) as never, maxRetries: 0 });
  const delays: number[] = [];
  const index = new ElasticsearchSearchIndex({
    client,
    alias: 'chunks-test',
    refresh: 'wait_for',
    bulkBatchSize: 4,
    bulkRetries: 2,
    retryDelayMs: (attempt) => 100 * (attempt + 1),
    delay: async (ms) => {
      delays.push(ms);
    },
    now: () => NOW,
    ...extra,
  });
  /** Requests without the point-in-time bookkeeping. */
  const searches = () => requests.filter((r) => !r.path.endsWith('/_pit'));
  return { index, requests, delays, client, searches };
}

/** The clock of the fake index: its generations are NOW * 1000 plus the writer's id (0-999). */
const NOW = 1_765_000_000_000;
const GEN = NOW * 1000;
/** The generation a bulk was written at (one per bulk), checked to come from the clock. */
function generationOf(lines: Record<string, any>[]): number {
  const versions = new Set(lines.filter((l) => l.index || l.delete).map((l) => (l.index ?? l.delete).version));
  expect(versions.size).toBe(1);
  const [version] = versions;
  expect(Math.floor(version / 1000)).toBe(NOW);
  return version;
}

/** Point-in-time bookkeeping every fake answers the same way. */
function defaultReply(req: Request): Reply | null {
  if (req.method === 'POST' && req.path === '/chunks-test/_pit') return { id: 'pit-1' };
  if (req.method === 'DELETE' && req.path === '/_pit') return { succeeded: true, num_freed: 1 };
  return null;
}

function responseError(statusCode: number, type: string, reason = type): StatusReply {
  return { __status: statusCode, body: { error: { type, reason }, status: statusCode } };
}

const company = buildContractCompany();
const MANAGER: AccessFilter = company.users.mona;
const bulkOk = (req: Request) => ({
  errors: false,
  took: 1,
  items: (req.body as unknown[]).filter((_, i) => i % 2 === 0).map(() => ({ index: { status: 200, result: 'created' } })),
});


/** A question concept's queries, the body arms unwrapped from the `claimedBy` exclusion when there is one. */
const conceptQueries = (c: any): any[] => c.dis_max.queries.flatMap((q: any) => (q.bool?.must?.dis_max ? q.bool.must.dis_max.queries : [q]));

describe('ElasticsearchSearchIndex (request shapes, mocked Elasticsearch)', () => {
  describe('ensureReady', () => {
    const mappingV = (version: number, routed = version >= 3) => ({ mappings: { _meta: { mapping_version: version }, ...(routed ? { _routing: { required: true } } : {}) } });

    it('puts the index template (<alias>-v*, configurable priority) and creates the first versioned index behind the alias', async () => {
      const es = fakeElasticsearch(
        (req) => (req.method === 'HEAD' ? responseError(404, 'not_found') : req.path.endsWith('/_mapping') ? { 'chunks-test-v3': mappingV(3) } : { acknowledged: true }),
        { templatePriority: 321 },
      );
      await es.index.ensureReady();
      expect(es.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
        'PUT /_index_template/chunks-test-template',
        'HEAD /_alias/chunks-test',
        'PUT /chunks-test-v3',
        'GET /chunks-test-v3/_mapping',
      ]);
      const template = es.requests[0].body as Record<string, any>;
      expect(template.index_patterns).toEqual(['chunks-test-v*']);
      expect(template.priority).toBe(321);
      expect(template.version).toBe(3);
      expect(template.template.mappings).toEqual(elasticsearchIndexShape().mappings);
      const props = template.template.mappings.properties;
      expect(template.template.mappings.dynamic).toBe('strict');
      expect(template.template.mappings._routing).toEqual({ required: true });
      expect(template.template.mappings._meta.mapping_version).toBe(3);
      expect(props.body).toEqual({ type: 'text', analyzer: 'english', index_options: 'offsets' });
      for (const field of ['chunk_id', 'call_id', 'workspace_id', 'host_user_id', 'participant_user_ids', 'account_ids', 'speaker_email', 'tracker_names', 'topic']) {
        expect(props[field].type).toBe('keyword');
      }
      expect(props.call_started.type).toBe('date');
      expect(props.is_private.type).toBe('boolean');
      expect(props.metadata).toEqual({ type: 'object', enabled: false });
      expect(props.topic.fields.text.analyzer).toBe('english');
      expect(es.requests[2].body).toEqual({ aliases: { 'chunks-test': { is_write_index: true } } });
      expect(es.index.status).toEqual({ alias: 'chunks-test', writeIndex: 'chunks-test-v3', mappingVersion: 3, routed: true, migration: null });
      expect(es.index.migration).toBeNull();
    });

    it('keeps two deployments on one cluster apart: each template matches only its own alias-v* indexes', async () => {
      const patterns: string[] = [];
      for (const alias of ['gong-chunks', 'gong-chunks-staging']) {
        const mock = new Mock();
        mock.add({ method: ['GET', 'POST', 'PUT', 'HEAD', 'DELETE'], path: '/*' }, (params: unknown) => {
          const req = params as unknown as Request;
          if (req.path.startsWith('/_index_template/')) patterns.push(...(req.body as { index_patterns: string[] }).index_patterns);
          return req.path.endsWith('/_mapping') ? { [`${alias}-v3`]: mappingV(3) } : req.path.startsWith('/_alias/') && req.method === 'GET' ? { [`${alias}-v3`]: { aliases: { [alias]: { is_write_index: true } } } } : { acknowledged: true };
        });
        const client = new Client({ node: 'http://es.test:9200', Connection: statusConnection(mock) as never, maxRetries: 0 });
        await new ElasticsearchSearchIndex({ client, alias }).ensureReady();
      }
      expect(patterns).toEqual(['gong-chunks-v*', 'gong-chunks-staging-v*']);
      const glob = (p: string) => new RegExp(`^${p.replace(/[.]/g, '\\.').replace('*', '.*')}$`);
      expect(glob(patterns[0]).test('gong-chunks-staging-v3')).toBe(false);
      expect(glob(patterns[1]).test('gong-chunks-v3')).toBe(false);
    });

    it('leaves an existing alias of the current version alone', async () => {
      const es = fakeElasticsearch((req) =>
        req.path === '/_alias/chunks-test' && req.method === 'GET'
          ? { 'chunks-test-v3': { aliases: { 'chunks-test': { is_write_index: true } } } }
          : req.path.endsWith('/_mapping')
            ? { 'chunks-test-v3': mappingV(3) }
            : { acknowledged: true },
      );
      await es.index.ensureReady();
      expect(es.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
        'PUT /_index_template/chunks-test-template',
        'HEAD /_alias/chunks-test',
        'GET /_alias/chunks-test',
        'GET /chunks-test-v3/_mapping',
      ]);
    });

    it('adds the alias when another replica created the index first', async () => {
      const es = fakeElasticsearch((req) =>
        req.method === 'HEAD'
          ? responseError(404, 'not_found')
          : req.path === '/chunks-test-v3' && req.method === 'PUT'
            ? responseError(400, 'resource_already_exists_exception')
            : req.path.endsWith('/_mapping')
              ? { 'chunks-test-v3': mappingV(3) }
              : { acknowledged: true },
      );
      await es.index.ensureReady();
      expect(es.requests.map((r) => `${r.method} ${r.path}`).slice(-2)).toEqual(['PUT /chunks-test-v3/_alias/chunks-test', 'GET /chunks-test-v3/_mapping']);
      expect(es.requests.at(-2)?.body).toEqual({ is_write_index: true });
    });

    it('names the missing privilege when the cluster refuses (403), as a dependency failure', async () => {
      const es = fakeElasticsearch(() => responseError(403, 'security_exception', 'action [indices:admin/index_template/put] is unauthorized for API key id [k1]'));
      const err = await es.index.ensureReady().catch((e: unknown) => e);
      expect(AppError.is(err)).toBe(true);
      expect((err as AppError).message).toContain('indices:admin/index_template/put');
    });
  });

  describe('mapping versions', () => {
    /** A cluster whose alias points at a v2 index; the reindex task completes on its second poll. */
    const oldCluster = (extra: Partial<ElasticsearchSearchIndexOptions> = {}) => {
      let polls = 0;
      const es = fakeElasticsearch((req) => {
        if (req.path === '/_alias/chunks-test' && req.method === 'GET') return { 'chunks-test-v2': { aliases: { 'chunks-test': { is_write_index: true } } } };
        if (req.path === '/chunks-test-v2/_mapping') return { 'chunks-test-v2': { mappings: { _meta: { mapping_version: 2 } } } };
        if (req.path === '/chunks-test-v3/_mapping' && req.method === 'GET') return { 'chunks-test-v3': { mappings: { _meta: { mapping_version: 3 }, _routing: { required: true } } } };
        if (req.path === '/_reindex') return { task: `node-1:${es.requests.filter((r) => r.path === '/_reindex').length}` };
        if (req.path.startsWith('/_tasks/')) {
          polls++;
          const task = req.path.slice('/_tasks/'.length);
          if (task === 'node-1:1' && polls === 1) return { completed: false, task: { status: { total: 40, created: 10, updated: 0, version_conflicts: 0 } } };
          return { completed: true, task: { status: { total: 40, created: 40 } }, response: { created: task === 'node-1:1' ? 40 : 1, updated: 0, failures: [] } };
        }
        if (req.path === '/_bulk') return bulkOk(req);
        if (req.path === '/_search' || req.path === '/chunks-test/_search') return { hits: { hits: [] } };
        return { acknowledged: true };
      }, { taskPollMs: 1_500, ...extra });
      return es;
    };

    it('moves an older index: new index, async reindex polled through the tasks API, catch-up, atomic swap, and only then the old index goes', async () => {
      const events: string[] = [];
      const es = oldCluster();
      (es.index as unknown as { migrator: { options: { onEvent: (e: { type: string }) => void } } }).migrator.options.onEvent = (e) => events.push(e.type);
      await es.index.ensureReady();
      expect(es.index.status?.mappingVersion).toBe(2);
      expect(es.index.status?.routed).toBe(false);
      await expect(es.index.migration).resolves.toEqual({ from: 'chunks-test-v2', to: 'chunks-test-v3', copied: 42 });
      const steps = es.requests.map((r) => `${r.method} ${r.path}`);
      expect(steps.slice(4)).toEqual([
        'PUT /chunks-test-v3',
        'GET /chunks-test-v3/_mapping',
        'POST /_reindex',
        'PUT /chunks-test-v3/_mapping',
        'GET /_tasks/node-1:1',
        'GET /_tasks/node-1:1',
        'GET /chunks-test-v3/_mapping',
        'POST /_reindex',
        'PUT /chunks-test-v3/_mapping',
        'GET /_tasks/node-1:2',
        'POST /_aliases',
        'GET /chunks-test-v3/_mapping',
        'POST /_reindex',
        'PUT /chunks-test-v3/_mapping',
        'GET /_tasks/node-1:3',
        'DELETE /chunks-test-v2',
        'GET /_alias/chunks-test',
        'GET /chunks-test-v2/_mapping',
      ]);
      const create = es.requests.find((r) => r.method === 'PUT' && r.path === '/chunks-test-v3')?.body as Record<string, any>;
      expect(create.mappings._routing).toEqual({ required: true });
      expect(create.mappings._meta).toMatchObject({ mapping_version: 3, migrating_from: 'chunks-test-v2', started_at: NOW });
      const reindexes = es.requests.filter((r) => r.path === '/_reindex');
      expect(reindexes[0].querystring).toEqual({ wait_for_completion: 'false' });
      expect(reindexes[0].body).toEqual({
        conflicts: 'proceed',
        source: { index: 'chunks-test-v2', size: 1000 },
        dest: { index: 'chunks-test-v3', version_type: 'external' },
        script: { source: 'ctx._routing = ctx._source.call_id', lang: 'painless' },
      });
      expect((reindexes[1].body as Record<string, any>).source.query).toEqual({ range: { indexed_at: { gte: new Date(NOW - 300_000).toISOString() } } });
      const recorded = es.requests.find((r) => r.method === 'PUT' && r.path === '/chunks-test-v3/_mapping')?.body as Record<string, any>;
      expect(recorded._meta).toMatchObject({ migrating_from: 'chunks-test-v2', pass: 'copy', task: 'node-1:1' });
      expect(es.requests.find((r) => r.path === '/_tasks/node-1:1')?.querystring).toEqual({ wait_for_completion: 'false' });
      expect(es.delays).toEqual([1_500]);
      const swap = es.requests.find((r) => r.path === '/_aliases')?.body;
      expect(swap).toEqual({
        actions: [
          { remove: { index: 'chunks-test-v2', alias: 'chunks-test' } },
          { add: { index: 'chunks-test-v3', alias: 'chunks-test', is_write_index: true } },
        ],
      });
      expect(steps.indexOf('DELETE /chunks-test-v2')).toBeGreaterThan(steps.indexOf('POST /_aliases'));
      expect(events).toEqual(['started', 'progress', 'progress', 'started', 'progress', 'started', 'progress', 'swapped']);
    });

    it('keeps writing documents the old mapping accepts (no routing) until the alias moved', async () => {
      const es = oldCluster({ migrate: false });
      await es.index.ensureReady();
      await es.index.upsertChunks(company.chunks.slice(0, 1));
      const bulk = es.requests.find((r) => r.path === '/_bulk')?.body as Record<string, any>[];
      expect(bulk[0].index.routing).toBeUndefined();
      expect(Object.keys(bulk[1]).sort()).toEqual(Object.keys(elasticsearchIndexShape().mappings.properties ?? {}).sort());
    });

    it('resumes the task an earlier start recorded instead of copying again', async () => {
      const es = fakeElasticsearch((req) => {
        if (req.path === '/_alias/chunks-test' && req.method === 'GET') return { 'chunks-test-v2': { aliases: { 'chunks-test': { is_write_index: true } } } };
        if (req.path === '/chunks-test-v2/_mapping') return { 'chunks-test-v2': { mappings: { _meta: { mapping_version: 2 } } } };
        if (req.path === '/chunks-test-v3' && req.method === 'PUT') return responseError(400, 'resource_already_exists_exception');
        if (req.path === '/chunks-test-v3/_mapping') return { 'chunks-test-v3': { mappings: { _meta: { mapping_version: 3, migrating_from: 'chunks-test-v2', started_at: NOW - 1, pass: 'copy', task: 'node-9:7' } } } };
        if (req.path === '/_tasks/node-9:7') return { completed: true, task: { status: {} }, response: { created: 5, failures: [] } };
        if (req.path === '/_reindex') return responseError(500, 'stop_here');
        return { acknowledged: true };
      });
      await es.index.ensureReady();
      await expect(es.index.migration).rejects.toThrow(/stop_here/);
      const steps = es.requests.map((r) => `${r.method} ${r.path}`);
      expect(steps).toContain('GET /_tasks/node-9:7');
      expect(steps.filter((s) => s === 'POST /_reindex')).toHaveLength(1);
      expect(es.index.status?.migration?.error).toContain('stop_here');
      expect(steps).not.toContain('POST /_aliases');
    });
  });

  describe('writes', () => {
    const chunks = company.chunks.filter((c) => c.callId === '1001' || c.callId === LONG_CALL_ID);
    /** A v3 cluster, ready; `listed` answers the listing of a call's documents ([id, version]). */
    const ready = async (listed: (nth: number) => [string, number][] = () => [], bulk: (req: Request, nth: number) => Reply = bulkOk, extra: Partial<ElasticsearchSearchIndexOptions> = {}) => {
      let lists = 0;
      const es = fakeElasticsearch((req, nth) => {
        if (req.path === '/_alias/chunks-test' && req.method === 'GET') return { 'chunks-test-v3': { aliases: { 'chunks-test': { is_write_index: true } } } };
        if (req.path.endsWith('/_mapping')) return { 'chunks-test-v3': { mappings: { _meta: { mapping_version: 3 }, _routing: { required: true } } } };
        if (req.path === '/chunks-test/_search') return { hits: { hits: listed(++lists).map(([id, version]) => ({ _id: id, _version: version, sort: [id] })) } };
        if (req.path === '/_bulk') return bulk(req, nth);
        return { acknowledged: true };
      }, extra);
      await es.index.ensureReady();
      es.requests.length = 0;
      return es;
    };

    it('sends bulk NDJSON with require_alias and refresh=wait_for: index actions routed by call, at one external version', async () => {
      const es = await ready();
      await expect(es.index.upsertChunks(chunks)).resolves.toEqual({ written: chunks.length });
      expect(es.requests.map((r) => r.path)).toEqual(['/_bulk', '/_bulk']);
      const bulks = es.requests;
      expect(bulks.map((b) => (b.body as unknown[]).length / 2)).toEqual([4, chunks.length - 4]);
      for (const b of bulks) expect(b.querystring).toEqual({ refresh: 'wait_for', require_alias: 'true' });
      const lines = bulks.flatMap((b) => b.body as Record<string, any>[]);
      const mapped = Object.keys(elasticsearchIndexShape().mappings.properties ?? {});
      const G = generationOf(lines);
      chunks.forEach((chunk, i) => {
        expect(lines[2 * i]).toEqual({ index: { _index: 'chunks-test', _id: chunk.id, routing: chunk.callId, version: G, version_type: 'external' } });
        const doc = lines[2 * i + 1];
        for (const key of Object.keys(doc)) expect(mapped).toContain(key);
        expect(doc.chunk_id).toBe(chunk.id);
        expect(doc.call_id).toBe(chunk.callId);
        expect(doc.body).toBe(chunk.body);
        expect(doc.account_facet).toEqual(chunk.call.accountIds.map((id, j) => `${id}\u001f${chunk.call.accountNames[j]}`));
      });
      expect(lines.some((l) => l.call_id === '98765432109876543210')).toBe(true);
      await es.index.upsertChunks(chunks.slice(0, 1));
      expect((es.requests.at(-1)?.body as Record<string, any>[])[0].index.version).toBe(G + 1000);
    });

    it('replaceCallChunks: lists the call, then ONE bulk of the new chunks and deletes of the stale ones at its generation, then checks again; never _refresh or _delete_by_query', async () => {
      const call = chunks.filter((c) => c.callId === '1001');
      const stale = ['1001:90:0', '1001:91:0'];
      let written = 0;
      const es = await ready(
        (nth) => (nth === 1 ? [[call[0].id, 7], ...stale.map((id): [string, number] => [id, 7])] : call.map((c): [string, number] => [c.id, written])),
        (req) => ((written = generationOf(req.body as Record<string, any>[])), { errors: false, took: 1, items: (req.body as Record<string, any>[]).filter((l) => l.index || l.delete).map((l) => (l.index ? { index: { status: 200, result: 'updated' } } : { delete: { status: 200, result: 'deleted' } })) }),
        { bulkBatchSize: 500 },
      );
      await expect(es.index.replaceCallChunks('1001', call)).resolves.toEqual({ written: call.length, deleted: 2 });
      expect(es.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /chunks-test/_search', 'POST /_bulk', 'POST /chunks-test/_search']);
      expect(es.requests.some((r) => r.path.includes('_refresh') || r.path.includes('_delete_by_query'))).toBe(false);
      const list = es.requests[0];
      expect(list.querystring).toEqual({ routing: '1001' });
      expect(list.body).toEqual({
        size: 1000,
        track_total_hits: false,
        query: { bool: { filter: [{ term: { call_id: '1001' } }] } },
        _source: false,
        version: true,
        sort: [{ chunk_id: { order: 'asc' } }],
      });
      const lines = es.requests[1].body as Record<string, any>[];
      expect(es.requests[1].querystring).toEqual({ refresh: 'wait_for', require_alias: 'true' });
      expect(lines.filter((l) => l.delete)).toEqual(stale.map((id) => ({ delete: { _index: 'chunks-test', _id: id, routing: '1001', version: written, version_type: 'external' } })));
      expect(lines.filter((l) => l.index).map((l) => l.index._id)).toEqual(call.map((c) => c.id));
      await expect(es.index.replaceCallChunks('1002', call)).rejects.toMatchObject({ code: ErrorCode.VALIDATION_FAILED });
    });

    it('replaceCallChunks stops when a newer generation is already there (a slower writer never wins)', async () => {
      const es = await ready(() => [['1001:0:0', GEN + 5_000]]);
      await expect(es.index.replaceCallChunks('1001', chunks.filter((c) => c.callId === '1001'))).resolves.toEqual({ written: 0, deleted: 0 });
      expect(es.requests.map((r) => r.path)).toEqual(['/chunks-test/_search']);
    });

    it('two writers racing: the final check deletes every document of an older generation at the newest version', async () => {
      const call = chunks.filter((c) => c.callId === '1001');
      // After our bulk, the listing shows a newer writer's chunks (GEN + 5,000) beside ours (at most GEN + 999): ours go.
      const es = await ready((nth) => (nth === 1 ? [] : [...call.map((c): [string, number] => [c.id, GEN + 5_000]), ['1001:77:0', GEN]]), (req) => ({
        errors: true,
        took: 1,
        items: (req.body as Record<string, any>[])
          .filter((l) => l.index || l.delete)
          .map((l) => (l.index ? { index: { status: 409, error: { type: 'version_conflict_engine_exception', reason: 'newer' } } } : { delete: { status: 200, result: 'deleted' } })),
      }));
      await expect(es.index.replaceCallChunks('1001', call)).resolves.toEqual({ written: 0, deleted: 0 });
      const cleanup = es.requests.at(-1) as Request;
      expect(cleanup.path).toBe('/_bulk');
      expect(cleanup.body).toEqual([{ delete: { _index: 'chunks-test', _id: '1001:77:0', routing: '1001', version: GEN + 5_000, version_type: 'external' } }]);
    });

    it('deleteCall deletes the listed chunks by id in one bulk, waiting for the refresh', async () => {
      const es = await ready((nth) => (nth === 1 ? [['9000:0:0', 3], ['9000:1:0', 3]] : []), (req) => ({
        errors: false,
        took: 1,
        items: (req.body as unknown[]).map(() => ({ delete: { status: 200, result: 'deleted' } })),
      }));
      await expect(es.index.deleteCall('9000')).resolves.toEqual({ deleted: 2 });
      expect(es.requests.map((r) => r.path)).toEqual(['/chunks-test/_search', '/_bulk', '/chunks-test/_search']);
      const G = generationOf(es.requests[1].body as Record<string, any>[]);
      expect(es.requests[1].body).toEqual(['9000:0:0', '9000:1:0'].map((id) => ({ delete: { _index: 'chunks-test', _id: id, routing: '9000', version: G, version_type: 'external' } })));
      await expect(es.index.deleteCall('abc')).rejects.toMatchObject({ code: ErrorCode.VALIDATION_FAILED });
    });

    it('a write to a missing alias is refused (require_alias), not turned into a new index', async () => {
      const es = await ready(() => [], () => ({
        errors: true,
        took: 1,
        items: [{ index: { status: 404, error: { type: 'index_not_found_exception', reason: '[chunks-test] an alias is required' } } }],
      }));
      const err = (await es.index.upsertChunks(chunks.slice(0, 1)).catch((e: unknown) => e)) as IndexWriteError;
      expect(err).toBeInstanceOf(IndexWriteError);
      expect(err.failures[0]).toMatchObject({ status: 404, type: 'index_not_found_exception' });
    });

    it('retries items refused with 429 and reports the others by chunk id', async () => {
      const three = chunks.slice(0, 3);
      const es = fakeElasticsearch((req, nth) => {
        if (req.path !== '/_bulk') return {};
        if (nth === 1) {
          return {
            errors: true,
            took: 1,
            items: [
              { index: { _id: three[0].id, status: 201, result: 'created' } },
              { index: { _id: three[1].id, status: 429, error: { type: 'es_rejected_execution_exception', reason: 'queue full' } } },
              { index: { _id: three[2].id, status: 400, error: { type: 'document_parsing_exception', reason: 'bad field' } } },
            ],
          };
        }
        return bulkOk(req);
      });
      const err = await es.index.upsertChunks(three).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(IndexWriteError);
      const failure = err as IndexWriteError;
      expect(failure.code).toBe(ErrorCode.VALIDATION_FAILED);
      expect(failure.retryable).toBe(false);
      expect(failure.written).toBe(2);
      expect(failure.failures).toEqual([{ chunkId: three[2].id, status: 400, type: 'document_parsing_exception', reason: 'bad field' }]);
      expect(failure.message).toContain(three[2].id);
      const bulks = es.requests.filter((r) => r.path === '/_bulk');
      expect(bulks).toHaveLength(2);
      expect((bulks[1].body as Record<string, any>[]).map((l) => l.index?._id).filter(Boolean)).toEqual([three[1].id]);
      expect(es.delays).toEqual([100]);
    });

    it('gives up on 429 after the retries, as a retryable error', async () => {
      const one = chunks.slice(0, 1);
      const es = fakeElasticsearch(() => ({
        errors: true,
        took: 1,
        items: [{ index: { _id: one[0].id, status: 429, error: { type: 'es_rejected_execution_exception', reason: 'queue full' } } }],
      }));
      const err = (await es.index.upsertChunks(one).catch((e: unknown) => e)) as IndexWriteError;
      expect(err.retryable).toBe(true);
      expect(err.code).toBe(ErrorCode.DEPENDENCY_UNAVAILABLE);
      expect(err.failures.map((f) => f.status)).toEqual([429]);
      expect(es.requests.filter((r) => r.path === '/_bulk')).toHaveLength(3);
      expect(es.delays).toEqual([100, 200]);
    });

    it('retries a whole bulk request refused with 429, and fails fast on a connection error', async () => {
      const es = fakeElasticsearch((req, nth) => (nth === 1 ? responseError(429, 'circuit_breaking_exception') : bulkOk(req)));
      await expect(es.index.upsertChunks(chunks.slice(0, 2))).resolves.toEqual({ written: 2 });
      expect(es.delays).toEqual([100]);
      const down = fakeElasticsearch(() => ({ __status: 0, body: {} }));
      await expect(down.index.upsertChunks(chunks.slice(0, 2))).rejects.toMatchObject({ code: ErrorCode.DEPENDENCY_UNAVAILABLE });
    });

  });

  describe('search', () => {
    const hitOf = (chunkId: string, score: number) => {
      const chunk = company.chunks.find((c) => c.id === chunkId);
      if (!chunk) throw new Error(chunkId);
      const [doc] = toSearchDocuments([chunk]);
      return { _index: 'chunks-test-v1', _id: chunkId, _score: score, _source: doc, sort: [score, chunkId], highlight: { body: ['a «discount» here', 'and there'] } };
    };
    const longChunk = company.chunks.find((c) => c.callId === LONG_CALL_ID)?.id as string;
    const searchReply = {
      took: 3,
      timed_out: false,
      hits: { total: { value: 17, relation: 'eq' }, max_score: 2.5, hits: [] as unknown[] },
      aggregations: {
        calls: { value: 6 },
        accounts: { buckets: [{ key: '0011Q00000Globex\u001fGlobex', doc_count: 9 }, { key: '0011Q00000Initech\u001fInitech', doc_count: 4 }, { key: '0011Q00000Initech\u001fInitech Corp', doc_count: 1 }] },
        speakers: { buckets: [{ key: 'rita@acme.example', doc_count: 5, name: { buckets: [{ key: 'Rita Rep', doc_count: 5 }] } }] },
        trackers: { buckets: [{ key: 'Discounting', doc_count: 3 }] },
        sections: { buckets: [{ key: 'transcript', doc_count: 15 }, { key: 'summary', doc_count: 2 }] },
      },
    };

    /** Answers a text search: the ranking request from `window` ([chunkId, score, fingerprint?]), the fetch by ids, and a raw tail. */
    const textSearch = (window: [string, number, string?][], total = window.length, tail: [string, number][] = []) =>
      fakeElasticsearch((req) => {
        const body = req.body as Record<string, any>;
        if (body._source === false) {
          return {
            ...searchReply,
            hits: {
              total: { value: total, relation: 'eq' },
              hits: window.map(([id, score, fp]) => ({ _id: id, _score: score, sort: [score, id], fields: { call_id: [id.split(':')[0]], body_fingerprint: [fp ?? `fp-${id}`] } })),
            },
          };
        }
        const ids = (body.query.bool.filter as any[]).find((f) => f.ids)?.ids.values as string[] | undefined;
        if (ids) return { hits: { hits: ids.map((id) => hitOf(id, 0)) } };
        return { hits: { hits: tail.map(([id, score]) => hitOf(id, score)) } };
      });

    it('puts syntax in must, every filter and the access filter in bool.filter, ranks a window, then fetches the page by id', async () => {
      const es = textSearch([[longChunk, 2.5], ['1001:1:0', 1.25], ['1001:2:0', 1.25]], 17);
      const query = {
        accessFilter: MANAGER,
        text: 'discount "enterprise tier" or pricing -Contoso',
        accountIds: ['0011Q00000Globex'],
        callIds: [LONG_CALL_ID],
        startedFrom: '2024-01-01T00:00:00Z',
        startedTo: '2024-07-01T00:00:00+02:00',
        speakerAffiliations: ['External'] as ('External')[],
        speakerIds: ['s90'],
        speakerEmails: ['Jane@Initech.example'],
        speakerUserIds: ['11'],
        trackerNames: ['Discounting'],
        topics: ['Pricing'],
        sections: ['transcript'] as ('transcript')[],
        limit: 2,
        facetSize: 5,
      };
      const result = await es.index.search(query);
      expect(es.searches().map((r) => `${r.method} ${r.path}`)).toEqual(['POST /_search', 'POST /_search']);
      const ranking = es.searches()[0].body as Record<string, any>;
      expect(ranking.size).toBe(500);
      expect(ranking._source).toBe(false);
      expect(ranking.docvalue_fields).toEqual(['call_id', 'body_fingerprint']);
      expect(ranking.track_total_hits).toBe(true);
      expect(ranking.sort).toEqual([{ _score: { order: 'desc' } }, { chunk_id: { order: 'asc' } }]);
      expect(ranking.search_after).toBeUndefined();
      expect(ranking.highlight).toBeUndefined();
      // (discount AND "enterprise tier") OR (pricing AND NOT contoso): AND binds tighter, as in websearch_to_tsquery.
      const phrase = (query: string) => ({ multi_match: { query, fields: ['body^4', 'speaker_line^2', 'topic.text^2', 'tracker_names.text^2', 'call_title', 'account_names'], type: 'phrase' } });
      expect(ranking.query.bool.must).toEqual([
        {
          bool: {
            should: [{ bool: { must: [phrase('discount'), phrase('enterprise tier')] } }, { bool: { must: [phrase('pricing')], must_not: [phrase('contoso')] } }],
            minimum_should_match: 1,
          },
        },
      ]);
      expect(ranking.query.bool.should).toBeUndefined();
      const filter = [
        { terms: { call_id: [LONG_CALL_ID] } },
        { terms: { account_ids: ['0011Q00000Globex'] } },
        { range: { call_started: { gte: '2024-01-01T00:00:00Z', lt: '2024-07-01T00:00:00+02:00' } } },
        { terms: { speaker_affiliation: ['External'] } },
        { terms: { speaker_id: ['s90'] } },
        { terms: { speaker_email: ['jane@initech.example'] } },
        { terms: { speaker_user_id: ['11'] } },
        { terms: { tracker_names: ['Discounting'] } },
        { terms: { topic: ['Pricing'] } },
        { terms: { section: ['transcript'] } },
        {
          bool: {
            should: [
              { term: { host_user_id: '20' } },
              { term: { participant_user_ids: '20' } },
              {
                bool: {
                  must_not: [{ term: { is_private: true } }],
                  should: [{ bool: { filter: [{ term: { workspace_id: '1' } }, { terms: { host_user_id: ['10', '11'] } }] } }],
                  minimum_should_match: 1,
                },
              },
            ],
            minimum_should_match: 1,
          },
        },
      ];
      expect(ranking.query.bool.filter).toEqual(filter);
      expect(ranking.aggs.calls).toEqual({ cardinality: { field: 'call_id', precision_threshold: 40000 } });
      expect(ranking.aggs.trackers).toEqual({ terms: { field: 'tracker_names', size: 5, order: [{ _count: 'desc' }, { _key: 'asc' }] } });
      expect(ranking.aggs.sections).toEqual({ terms: { field: 'section', size: 5, order: [{ _count: 'desc' }, { _key: 'asc' }] } });
      expect(ranking.aggs.speakers.terms.field).toBe('speaker_email');

      const fetch = es.searches()[1].body as Record<string, any>;
      expect(fetch).toEqual({
        pit: { id: 'pit-1', keep_alive: '2m' },
        size: 3,
        track_total_hits: false,
        query: { bool: { must: ranking.query.bool.must, filter: [...filter, { ids: { values: [longChunk, '1001:1:0', '1001:2:0'] } }] } },
        _source: { excludes: ['account_facet', 'indexed_at'] },
        highlight: {
          pre_tags: ['«'],
          post_tags: ['»'],
          fields: { body: { type: 'unified', number_of_fragments: 3, fragment_size: 160, no_match_size: 200 } },
        },
      });

      expect(result.total).toBe(17);
      expect(result.totalCalls).toBe(6);
      expect(result.hits.map((h) => [h.chunkId, h.callId, h.score])).toEqual([
        [longChunk, LONG_CALL_ID, 2.5],
        ['1001:1:0', '1001', 1.25],
      ]);
      expect(result.hits[0].call.callId).toBe('98765432109876543210');
      expect(result.hits[0].chunk.section).toBe('transcript');
      expect(result.hits[0].highlight).toBe('a «discount» here … and there');
      expect(result.facets).toEqual({
        accounts: [
          { value: '0011Q00000Globex', label: 'Globex', count: 9 },
          { value: '0011Q00000Initech', label: 'Initech Corp', count: 5 },
        ],
        speakers: [{ value: 'rita@acme.example', label: 'Rita Rep', count: 5 }],
        trackers: [{ value: 'Discounting', label: 'Discounting', count: 3 }],
        sections: [
          { value: 'transcript', label: 'transcript', count: 15 },
          { value: 'summary', label: 'summary', count: 2 },
        ],
      });
      expect(result.nextCursor).not.toBeNull();
      // One point in time for the walk: opened first, every search reads it (no index), not closed while pages follow.
      expect(es.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /chunks-test/_pit', 'POST /_search', 'POST /_search']);
      expect(es.requests[0].querystring).toEqual({ keep_alive: '2m' });
      for (const r of es.searches()) expect((r.body as Record<string, any>).pit).toEqual({ id: 'pit-1', keep_alive: '2m' });

      // The next page comes from the same window, after the cursor; past the window (17 > 3), the raw tail follows.
      const next = textSearch([[longChunk, 2.5], ['1001:1:0', 1.25], ['1001:2:0', 1.25]], 17, [['1002:0:0', 1], ['1002:1:0', 0.5]]);
      const page2 = await next.index.search({ ...query, cursor: result.nextCursor as string });
      expect(page2.hits.map((h) => h.chunkId)).toEqual(['1001:2:0', '1002:0:0']);
      const tailRequest = next.searches()[2].body as Record<string, any>;
      expect(tailRequest.search_after).toEqual([1.25, '1001:2:0']);
      expect(tailRequest.size).toBe(2);
      expect(tailRequest.aggs).toBeUndefined();
      const page3 = await next.index.search({ ...query, cursor: page2.nextCursor as string });
      expect(next.searches().slice(3).map((r) => (r.body as Record<string, any>)._source === false ? 'ranking' : 'tail')).toEqual(['ranking', 'tail']);
      expect((next.searches()[4].body as Record<string, any>).search_after).toEqual([1, '1002:0:0']);
      expect(page3.hits.map((h) => h.chunkId)).toEqual(['1002:0:0', '1002:1:0']);
      // Paging on opened no other point in time; the last page closed the walk's.
      expect(next.requests.filter((r) => r.path.endsWith('/_pit')).map((r) => `${r.method} ${r.path}`)).toEqual(['DELETE /_pit']);
      expect(next.requests.find((r) => r.method === 'DELETE')?.body).toEqual({ id: 'pit-1' });
    });

    it('a walk whose point in time expired goes on from a new one after the cursor; a one-page result closes its PIT at once', async () => {
      let expired = true;
      const es = fakeElasticsearch((req) => {
        if (req.path === '/_search' && (req.body as Record<string, any>).pit.id === 'old-pit' && expired) {
          expired = false;
          return responseError(404, 'search_context_missing_exception', 'No search context found for id [7]');
        }
        return { ...searchReply, pit_id: 'pit-2', hits: { total: { value: 1, relation: 'eq' }, hits: [hitOf('1001:0:0', 0)] } };
      });
      const first = await fakeElasticsearch(() => ({ ...searchReply, hits: { total: { value: 3, relation: 'eq' }, hits: ['1001:0:0', '1001:1:0'].map((id) => hitOf(id, 0)) } })).index.search({ accessFilter: MANAGER, limit: 1 });
      const cursor = JSON.parse(Buffer.from(first.nextCursor as string, 'base64url').toString('utf8')) as { c: string; p: string };
      expect(cursor.p).toBe('pit-1');
      const stale = Buffer.from(JSON.stringify({ ...cursor, p: 'old-pit' })).toString('base64url');
      const page = await es.index.search({ accessFilter: MANAGER, limit: 1, cursor: stale });
      expect(page.hits.map((h) => h.chunkId)).toEqual(['1001:0:0']);
      expect(es.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /_search', 'POST /chunks-test/_pit', 'POST /_search', 'DELETE /_pit']);
      expect((es.requests[2].body as Record<string, any>).search_after).toEqual([0, '1001:0:0']);
      expect(es.requests[3].body).toEqual({ id: 'pit-2' });
    });

    it('splits an access list longer than index.max_terms_count (65,536) into several terms clauses', async () => {
      const es = fakeElasticsearch(() => searchReply);
      const granted = Array.from({ length: 70_000 }, (_, i) => String(1_000_000_000 + i));
      await es.index.search({ accessFilter: { ...company.users.otto, grantedCallIds: granted }, facetSize: 0 });
      const access = (es.searches()[0].body as Record<string, any>).query.bool.filter.at(-1);
      const shared = access.bool.should[2].bool.should as { terms: { call_id: string[] } }[];
      expect(shared.map((c) => c.terms.call_id.length)).toEqual([65_536, 4_464]);
      expect(shared.flatMap((c) => c.terms.call_id)).toEqual(granted);
    });

    it('collapses duplicates and lets a call show three hits before the other calls', async () => {
      const c1 = company.chunks.filter((c) => c.callId === '1001').map((c) => c.id);
      const es = textSearch([[c1[0], 9], [c1[1], 8, 'same'], [c1[2], 7], [c1[3], 6], ['1002:0:0', 5, 'same'], ['1002:1:0', 4]]);
      const result = await es.index.search({ accessFilter: MANAGER, text: 'pricing', limit: 10 });
      expect(result.hits.map((h) => h.chunkId)).toEqual([c1[0], c1[1], c1[2], '1002:1:0', c1[3]]);
      expect(result.total).toBe(5);
    });

    it('reads a question as concepts: at least a few of them, synonyms below the words, phrases and trackers as boosts', async () => {
      const es = textSearch([]);
      await es.index.search({ accessFilter: MANAGER, text: 'What did the economic buyer say about pricing objections?' });
      const q = (es.searches()[0].body as Record<string, any>).query.bool;
      expect(q.must).toHaveLength(1);
      const concepts = q.must[0].bool;
      expect(concepts.minimum_should_match).toBe(1);
      expect(concepts.should).toHaveLength(3);
      const [buyer, pricing, objections] = concepts.should.map(conceptQueries);
      // A vocabulary concept's own words count as its synonyms do (people ask in other words than calls use).
      expect(buyer[0]).toEqual({ multi_match: { query: 'economic buyer', fields: ['body^4', 'speaker_line', 'topic.text^2', 'tracker_names.text^2'], type: 'phrase', boost: 0.6 } });
      expect(buyer).toContainEqual({ multi_match: { query: 'sign off', fields: ['body^4', 'speaker_line', 'topic.text^2', 'tracker_names.text^2'], type: 'phrase', boost: 0.6 } });
      expect(pricing[0]).toEqual({ multi_match: { query: 'pricing', fields: ['body^4', 'speaker_line', 'topic.text^2', 'tracker_names.text^2'], type: 'best_fields', boost: 0.6 } });
      expect(pricing).toContainEqual({ multi_match: { query: 'budget', fields: ['body^4', 'speaker_line', 'topic.text^2', 'tracker_names.text^2'], type: 'best_fields', boost: 0.6 } });
      expect(pricing).toContainEqual({ multi_match: { query: 'pricing', fields: ['call_title', 'account_names'], type: 'best_fields', boost: 0.25 } });
      // "objections" judges the pricing the question names: weighed at half, its trackers not read.
      expect(objections[0]).toEqual({ multi_match: { query: 'objections', fields: ['body^4', 'speaker_line', 'topic.text^2', 'tracker_names.text^2'], type: 'best_fields', boost: 0.6 * QUALIFIER_CONCEPT_WEIGHT } });
      expect(q.should).toEqual([
        { match_phrase: { body: { query: 'pricing objections', slop: 2, boost: 0.5 } } },
        { terms: { tracker_names: expect.arrayContaining(['Decision Maker', 'Pricing', 'Pricing Objection']), boost: 0.5 } },
        { term: { speaker_affiliation: { value: 'External', boost: 0.3 } } },
      ]);
      expect(q.should[1].terms.tracker_names).not.toContain('Objections');
      const long = textSearch([]);
      await long.index.search({ accessFilter: MANAGER, text: 'renewal terms onboarding webinar commission accelerator invoice' });
      expect((long.searches()[0].body as Record<string, any>).query.bool.must[0].bool.minimum_should_match).toBe(3);
    });

    it('does not count a concept\'s words in a passage saying another group\'s phrase that holds them ("owns the budget" is not pricing)', async () => {
      const es = textSearch([]);
      await es.index.search({ accessFilter: MANAGER, text: 'can they afford it' });
      const [pricing] = (es.searches()[0].body as Record<string, any>).query.bool.must[0].bool.should.map((c: any) => c.dis_max.queries);
      expect(pricing[0].bool.must.dis_max.queries[0].multi_match).toMatchObject({ query: 'afford', boost: 0.6 });
      expect(pricing[0].bool.must.dis_max.queries).toContainEqual(expect.objectContaining({ multi_match: expect.objectContaining({ query: 'budget' }) }));
      expect(pricing[0].bool.must_not).toEqual(expect.arrayContaining([{ match_phrase: { body: 'owns the budget' } }, { match_phrase: { body: 'budget holder' } }]));
      // The title arm is outside: a call titled with the word still counts a little.
      expect(pricing[1]).toEqual({ multi_match: { query: 'afford', fields: ['call_title', 'account_names'], type: 'best_fields', boost: 0.25 } });
    });

    it('weighs a word the vocabulary does not know at FREE_WORD_WEIGHT beside a concept it knows, and adds the group "when" implies', async () => {
      const es = textSearch([]);
      await es.index.search({ accessFilter: MANAGER, text: 'when will the quibble get a discount' });
      const concepts = (es.searches()[0].body as Record<string, any>).query.bool.must[0].bool.should.map(conceptQueries);
      expect(concepts).toHaveLength(3);
      const [quibble, pricing, timeline] = concepts;
      expect(quibble.map((m: any) => m.multi_match.boost)).toEqual([FREE_WORD_WEIGHT, 0.25 * FREE_WORD_WEIGHT]);
      expect(pricing[0].multi_match).toMatchObject({ query: 'discount', boost: 0.6 });
      // The implied group: its terms as synonyms, no words of its own (none in the title either),
      // weighed IMPLIED_CONCEPT_WEIGHT beside the group the question names.
      expect(timeline.every((m: any) => m.multi_match.boost === 0.6 * IMPLIED_CONCEPT_WEIGHT)).toBe(true);
      expect(timeline.map((m: any) => m.multi_match.query)).toEqual(expect.arrayContaining(['deadline', 'go live']));
      const alone = textSearch([]);
      await alone.index.search({ accessFilter: MANAGER, text: 'quibble' });
      expect((alone.searches()[0].body as Record<string, any>).query.bool.must[0].bool.should[0].dis_max.queries[0].multi_match.boost).toBe(1);
    });

    it('lists without text: no must clause, no highlight, and own/granted/workspace arms', async () => {
      const es = fakeElasticsearch(() => searchReply);
      const filter: AccessFilter = { ...company.users.otto, allWorkspaceIds: ['2'] };
      const result = await es.index.search({ accessFilter: filter, facetSize: 0 });
      const body = es.searches()[0].body as Record<string, any>;
      expect(body.query.bool.must).toEqual([]);
      expect(body.highlight).toBeUndefined();
      expect(Object.keys(body.aggs)).toEqual(['calls']);
      expect(body.query.bool.filter).toEqual([
        {
          bool: {
            should: [
              { term: { host_user_id: '30' } },
              { term: { participant_user_ids: '30' } },
              {
                bool: {
                  must_not: [{ term: { is_private: true } }],
                  should: [{ terms: { call_id: ['1003', '1009'] } }, { terms: { workspace_id: ['2'] } }],
                  minimum_should_match: 1,
                },
              },
            ],
            minimum_should_match: 1,
          },
        },
      ]);
      expect(result.hits).toEqual([]);
      expect(result.nextCursor).toBeNull();
    });

    it('turns the deny-all filter into an explicit match-nothing clause', async () => {
      const es = fakeElasticsearch(() => searchReply);
      await es.index.search({ accessFilter: denyAllAccessFilter('5') });
      expect((es.searches()[0].body as Record<string, any>).query.bool.filter).toEqual([{ bool: { must_not: [{ match_all: {} }] } }]);
    });

    it('matches nothing for text without a searchable word', async () => {
      const es = fakeElasticsearch(() => searchReply);
      await es.index.search({ accessFilter: MANAGER, text: '" - "' });
      expect((es.searches()[0].body as Record<string, any>).query.bool.must).toEqual([{ match_none: {} }]);
      await es.index.search({ accessFilter: MANAGER, text: 'what did they say about it?' });
      expect((es.searches()[1].body as Record<string, any>).query.bool.must).toEqual([{ match_none: {} }]);
    });

    it('refuses a query without an access filter before asking Elasticsearch', async () => {
      const es = fakeElasticsearch(() => searchReply);
      await expect(es.index.search({ text: 'x' } as never)).rejects.toMatchObject({ code: ErrorCode.VALIDATION_FAILED });
      expect(es.searches()).toEqual([]);
    });

    it('reports Elasticsearch trouble as DEPENDENCY_UNAVAILABLE, and a refused request as INTERNAL', async () => {
      const busy = fakeElasticsearch(() => responseError(503, 'search_phase_execution_exception', 'all shards failed'));
      const err = await busy.index.search({ accessFilter: MANAGER, text: 'x' }).catch((e: unknown) => e);
      expect(AppError.is(err, ErrorCode.DEPENDENCY_UNAVAILABLE)).toBe(true);
      expect((err as AppError).message).toContain('all shards failed');
      const bad = fakeElasticsearch(() => responseError(400, 'parsing_exception'));
      await expect(bad.index.search({ accessFilter: MANAGER })).rejects.toMatchObject({ code: ErrorCode.INTERNAL });
    });
  });

  describe('reindex and alias swap', () => {
    const rebuild = (failures: unknown[] = []) =>
      fakeElasticsearch((req) => {
        if (req.path === '/_alias/chunks-test') return { 'chunks-test-v3': { aliases: { 'chunks-test': { is_write_index: true } } } };
        if (req.path.endsWith('/_mapping') && req.method === 'GET') return { [req.path.split('/')[1]]: { mappings: { _meta: { mapping_version: 3 }, _routing: { required: true } } } };
        if (req.path === '/_reindex') return { task: 'n:1' };
        if (req.path === '/_tasks/n:1') return { completed: true, task: { status: {} }, response: { created: 40, updated: 2, failures } };
        return { acknowledged: true };
      });

    it('reindexInto rebuilds into a new index without waiting under the request timeout: a task, polled, then the atomic swap', async () => {
      const es = rebuild();
      await expect(es.index.reindexInto('chunks-test-v3-r1', { deleteOld: true })).resolves.toEqual({ from: 'chunks-test-v3', to: 'chunks-test-v3-r1', copied: 126 });
      const steps = es.requests.map((r) => `${r.method} ${r.path}`);
      expect(steps.filter((p) => p === 'POST /_reindex')).toHaveLength(3);
      for (const r of es.requests.filter((x) => x.path === '/_reindex')) expect(r.querystring).toEqual({ wait_for_completion: 'false' });
      expect(steps.indexOf('POST /_aliases')).toBeLessThan(steps.indexOf('DELETE /chunks-test-v3'));
      expect(steps.at(-1)).not.toBe('POST /_aliases');
      const create = es.requests.find((r) => r.method === 'PUT' && r.path === '/chunks-test-v3-r1')?.body as Record<string, any>;
      expect(create.settings).toEqual(elasticsearchIndexShape().settings);
      expect(create.mappings.properties).toEqual(elasticsearchIndexShape().mappings.properties);
    });

    it('keeps the alias where it is when the copy fails, and refuses a name outside the template', async () => {
      const es = rebuild([{ id: '1001:0:0', cause: { type: 'x', reason: 'y' } }]);
      await expect(es.index.reindexInto('chunks-test-v3-r2')).rejects.toThrow(/alias still points at chunks-test-v3/);
      expect(es.requests.some((r) => r.path === '/_aliases')).toBe(false);
      await expect(es.index.reindexInto('other-v2')).rejects.toMatchObject({ code: ErrorCode.CONFIG_INVALID });
      await expect(es.index.reindexInto('chunks-test-r1')).rejects.toMatchObject({ code: ErrorCode.CONFIG_INVALID });
      await expect(es.index.reindexInto('chunks-test-v3')).rejects.toMatchObject({ code: ErrorCode.CONFIG_INVALID });
    });
  });

  describe('configuration', () => {
    it('needs a client or a node, and a valid alias', () => {
      expect(() => new ElasticsearchSearchIndex({})).toThrow(/node/);
      expect(() => new ElasticsearchSearchIndex({ node: 'http://x:9200', alias: 'Bad*Alias' })).toThrow(/alias/);
    });

    it('closes only a client it made', async () => {
      const es = fakeElasticsearch();
      let closed = false;
      es.client.close = async () => {
        closed = true;
      };
      await es.index.close();
      expect(closed).toBe(false);
      const own = new ElasticsearchSearchIndex({ node: 'http://127.0.0.1:1' });
      await expect(own.close()).resolves.toBeUndefined();
    });
  });

  it('indexes 20-digit ids as strings end to end (chunkCall → bulk)', async () => {
    const es = fakeElasticsearch(bulkOk);
    const chunk = chunkCall(company.calls.find((c) => c.call.id === LONG_CALL_ID) ?? company.calls[0])[0];
    await es.index.upsertChunks([chunk]);
    const raw = es.requests[0].body as Record<string, any>[];
    expect(raw[1].call_id).toBe('98765432109876543210');
    expect(typeof raw[1].call_id).toBe('string');
  });
});

