// npm run bench:scale -- --calls 100000 [--steps 10000,50000,100000] [--fresh] [--drop] [--schema bench_scale]
//                        [--seed 42] [--queries 120] [--pool 4] [--writers 3] [--measure-only] [--recent-calls 200]
//
// How the embedded PostgreSQL index's cost grows with the number of calls. The synthetic company's
// calls are generated, chunked and loaded one batch at a time (bounded memory at any size) into a
// named schema that is KEPT between runs: a later run goes on from the calls already loaded, so one
// load serves several measurements (`--fresh` starts over, `--drop` drops the schema at the end:
// it holds several GB at 100,000 calls; by hand: DROP SCHEMA bench_scale CASCADE).
// At each step (10,000, 50,000 and 100,000 calls up to `--calls`; `--steps` for others), after the
// load and a VACUUM ANALYZE (what autovacuum does after a bulk load): load throughput, disk per
// call (PostgreSQL's pg_total_relation_size of both search tables, indexes and TOAST included),
// search p50/p95 at 1 and 32 concurrent for narrow questions (one account; a rep's own calls),
// broad ones (a manager's whole team; an admin's every call) and account research (agent-api's
// query shape), the access filter's cost (team questions with a filter of 1,000 more granted
// calls), and the peak RSS of this process and of its PostgreSQL backends (/proc, when readable).
// The last line is one JSON object; `*_at_10k` / `*_at_50k` are the same figures at those steps.
// `--measure-only`: no load; the schema's current size is measured as one step (after a change of
// the search code or a migration, the same data measured again; `--calls` must be what it holds).
// `--recent-calls N`: the index's `recentCalls` (default RECENT_CALLS; 0 turns the recent-calls
// source off, every narrow search runs the full statement: the before of an A/B on the same data).
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import type { AccessFilter } from '@gong-connector/access-core';
import { chunkCall } from '@gong-connector/chunking';
import { Database, dropSchema } from '@gong-connector/persistence';
import { testServices } from '@gong-connector/testing';
import { PostgresSearchIndex } from '../src/postgres/postgres-search.index.js';
import { RECENT_CALLS } from '../src/postgres/postgres-search.statement.js';
import { benchArgs, loadAverage, percentile, round } from './bench-figures.js';
import { buildScaleWorkload, type ScaleKind, type ScaleQuery, type ScaleWorkload } from './scale-workload.js';
import { SyntheticCallStream } from './synthetic-call.stream.js';

const args = benchArgs(process.argv.slice(2));
const CALLS = Number(args.get('calls') ?? 10_000);
const STEPS = (args.get('steps')?.split(',').map(Number) ?? [10_000, 50_000, 100_000].filter((s) => s < CALLS)).filter((s) => s < CALLS).concat(CALLS);
const SEED = Number(args.get('seed') ?? 42);
const QUERIES = Number(args.get('queries') ?? 120);
const POOL_SIZE = Number(args.get('pool') ?? 4);
const WRITERS = Number(args.get('writers') ?? 3);
const SCHEMA = args.get('schema') ?? 'bench_scale';
const FRESH = args.get('fresh') === 'true';
const DROP = args.get('drop') === 'true';
const MEASURE_ONLY = args.get('measure-only') === 'true';
const RECENT = args.has('recent-calls') ? Number(args.get('recent-calls')) : RECENT_CALLS;
const CONCURRENCY = 32;
/** Calls per upsert, as a backfill batch writes them. */
const CALLS_PER_WRITE = 20;
/** The access-filter cost: a filter with this many granted calls more, over this many team questions. */
const GRANTED_CALLS = 1000;
const ACCESS_QUERIES = 10;
const APP_NAME = `bench-scale-${process.pid}`;
for (const [name, value] of [['calls', CALLS], ['seed', SEED], ['queries', QUERIES], ['pool', POOL_SIZE], ['writers', WRITERS], ...STEPS.map((s) => ['steps', s] as const)] as const) {
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a positive integer (got ${value})`);
}
if (!Number.isInteger(RECENT) || RECENT < 0) throw new Error(`--recent-calls must be a non-negative integer (got ${RECENT})`);
if (!/^[a-z_][a-z0-9_]*$/.test(SCHEMA)) throw new Error(`--schema must be a lower-case SQL identifier (got ${SCHEMA})`);

const log = (line: string) => console.log(line);
const load = loadAverage;

interface Timing {
  kind: ScaleKind;
  ms: number;
  total: number;
}

/** Serially, then 32 at a time (each query twice), after a warm-up. */
async function measure(index: PostgresSearchIndex, queries: readonly ScaleQuery[]): Promise<{ serial: Timing[]; concurrent: Timing[] }> {
  const run = async (q: ScaleQuery): Promise<Timing> => {
    const start = performance.now();
    const result = await index.search(q.query);
    return { kind: q.kind, ms: performance.now() - start, total: result.total };
  };
  for (const q of queries.slice(0, 20)) await run(q);
  const serial: Timing[] = [];
  for (const q of queries) serial.push(await run(q));
  const work = [...queries, ...queries];
  const concurrent: Timing[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < work.length) concurrent.push(await run(work[next++]));
    }),
  );
  return { serial, concurrent };
}

const p = (xs: readonly Timing[], q: number) => round(percentile(xs.map((x) => x.ms), q));

/** Peak and current private RSS of this pool's PostgreSQL backends, from /proc (null when not readable). */
async function backendMemory(db: Database): Promise<{ peakMb: number; privateMb: number } | null> {
  const rows = (await db.query('SELECT pid FROM pg_stat_activity WHERE application_name = $1', [APP_NAME])) as { pid: number }[];
  let peak = 0;
  let priv = 0;
  for (const { pid } of rows) {
    try {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
      peak = Math.max(peak, kb('VmHWM'));
      priv = Math.max(priv, kb('RssAnon'));
    } catch {
      return null; // another machine's server, or no permission
    }
  }
  return rows.length === 0 ? null : { peakMb: Math.round(peak / 1024), privateMb: Math.round(priv / 1024) };
}

type Figures = Record<string, number | null>;

async function main(): Promise<void> {
  if (MEASURE_ONLY && FRESH) throw new Error('--measure-only measures the data a schema holds: it cannot start --fresh');
  log(`scale bench: up to ${CALLS} calls (steps ${MEASURE_ONLY ? 'none: --measure-only' : STEPS.join(', ')}), schema ${SCHEMA}${FRESH ? ' (fresh)' : ''}, seed ${SEED}, ${QUERIES} queries per workload, ${CONCURRENCY} concurrent, pool ${POOL_SIZE}, ${WRITERS} writers, recent calls ${RECENT}; load average ${load()}`);
  const { databaseUrl: url } = testServices();
  if (FRESH) await dropSchema(url, SCHEMA);
  const db = await Database.open({ url, schema: SCHEMA, poolSize: POOL_SIZE, applicationName: APP_NAME });
  const figures: Figures[] = [];
  let pgPeak = 0;
  const samplePg = async () => {
    const m = await backendMemory(db);
    if (m) pgPeak = Math.max(pgPeak, m.peakMb);
    return m;
  };
  try {
    const index = new PostgresSearchIndex({ database: db, recentCalls: RECENT });
    await index.ensureReady();
    await db.query('CREATE TABLE IF NOT EXISTS bench_scale_progress (seed int PRIMARY KEY, calls int NOT NULL, chunks bigint NOT NULL)');
    const [progress] = (await db.query('SELECT calls, chunks FROM bench_scale_progress WHERE seed = $1', [SEED])) as { calls: number; chunks: string }[];
    let loaded = progress?.calls ?? 0;
    let chunks = Number(progress?.chunks ?? 0);
    if (loaded > 0) log(`schema ${SCHEMA} already holds ${loaded} calls (${chunks} chunks): ${MEASURE_ONLY ? 'measuring them (--measure-only)' : 'going on from there'}`);
    if (MEASURE_ONLY && loaded !== CALLS) throw new Error(`--measure-only: the schema ${SCHEMA} holds ${loaded} calls, not --calls ${CALLS}`);
    const stream = new SyntheticCallStream(SEED);

    for (const step of MEASURE_ONLY ? [CALLS] : STEPS) {
      if (loaded > step) {
        log(`step ${step}: skipped, ${loaded} calls are loaded already (--fresh to measure it)`);
        continue;
      }
      // Load: each writer generates, chunks and upserts CALLS_PER_WRITE calls at a time; progress recorded per round.
      const t = performance.now();
      const before = chunks;
      let lastLog = t;
      while (loaded < step) {
        const round0 = loaded;
        const written = await Promise.all(
          Array.from({ length: WRITERS }, async (_, w) => {
            const from = round0 + w * CALLS_PER_WRITE;
            const to = Math.min(step, from + CALLS_PER_WRITE);
            if (from >= to) return 0;
            const batch = [];
            for (let c = from; c < to; c++) batch.push(...chunkCall(stream.call(c)));
            await index.upsertChunks(batch);
            return batch.length;
          }),
        );
        loaded = Math.min(step, round0 + WRITERS * CALLS_PER_WRITE);
        chunks += written.reduce((a, b) => a + b, 0);
        await db.query(
          'INSERT INTO bench_scale_progress (seed, calls, chunks) VALUES ($1, $2, $3) ON CONFLICT (seed) DO UPDATE SET calls = EXCLUDED.calls, chunks = EXCLUDED.chunks',
          [SEED, loaded, chunks],
        );
        if (performance.now() - lastLog > 60_000) {
          lastLog = performance.now();
          log(`  loaded ${loaded} calls, ${chunks} chunks (${Math.round((chunks - before) / ((lastLog - t) / 1000))} chunks/s; load average ${load()}; rss ${Math.round(process.memoryUsage().rss / 1048576)} MB)`);
        }
      }
      const loadSeconds = (performance.now() - t) / 1000;
      const loadRate = chunks > before ? (chunks - before) / loadSeconds : null;
      await samplePg();
      const tv = performance.now();
      await db.query('VACUUM ANALYZE search_chunks');
      await db.query('VACUUM ANALYZE search_chunk_texts');
      const vacuumSeconds = (performance.now() - tv) / 1000;
      await db.query('VACUUM ANALYZE search_calls');
      const [size] = (await db.query(
        `SELECT pg_total_relation_size('search_chunks') + pg_total_relation_size('search_chunk_texts') + pg_total_relation_size('search_calls') AS total,
                pg_indexes_size('search_chunks') + pg_indexes_size('search_chunk_texts') + pg_indexes_size('search_calls') AS indexes`,
      )) as { total: string; indexes: string }[];
      const bytesPerCall = Number(size.total) / loaded;
      log(`step ${step}: ${loaded} calls, ${chunks} chunks (${round(chunks / loaded)} per call)`);
      log(`  load: ${loadRate === null ? 'nothing new' : `${chunks - before} chunks in ${round(loadSeconds)} s = ${Math.round(loadRate)} chunks/s`} (${WRITERS} writers, ${CALLS_PER_WRITE} calls per upsert); VACUUM ANALYZE ${round(vacuumSeconds)} s; load average ${load()}`);
      log(`  disk: ${round(Number(size.total) / 1024 ** 3, 2)} GB (indexes ${round(Number(size.indexes) / 1024 ** 3, 2)} GB) = ${Math.round(bytesPerCall / 1024)} KB per call`);

      const now = SyntheticCallStream.latestStart(loaded - 1);
      const f: Figures = { calls: loaded, chunks, bytes_per_call: Math.round(bytesPerCall), index_bytes_per_call: Math.round(Number(size.indexes) / loaded), load_chunks_per_s: loadRate === null ? null : Math.round(loadRate), vacuum_s: round(vacuumSeconds) };
      const timings = new Map<ScaleWorkload, { serial: Timing[]; concurrent: Timing[] }>();
      for (const [w, workload] of (['narrow', 'broad', 'research'] as const).entries()) {
        const queries = buildScaleWorkload(stream.org, workload, QUERIES, SEED + 1 + w, now);
        const m = await measure(index, queries);
        timings.set(workload, m);
        const prefix = workload === 'research' ? 'research' : `${workload}_search`;
        Object.assign(f, { [`${prefix}_p50_ms_1`]: p(m.serial, 50), [`${prefix}_p95_ms_1`]: p(m.serial, 95), [`${prefix}_p50_ms_32`]: p(m.concurrent, 50), [`${prefix}_p95_ms_32`]: p(m.concurrent, 95) });
        log(`  ${workload} (load average ${load()}): 1 at a time p50 ${p(m.serial, 50)} p95 ${p(m.serial, 95)} ms; ${CONCURRENCY} concurrent p50 ${p(m.concurrent, 50)} p95 ${p(m.concurrent, 95)} ms`);
        for (const kind of [...new Set(queries.map((q) => q.kind))]) {
          const a = m.serial.filter((x) => x.kind === kind);
          const b = m.concurrent.filter((x) => x.kind === kind);
          const totals = a.map((x) => x.total);
          f[`${kind}_p95_ms_32`] = p(b, 95);
          log(`    ${kind.padEnd(8)} n=${String(a.length).padStart(3)}  1: p50 ${p(a, 50)} p95 ${p(a, 95)} ms  ${CONCURRENCY}: p50 ${p(b, 50)} p95 ${p(b, 95)} ms  matches: median ${percentile(totals, 50)}, max ${Math.max(...totals)}`);
        }
        await samplePg();
      }
      // The access filter's cost: team questions again, each filter with GRANTED_CALLS granted calls more (API-granted call access); serially, a few.
      const granted = Array.from({ length: GRANTED_CALLS }, (_, i) => String(8_000_000_000_000_000_000n + BigInt(i) * 7n));
      const team = buildScaleWorkload(stream.org, 'broad', QUERIES, SEED + 2, now).filter((q) => q.kind === 'team').slice(0, ACCESS_QUERIES);
      const plain = (timings.get('broad')?.serial ?? []).filter((x) => x.kind === 'team');
      const large: Timing[] = [];
      for (const q of team) {
        const start = performance.now();
        const result = await index.search({ ...q.query, accessFilter: { ...(q.query.accessFilter as AccessFilter), grantedCallIds: granted } });
        large.push({ kind: q.kind, ms: performance.now() - start, total: result.total });
      }
      f.access_filter_large_p50_ms_1 = p(large, 50);
      f.access_filter_cost_ms_1 = round(p(large, 50) - p(plain, 50));
      log(`  access filter: team questions p50 ${p(plain, 50)} ms with the manager's filter (~12 keys), ${p(large, 50)} ms with ${GRANTED_CALLS} granted calls more (1 at a time, ${large.length} questions)`);
      f.peak_rss_mb = Math.round(process.resourceUsage().maxRSS / 1024);
      const pg = await samplePg();
      f.pg_backend_peak_rss_mb = pg ? pgPeak : null;
      f.pg_backend_private_rss_mb = pg?.privateMb ?? null;
      f.load_avg_1m = round(loadavg()[0], 2);
      log(`  memory: bench peak RSS ${f.peak_rss_mb} MB; PostgreSQL backends peak RSS ${pg ? `${pgPeak} MB (shared buffers they touched included), private ${pg.privateMb} MB` : 'not readable'}`);
      figures.push(f);
    }

    const last = figures[figures.length - 1];
    if (!last) throw new Error(`nothing measured: the schema ${SCHEMA} holds more calls than --calls ${CALLS} (use --fresh)`);
    const at = (calls: number, suffix: string): Figures => {
      const f = figures.find((x) => x.calls === calls);
      return Object.fromEntries(Object.keys(last).filter((k) => k !== 'calls').map((k) => [`${k}_${suffix}`, f?.[k] ?? null]));
    };
    const ratio = (k: string) => {
      const base = figures.find((x) => x.calls === 10_000)?.[k];
      return base && last[k] !== null ? round((last[k] as number) / base, 2) : null;
    };
    if (last.calls === 100_000) {
      log(`targets at 100,000 calls: narrow p95@32 ${ratio('narrow_search_p95_ms_32')}x its 10k value (<= 2x), research p95@32 ${ratio('research_p95_ms_32')}x (<= 2x), broad p95@32 ${last.broad_search_p95_ms_32} ms (<= 500), bench peak RSS ${last.peak_rss_mb} MB (<= 2048)`);
    }
    console.log(
      JSON.stringify({
        ...last,
        peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
        narrow_p95_32_growth_vs_10k: ratio('narrow_search_p95_ms_32'),
        research_p95_32_growth_vs_10k: ratio('research_p95_ms_32'),
        ...at(10_000, 'at_10k'),
        ...at(50_000, 'at_50k'),
      }),
    );
  } finally {
    await db.close();
    if (DROP) {
      await dropSchema(url, SCHEMA);
      log(`schema ${SCHEMA} dropped`);
    } else {
      log(`schema ${SCHEMA} kept for the next run (--drop, or DROP SCHEMA ${SCHEMA} CASCADE, frees it)`);
    }
  }
}

await main();
