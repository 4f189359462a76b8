// Trigger overhead A/B: the same synthetic calls upserted in alternating rounds with search_calls' triggers on and off.
import { performance } from 'node:perf_hooks';
import { loadavg } from 'node:os';
import { chunkCall } from '@gong-connector/chunking';
import { Database, dropSchema } from '@gong-connector/persistence';
import { testServices } from '@gong-connector/testing';
import { PostgresSearchIndex } from '../src/postgres/postgres-search.index.js';
import { SyntheticCallStream } from './synthetic-call.stream.js';
const url = testServices().databaseUrl;
const schema = 'narrow_trigger_cost';
await dropSchema(url, schema);
const db = await Database.open({ url, schema, poolSize: 4 });
const index = new PostgresSearchIndex({ database: db });
const stream = new SyntheticCallStream(42);
const rounds = Number(process.argv[2] ?? 16);
const times = { on: 0, off: 0 };
const chunks = { on: 0, off: 0 };
let next = 0;
for (let r = 0; r < rounds; r++) {
  const mode = r % 2 === 0 ? 'on' : 'off';
  await db.query(`ALTER TABLE search_chunks ${mode === 'on' ? 'ENABLE' : 'DISABLE'} TRIGGER search_calls_insert`);
  await db.query(`ALTER TABLE search_chunks ${mode === 'on' ? 'ENABLE' : 'DISABLE'} TRIGGER search_calls_update`);
  const t = performance.now();
  // 3 writers x 20 calls, as bench:scale writes.
  const n = await Promise.all([0, 1, 2].map(async (w) => {
    const batch = [];
    for (let c = next + w * 20; c < next + (w + 1) * 20; c++) batch.push(...chunkCall(stream.call(c)));
    await index.upsertChunks(batch);
    return batch.length;
  }));
  next += 60;
  times[mode] += performance.now() - t;
  chunks[mode] += n.reduce((a, b) => a + b, 0);
}
console.log(JSON.stringify({ on_chunks_per_s: Math.round(chunks.on / (times.on / 1000)), off_chunks_per_s: Math.round(chunks.off / (times.off / 1000)), rounds, load_avg_1m: loadavg()[0] }));
await db.close();
await dropSchema(url, schema);
