import { Database } from '@gong-connector/persistence';
import { testServices } from '@gong-connector/testing';
const t = Date.now();
const db = await Database.open({ url: testServices().databaseUrl, schema: process.argv[2] ?? 'bench_scale', poolSize: 1 });
console.log('migrated in', (Date.now() - t) / 1000, 's');
console.log(await db.query('SELECT count(*) AS calls, pg_size_pretty(pg_total_relation_size(\'search_calls\')) AS size FROM search_calls'));
await db.close();
