import { performance } from 'node:perf_hooks';
import { Database } from '@gong-connector/persistence';
import { testServices } from '@gong-connector/testing';
import { buildScaleWorkload } from './scale-workload.js';
import { SyntheticCallStream } from './synthetic-call.stream.js';
import { buildPostgresSearchStatement } from '../src/postgres/postgres-search.statement.js';
import { parseSearchQuery } from '../src/query/search-query.schema.js';
const kind = process.argv[2] ?? 'own';
const count = Number(process.argv[3] ?? 10);
const ns = (process.argv[4] ?? '100,200,300').split(',').map(Number);
const calls = Number(process.argv[5] ?? 100000);
const schema = process.argv[6] ?? 'bench_scale';
const explain = process.argv[7];
const stream = new SyntheticCallStream(42);
const now = SyntheticCallStream.latestStart(calls - 1);
const wl = kind === 'own' || kind === 'account' ? 'narrow' : kind === 'research' ? 'research' : 'broad';
const qs = buildScaleWorkload(stream.org, wl as any, 120, 42 + 1 + ['narrow', 'broad', 'research'].indexOf(wl), now).filter((q) => q.kind === kind);
const db = await Database.open({ url: testServices().databaseUrl, schema, poolSize: 1 });
const time = async (recentCalls: number | null, q: any) => {
  const { sql, values } = buildPostgresSearchStatement(q, null, { recentCalls });
  if (explain) {
    const rows = (await db.query('EXPLAIN (ANALYZE, BUFFERS) ' + sql, values)) as { 'QUERY PLAN': string }[];
    console.log(rows.map((r) => r['QUERY PLAN']).join('\n'));
  }
  const t = performance.now();
  const [row] = (await db.query(sql, values)) as any[];
  const ms = performance.now() - t;
  const tail = row.hits.some((h: any) => h.bucket >= 1_000_000);
  return { ms: Math.round(ms), total: row.total, more: row.total_is_lower_bound, complete: row.recent_complete, tail, ok: row.recent_complete || (row.total_is_lower_bound && !tail) };
};
for (const sq of qs.slice(0, count)) {
  const q = parseSearchQuery(sq.query);
  await time(null, q);
  const full = await time(null, q);
  const out = [`${JSON.stringify(q.text).slice(0, 40).padEnd(40)} full ${full.ms} ms total ${full.total}${full.more ? '+' : ''}`];
  for (const n of ns) {
    const r = await time(n, q);
    out.push(`N=${n}: ${r.ms} ms total ${r.total}${r.more ? '+' : ''} ${r.complete ? 'complete' : ''} ${r.ok ? 'OK' : 'fallback'}`);
  }
  console.log(out.join(' | '));
}
await db.close();
