/**
 * Benchmark of the Gong simulator: seed time and memory for 10,000 calls, the cost of generating
 * every transcript, and requests/second served (rate limits raised for the measurement).
 * Run: npm run bench:sim   (prints figures; the last line is one JSON object)
 */
import { CompanyGenerator } from '../src/company/company.generator.js';
import { CompanyStore } from '../src/company/company.store.js';
import { startGongSim } from '../src/sim/gong-sim.js';
import { CallContentService } from '../src/transcript/call-content.service.js';

const SIZES = { users: 200, accounts: 300, calls: 10_000, days: 180, workspaces: 3 };
const ANCHOR = Date.UTC(2026, 0, 1);
const gc = (globalThis as { gc?: () => void }).gc;
const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;

function seedOnce(seed: string) {
  const t0 = performance.now();
  const generated = new CompanyGenerator().generate({ seed, sizes: SIZES, anchor: ANCHOR, timeZone: 'America/Los_Angeles' });
  return { seconds: (performance.now() - t0) / 1000, generated };
}

// 1. A simulator with 10k calls, started first in a fresh process: its seeding is the cold figure
//    and the process RSS is what running one costs.
gc?.();
const rssBaselineMb = mb(process.memoryUsage().rss);
const sim = await startGongSim({ port: 0, seed: 'bench', ...SIZES, anchorDate: '2026-01-01', ratePerSecond: 1_000_000_000, dailyLimit: 1_000_000_000 });
gc?.();
const rssMb = mb(process.memoryUsage().rss);
const coldSeconds = sim.seedSeconds;
console.log(`simulator with 10k calls: seeded in ${coldSeconds.toFixed(2)} s (cold); process RSS ${rssMb} MB (${rssBaselineMb} MB before the simulator)`);

// 2. Seeding again, warm, and the heap the company model takes.
gc?.();
const heapBefore = process.memoryUsage().heapUsed;
const warm = seedOnce('bench-2');
gc?.();
const companyHeapMb = mb(process.memoryUsage().heapUsed - heapBefore);
console.log(`seed 10k calls warm: ${warm.seconds.toFixed(2)} s; company model heap ${companyHeapMb} MB`);

// 3. Every transcript, generated lazily from each call's seed (never all held in memory).
const store = new CompanyStore(warm.generated);
const content = new CallContentService(store, 0);
let sentences = 0;
let textBytes = 0;
const t1 = performance.now();
for (const call of store.data.calls) {
  for (const m of content.transcript(call)) {
    sentences += m.sentences.length;
    for (const s of m.sentences) textBytes += s.text.length;
  }
}
const transcriptsSeconds = (performance.now() - t1) / 1000;
console.log(`all 10k transcripts: ${transcriptsSeconds.toFixed(2)} s, ${sentences} sentences, ${mb(textBytes)} MB of text (generated on demand, not stored)`);

// 4. Requests per second against the running simulator (limits raised).
const auth = { authorization: sim.credentials.basicAuthorization, 'content-type': 'application/json' };
const ids = sim.company.data.calls.map((c) => c.id);

type Shot = () => Promise<Response>;
const mixes: Record<string, Shot> = {
  'GET /v2/calls/{id}': () => fetch(`${sim.baseUrl}/v2/calls/${ids[Math.floor(Math.random() * ids.length)]}`, { headers: auth }),
  'GET /v2/calls (page of 100)': () => fetch(`${sim.baseUrl}/v2/calls?fromDateTime=2025-10-01T00:00:00Z`, { headers: auth }),
  'POST /v2/calls/extensive (100, parties+context)': () =>
    fetch(`${sim.baseUrl}/v2/calls/extensive`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ filter: { fromDateTime: '2025-11-01T00:00:00Z' }, contentSelector: { context: 'Extended', exposedFields: { parties: true } } }),
    }),
  'POST /v2/calls/transcript (100 calls)': () => {
    const start = Math.floor(Math.random() * (ids.length - 100));
    return fetch(`${sim.baseUrl}/v2/calls/transcript`, { method: 'POST', headers: auth, body: JSON.stringify({ filter: { callIds: ids.slice(start, start + 100) } }) });
  },
};

async function measure(shot: Shot, seconds: number, concurrency = 8): Promise<number> {
  const deadline = performance.now() + seconds * 1000;
  let done = 0;
  let failed = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline) {
        const res = await shot();
        await res.arrayBuffer();
        if (res.ok) done++;
        else failed++;
      }
    }),
  );
  if (failed) throw new Error(`${failed} requests failed`);
  return done / ((performance.now() - t0) / 1000);
}

const byEndpoint: Record<string, number> = {};
for (const [name, shot] of Object.entries(mixes)) {
  await measure(shot, 0.5);
  byEndpoint[name] = Math.round(await measure(shot, 3));
  console.log(`${name}: ${byEndpoint[name]} requests/s`);
}
const light = byEndpoint['GET /v2/calls/{id}'];
await sim.close();

console.log(
  JSON.stringify({
    seed_10k_calls_s: Number(coldSeconds.toFixed(3)),
    seed_10k_calls_warm_s: Number(warm.seconds.toFixed(3)),
    company_heap_mb: companyHeapMb,
    rss_mb: rssMb,
    rss_baseline_mb: rssBaselineMb,
    transcripts_10k_s: Number(transcriptsSeconds.toFixed(2)),
    transcript_text_mb: mb(textBytes),
    requests_per_s: light,
    requests_per_s_by_endpoint: byEndpoint,
  }),
);
