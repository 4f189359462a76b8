import { systemClock } from '@gong-connector/contracts';
import { GongClient, LocalPacer, type CallData, type CallTranscript } from '@gong-connector/gong-client';
import { CallReadRepository, CallWriteRepository, DealRepository, type CallRecord, type Database, PersonErasureRepository } from '@gong-connector/persistence';
import { createLogger } from '@gong-connector/platform';
import { CallStore } from '@gong-connector/replica';
import type { CompanyGroundTruth, GongSim } from '@gong-connector/gong-sim';

/**
 * Replicates a simulated company the way ingest does (POST /v2/calls/extensive with the replica's
 * content selector, POST /v2/calls/transcript in batches) and stores it through the replica's
 * CallStore, so relevance tests and benchmarks index what production stores. Returns the stored
 * calls and the stored transcripts' call ids. (`@gong-connector/testing/sim-replica`.)
 */
export async function replicateSim(sim: GongSim, db: Database, options: { requestsPerSecond?: number } = {}): Promise<{ calls: CallRecord[] }> {
  const gong = new GongClient({
    baseUrl: sim.baseUrl,
    auth: { kind: 'basic', accessKey: sim.credentials.accessKey, accessKeySecret: sim.credentials.accessKeySecret },
    permits: new LocalPacer({ requestsPerSecond: options.requestsPerSecond ?? 30 }),
  }).withPriority('backfill');
  const truth: CompanyGroundTruth = sim.groundTruth({ includeCalls: true });
  const last = Math.max(Date.parse(truth.range.to), ...(truth.calls ?? []).map((c) => Date.parse(c.started)));
  const calls: CallData[] = [];
  for await (const page of gong.listExtensiveCalls({
    filter: { fromDateTime: truth.range.from, toDateTime: new Date(last + 1000).toISOString() },
    contentSelector: CallStore.contentSelector,
  })) {
    calls.push(...page.items);
  }
  const transcripts: CallTranscript[] = [];
  for await (const page of gong.transcriptsForCalls(calls.map((c) => c.metaData.id))) transcripts.push(...page.items);
  const store = new CallStore({
    database: db,
    writes: new CallWriteRepository(db),
    reads: new CallReadRepository(db),
    erasures: new PersonErasureRepository(db),
    clock: systemClock,
    logger: createLogger({ name: 'sim-replica', level: 'silent' }),
    deals: new DealRepository(db),
  });
  const { records } = await store.store({ calls, transcripts, source: 'backfill' });
  return { calls: records };
}
