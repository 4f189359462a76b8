import { startGongSim } from '@gong-connector/testing/gong-sim';
import { testDatabase } from '@gong-connector/testing';
import { GongClient, LocalPacer, type CallData, type CallTranscript } from '@gong-connector/gong-client';
import { CallRecordMapper, CallRepository, contentHash } from '@gong-connector/persistence';
import { ExtensiveContentSelector } from '../src/calls/extensive-content.selector.js';

const sim = await startGongSim({ port: 0, seed: 'tmp', users: 40, accounts: 60, calls: 300, days: 30, anchorDate: '2026-03-01' });
const gong = new GongClient({ baseUrl: sim.baseUrl, auth: { kind: 'basic', accessKey: sim.credentials.accessKey, accessKeySecret: sim.credentials.accessKeySecret }, permits: new LocalPacer({ requestsPerSecond: 3 }), priority: 'backfill' });
const pages: CallData[][] = [];
for await (const p of gong.listExtensiveCalls({ filter: {}, contentSelector: ExtensiveContentSelector.selector })) pages.push(p.items);
const trs: CallTranscript[][] = [];
for (const p of pages) { const t: CallTranscript[] = []; for await (const tp of gong.transcriptsForCalls(p.map((c) => c.metaData.id))) t.push(...tp.items); trs.push(t); }
await sim.close();
for (const compression of ['pglz', 'lz4']) {
  const db = await testDatabase();
  await db.ds.query(`ALTER TABLE call_transcripts ALTER COLUMN monologues SET COMPRESSION ${compression}`);
  const repo = new CallRepository(db.ds);
  for (let i = 0; i < pages.length; i++) {
    const t0 = performance.now();
    const recs = pages[i]!.map((c) => CallRecordMapper.toCallRecord(c));
    const t1 = performance.now();
    for (const r of recs) contentHash(r);
    const t2 = performance.now();
    await repo.upsertCalls(recs, 'x');
    const t3 = performance.now();
    await repo.upsertTranscripts(trs[i]!.map((t) => CallRecordMapper.toTranscriptRecord(t, new Date().toISOString())));
    const t4 = performance.now();
    console.log(compression, `map ${(t1 - t0).toFixed(0)} hash ${(t2 - t1).toFixed(0)} calls ${(t3 - t2).toFixed(0)} transcripts ${(t4 - t3).toFixed(0)} bytes ${JSON.stringify(trs[i]).length}`);
  }
  await db.close();
}
