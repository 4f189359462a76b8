// npm run bench:search [-- --calls 10000 --seed 42 --queries 400 --pool 4]
//
// Chunking throughput (chunkCall over synthetic transcripts), indexing throughput into the
// PostgreSQL search index, and search latency at 1 and 32 concurrent queries over the indexed
// calls, for managers with their managers-team access filter: the `account-research` workload
// (the design's target: p95 <= 100 ms at 32 concurrent) and the `broad` one, reported apart.
// Recall@10 over planted phrases. Runs in a schema of its own (testDatabase), dropped at the end.
// The last line is one JSON object.
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { chunkCall, type Chunk } from '@gong-connector/chunking';
import { testDatabase } from '@gong-connector/testing';
import { PostgresSearchIndex } from '../src/postgres/postgres-search.index.js';
import { loadAverage, percentile, round } from './bench-figures.js';
import { buildSearchWorkload, type WorkloadKind, type WorkloadName, type WorkloadQuery } from './search-workload.js';
import { generateSyntheticCompany } from './synthetic-company.generator.js';

const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i += 2) args.set(process.argv[i].replace(/^--/, ''), process.argv[i + 1]);
const CALLS = Number(args.get('calls') ?? 10_000);
const SEED = Number(args.get('seed') ?? 42);
const QUERIES = Number(args.get('queries') ?? 400);
const CONCURRENCY = 32;
/** Connections of the searching service: 2 per core, as usual, not one per concurrent user. */
const POOL_SIZE = Number(args.get('pool') ?? 4);

const log = (line: string) => console.log(line);
const load = loadAverage;

interface Timing {
  kind: WorkloadKind;
  ms: number;
  total: number;
}

interface Latency {
  p50: number;
  p95: number;
  p99: number;
}

const latency = (xs: readonly Timing[]): Latency => {
  const ms = xs.map((x) => x.ms);
  return { p50: round(percentile(ms, 50)), p95: round(percentile(ms, 95)), p99: round(percentile(ms, 99)) };
};

async function measure(index: PostgresSearchIndex, queries: readonly WorkloadQuery[]): Promise<{ serial: Timing[]; concurrent: Timing[]; qps: number }> {
  const run = async (q: WorkloadQuery): Promise<Timing> => {
    const start = performance.now();
    const result = await index.search(q.query);
    return { kind: q.kind, ms: performance.now() - start, total: result.total };
  };
  for (const q of queries.slice(0, 40)) await run(q); // warm-up: connections, dictionaries
  const serial: Timing[] = [];
  for (const q of queries) serial.push(await run(q));
  const work = [...queries, ...queries, ...queries];
  const concurrent: Timing[] = [];
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < work.length) concurrent.push(await run(work[next++]));
    }),
  );
  return { serial, concurrent, qps: work.length / ((performance.now() - start) / 1000) };
}

async function main(): Promise<void> {
  log(`search bench: ${CALLS} calls, seed ${SEED}, ${QUERIES} queries per workload, ${CONCURRENCY} concurrent, pool ${POOL_SIZE}; load average ${load()}`);
  let t = performance.now();
  const company = generateSyntheticCompany({ calls: CALLS, seed: SEED });
  log(`generated ${company.calls.length} calls, ${company.sentenceCount} sentences in ${round((performance.now() - t) / 1000)} s`);

  t = performance.now();
  const chunksByCall: Chunk[][] = company.calls.map((c) => chunkCall(c));
  const chunkSeconds = (performance.now() - t) / 1000;
  const chunkCount = chunksByCall.reduce((n, c) => n + c.length, 0);
  const chunkSentencesPerS = company.sentenceCount / chunkSeconds;
  log(`chunking: ${chunkCount} chunks (${round(chunkCount / CALLS)} per call) in ${round(chunkSeconds, 2)} s = ${Math.round(chunkSentencesPerS)} sentences/s`);

  const db = await testDatabase({ poolSize: POOL_SIZE });
  try {
    const index = new PostgresSearchIndex({ database: db.database });
    await index.ensureReady();

    t = performance.now();
    const callsPerWrite = 20; // as a backfill batch of calls would write them
    for (let i = 0; i < chunksByCall.length; i += callsPerWrite) {
      await index.upsertChunks(chunksByCall.slice(i, i + callsPerWrite).flat());
    }
    const indexSeconds = (performance.now() - t) / 1000;
    const indexChunksPerS = chunkCount / indexSeconds;
    log(`indexing: ${chunkCount} chunks in ${round(indexSeconds)} s = ${Math.round(indexChunksPerS)} chunks/s (one writer, ${callsPerWrite} calls per upsert)`);
    // What autovacuum does after a bulk load: statistics for the planner, the GIN pending list merged.
    await db.database.query('VACUUM ANALYZE search_chunks');
    await db.database.query('VACUUM ANALYZE search_chunk_texts');
    const [size] = (await db.database.query(
      `SELECT pg_size_pretty(pg_total_relation_size('search_chunks')) AS chunks, pg_size_pretty(pg_total_relation_size('search_chunk_texts')) AS texts`,
    )) as { chunks: string; texts: string }[];
    log(`tables: search_chunks ${size.chunks}, search_chunk_texts ${size.texts} (with indexes)`);

    const results = {} as Record<WorkloadName, { serial: Latency; concurrent: Latency; qps: number; kinds: Partial<Record<WorkloadKind, Latency>> }>;
    for (const [w, name] of (['account-research', 'broad'] as const).entries()) {
      const queries = buildSearchWorkload(company, name, QUERIES, SEED + 1 + w);
      const m = await measure(index, queries);
      const s1 = latency(m.serial);
      const s32 = latency(m.concurrent);
      results[name] = { serial: s1, concurrent: s32, qps: m.qps, kinds: {} };
      log(`${name} workload (load average ${load()}):`);
      log(`  1 at a time:   p50 ${s1.p50} ms, p95 ${s1.p95} ms, p99 ${s1.p99} ms`);
      log(`  ${CONCURRENCY} concurrent: p50 ${s32.p50} ms, p95 ${s32.p95} ms, p99 ${s32.p99} ms (${Math.round(m.qps)} queries/s)`);
      for (const kind of [...new Set(queries.map((q) => q.kind))]) {
        const a = latency(m.serial.filter((x) => x.kind === kind));
        const b = latency(m.concurrent.filter((x) => x.kind === kind));
        results[name].kinds[kind] = b;
        const totals = m.serial.filter((x) => x.kind === kind).map((x) => x.total);
        log(`    ${kind.padEnd(17)} n=${String(totals.length).padStart(3)}  1: p50 ${a.p50} p95 ${a.p95} ms  ${CONCURRENCY}: p50 ${b.p50} p95 ${b.p95} ms  matches: median ${percentile(totals, 50)}, max ${Math.max(...totals)}`);
      }
    }
    const target = results['account-research'].concurrent.p95 <= 100 ? 'met' : 'MISSED';
    log(`target p95 <= 100 ms at ${CONCURRENCY} concurrent (account-research): ${target}`);
    const broadTarget = results.broad.concurrent.p95 <= 250 ? 'met' : 'MISSED';
    log(`aim p95 <= 250 ms at ${CONCURRENCY} concurrent (broad): ${broadTarget}`);

    let recallSum = 0;
    for (const planted of company.planted) {
      const result = await index.search({ accessFilter: company.adminFilter, text: planted.text, limit: 10 });
      const found = new Set(result.hits.map((h) => h.callId));
      const relevant = [...new Set(planted.callIds)];
      recallSum += relevant.filter((id) => found.has(id)).length / relevant.length;
    }
    const recallAt10 = recallSum / company.planted.length;
    log(`recall@10: ${round(recallAt10, 3)} over ${company.planted.length} planted-phrase queries (each phrase whole in 2 calls, its words apart in 12 more; access filter: all workspaces)`);

    const ra = results['account-research'];
    const rb = results.broad;
    console.log(
      JSON.stringify({
        calls: CALLS,
        chunks: chunkCount,
        chunk_sentences_per_s: Math.round(chunkSentencesPerS),
        index_chunks_per_s: Math.round(indexChunksPerS),
        search_p50_ms_1: ra.serial.p50,
        search_p95_ms_1: ra.serial.p95,
        search_p99_ms_1: ra.serial.p99,
        search_p50_ms_32: ra.concurrent.p50,
        search_p95_ms_32: ra.concurrent.p95,
        search_p99_ms_32: ra.concurrent.p99,
        search_qps_32: Math.round(ra.qps),
        search_broad_p50_ms_1: rb.serial.p50,
        search_broad_p95_ms_1: rb.serial.p95,
        search_broad_p99_ms_1: rb.serial.p99,
        search_broad_p50_ms_32: rb.concurrent.p50,
        search_broad_p95_ms_32: rb.concurrent.p95,
        search_broad_p99_ms_32: rb.concurrent.p99,
        search_broad_qps_32: Math.round(rb.qps),
        search_broad_text_p95_ms_32: rb.kinds['broad-text']?.p95 ?? null,
        search_tracker_range_p95_ms_32: rb.kinds['tracker-range']?.p95 ?? null,
        recall_at_10: round(recallAt10, 3),
        load_avg_1m: round(loadavg()[0], 2),
      }),
    );
  } finally {
    await db.close();
  }
}

await main();
