import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { GongClient, LocalPacer, type CallData } from '@gong-connector/gong-client';
import { CallReadRepository, CallWriteRepository, PersonErasureRepository } from '@gong-connector/persistence';
import { createLogger } from '@gong-connector/platform';
import { FakeClock, testDatabase, type TestDatabase } from '@gong-connector/testing';
import { startGongSim, type CompanyGroundTruth, type GongSim } from '@gong-connector/testing/gong-sim';
import { ChunkInputMapper } from '../chunking/chunk-input.mapper.js';
import { CallStore } from './call.store.js';

/**
 * gong-sim's internal deal reviews ("Deal review: <account>") carry no CRM context and no external
 * participant: CallStore links each to the account its title names, within one batch too, and the
 * link reaches the chunker's input (so search's account filter finds them).
 */
describe('CallStore links internal calls to the account their title names (gong-sim)', () => {
  let sim: GongSim;
  let db: TestDatabase;
  let truth: CompanyGroundTruth;
  let calls: CallData[];

  beforeAll(async () => {
    [sim, db] = await Promise.all([startGongSim({ port: 0, seed: 'call-store-titles', users: 14, accounts: 6, calls: 90, days: 30, workspaces: 1, transcriptDelayMs: 0 }), testDatabase()]);
    sim.setLimits({ ratePerSecond: 1_000 });
    const gong = new GongClient({ baseUrl: sim.baseUrl, auth: { kind: 'basic', ...sim.credentials }, permits: new LocalPacer({ requestsPerSecond: 50, windowMs: 1_000 }) }).withPriority('sync');
    truth = sim.groundTruth({ includeCalls: true });
    calls = [];
    for await (const page of gong.extensiveForCalls(truth.calls!.map((c) => c.id), CallStore.contentSelector)) calls.push(...page.items);
  }, 60_000);

  afterAll(async () => {
    await db?.close();
    await sim?.close();
  });

  it('links every deal review whose account is known to that account, and nothing else by title', async () => {
    const reads = new CallReadRepository(db.database);
    const store = new CallStore({ database: db.database, writes: new CallWriteRepository(db.database), reads, erasures: new PersonErasureRepository(db.database), clock: new FakeClock(), logger: createLogger({ name: 't', level: 'silent' }) });
    await store.store({ calls, transcripts: [], source: 'backfill' });

    const reviews = calls.filter((c) => (c.metaData.title ?? '').startsWith('Deal review: '));
    expect(reviews.length).toBeGreaterThan(0);
    const stored = await reads.getCalls(calls.map((c) => c.metaData.id));
    const byTitle = stored.filter((c) => c.accounts.some((a) => a.source === 'title'));
    // Only internal calls are linked by title, each to the account gong-sim made it about.
    for (const c of byTitle) {
      const t = truth.calls!.find((x) => x.id === c.id)!;
      expect([c.id, c.scope, c.accounts.map((a) => a.account.crmObjectId)]).toEqual([c.id, 'Internal', [t.accountCrmId]]);
    }
    // Every review of an account with CRM context somewhere in the batch is linked.
    const known = new Set(stored.flatMap((c) => c.accounts.filter((a) => a.source === 'crm').map((a) => a.account.crmObjectId)));
    const linkable = reviews.filter((c) => known.has(truth.calls!.find((x) => x.id === c.metaData.id)!.accountCrmId));
    expect(linkable.length).toBeGreaterThan(0);
    expect(byTitle.map((c) => c.id).sort()).toEqual(linkable.map((c) => c.metaData.id).sort());

    // The chunker's input carries the account, so search filters by it.
    const one = byTitle[0]!;
    const input = ChunkInputMapper.toChunkInput(one, { callId: one.id, monologues: [], fetchedAt: '2026-01-01T00:00:00Z' });
    expect(input.call.accounts.map((a) => a.id)).toEqual(one.accounts.map((a) => a.account.id));
  });
});
