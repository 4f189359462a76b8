// node --import @swc-node/register/esm-register libs/search/bench/scale-explain.ts [--schema bench_scale]
//      [--cost | --plan | --plan-repeat | --kind team,own --n 2] [--window 1000]
//
// Where a bench:scale question's time goes, on a schema `npm run bench:scale` loaded (same seed,
// same questions; the schema is migrated, nothing else is written):
// - `--cost`: every question of each kind once, serially, after a warm-up: the PostgreSQL
//   backend's CPU per kind (user + system from /proc, 10 ms ticks) and the wall time. The CPU is
//   what a search costs whatever else runs on the machine; on 2 cores, 32 concurrent searches
//   queue for it (their p95 is mostly that queue).
// - `--plan`: the same, planning only (EXPLAIN without ANALYZE): the planner's share.
// - `--plan-repeat`: the first question of each kind planned 100 times: planning CPU per statement.
// - default: EXPLAIN (ANALYZE, BUFFERS) of the first `--n` questions of each `--kind`.
// `--window` builds the statements with another ranking window (RANKING_WINDOW by default).
import { Database } from '@gong-connector/persistence';
import { testServices } from '@gong-connector/testing';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { parseSearchQuery } from '../src/query/search-query.schema.js';
import { buildPostgresSearchStatement, RANKING_WINDOW } from '../src/postgres/postgres-search.statement.js';
import { benchArgs, loadAverage, percentile, round } from './bench-figures.js';
import { buildScaleWorkload, type ScaleKind, type ScaleQuery } from './scale-workload.js';
import { SyntheticCallStream } from './synthetic-call.stream.js';

const args = benchArgs(process.argv.slice(2));
const SCHEMA = args.get('schema') ?? 'bench_scale';
const KINDS = (args.get('kind') ?? 'account,own,team,all,research').split(',') as ScaleKind[];
const N = Number(args.get('n') ?? 2);
const WINDOW = Number(args.get('window') ?? RANKING_WINDOW);
const SEED = 42;
const QUERIES = 120;
for (const [name, value] of [['n', N], ['window', WINDOW]] as const) {
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a positive integer (got ${value})`);
}
if (!/^[a-z_][a-z0-9_]*$/.test(SCHEMA)) throw new Error(`--schema must be a lower-case SQL identifier (got ${SCHEMA})`);
const KNOWN_KINDS: readonly string[] = ['account', 'own', 'team', 'all', 'research'];
for (const kind of KINDS) if (!KNOWN_KINDS.includes(kind)) throw new Error(`--kind takes ${KNOWN_KINDS.join(', ')} (got ${kind})`);

const db = await Database.open({ url: testServices().databaseUrl, schema: SCHEMA, poolSize: 1 });
try {
  const [progress] = (await db.query(`SELECT calls FROM bench_scale_progress WHERE seed = $1`, [SEED]).catch(() => [])) as { calls: number }[];
  if (!progress) throw new Error(`schema ${SCHEMA} holds no bench:scale load (seed ${SEED}): run npm run bench:scale -- --schema ${SCHEMA} first`);
  const stream = new SyntheticCallStream(SEED);
  const now = SyntheticCallStream.latestStart(progress.calls - 1);
  const all: ScaleQuery[] = (['narrow', 'broad', 'research'] as const).flatMap((w, i) => buildScaleWorkload(stream.org, w, QUERIES, SEED + 1 + i, now));
  const statement = (q: ScaleQuery) => buildPostgresSearchStatement(parseSearchQuery(q.query), null, { rankingWindow: WINDOW });
  const [{ pid }] = (await db.query('SELECT pg_backend_pid() AS pid')) as { pid: number }[];
  // The backend's CPU (user + system, clock ticks of 10 ms) from /proc: what a question costs, whatever the load.
  const cpuMs = () => {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
      return (Number(fields[11]) + Number(fields[12])) * 10;
    } catch {
      return NaN; // another machine's server, or no permission: wall times only
    }
  };
  if (args.get('plan-repeat') === 'true') {
    for (const kind of KINDS) {
      const { sql, values } = statement(all.find((x) => x.kind === kind)!);
      await db.query(`EXPLAIN ${sql}`, values);
      const cpu0 = cpuMs();
      for (let i = 0; i < 100; i++) await db.query(`EXPLAIN ${sql}`, values);
      console.log(`  ${kind.padEnd(8)} planning CPU ${(cpuMs() - cpu0) / 100} ms per statement`);
    }
  } else if (args.get('plan') === 'true') {
    console.log(`planning time per kind (window ${WINDOW}; load average ${loadAverage()}):`);
    for (const kind of KINDS) {
      const ms: number[] = [];
      const cpu0 = cpuMs();
      for (const q of all.filter((x) => x.kind === kind)) {
        const { sql, values } = statement(q);
        const rows = (await db.query(`EXPLAIN (SUMMARY) ${sql}`, values)) as { 'QUERY PLAN': string }[];
        ms.push(Number(/Planning Time: ([\d.]+)/.exec(rows.map((r) => r['QUERY PLAN']).join('\n'))?.[1] ?? NaN));
      }
      console.log(`  ${kind.padEnd(8)} n=${ms.length} backend CPU ${cpuMs() - cpu0} ms; planning sum ${Math.round(ms.reduce((a, b) => a + b, 0))} ms  p50 ${round(percentile(ms, 50))} p95 ${round(percentile(ms, 95))} ms`);
    }
  } else if (args.get('cost') === 'true') {
    for (const q of all.slice(0, 20)) await db.query(statement(q).sql, statement(q).values);
    console.log(`cost per kind (window ${WINDOW}; load average ${loadAverage()}):`);
    for (const kind of KINDS) {
      const ms: number[] = [];
      const cpu0 = cpuMs();
      for (const q of all.filter((x) => x.kind === kind)) {
        const { sql, values } = statement(q);
        const t = performance.now();
        await db.query(sql, values);
        ms.push(performance.now() - t);
      }
      console.log(`  ${kind.padEnd(8)} n=${ms.length} backend CPU ${cpuMs() - cpu0} ms; wall sum ${Math.round(ms.reduce((a, b) => a + b, 0))} ms  p50 ${round(percentile(ms, 50))} p95 ${round(percentile(ms, 95))} ms`);
    }
    console.log(`load average ${loadAverage()}`);
  } else {
    for (const kind of KINDS) {
      for (const q of all.filter((x) => x.kind === kind).slice(0, N)) {
        const { sql, values } = statement(q);
        const rows = (await db.query(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, values)) as { 'QUERY PLAN': string }[];
        console.log(`\n=== ${kind}: ${JSON.stringify(q.query.text)}\n${rows.map((r) => r['QUERY PLAN']).join('\n')}`);
      }
    }
  }
} finally {
  await db.close();
}
