import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DealRepository } from '@gong-connector/persistence';
import { DealBackfill } from '@gong-connector/replica';
import { PrivateNatsServer, testDatabase, waitFor, type TestDatabase } from '@gong-connector/testing';
import { startGongSim, type GongSim } from '@gong-connector/testing/gong-sim';
import { startIngest, type IngestUnderTest } from '../../test/ingest.harness.js';
import { IncrementalSyncService } from '../sync/incremental-sync.service.js';

/**
 * Ingest keeps the deals replica: the calls a sync stores fill it (CallStore, same transaction), and
 * calls stored before it existed are linked by DealBackfill when an instance starts leading.
 */
describe('deals replica in ingest', () => {
  let natsServer: PrivateNatsServer;
  let sim: GongSim;
  let db: TestDatabase;
  let ingest: IngestUnderTest | undefined;
  let deals: DealRepository;
  const start = () =>
    startIngest({ sim, db, natsUrl: natsServer.url, env: { INGEST_SYNC_INITIAL_MS: String(200 * 86_400_000), INGEST_SYNC_LOOKBACK_MS: String(86_400_000) } });

  beforeAll(async () => {
    natsServer = await PrivateNatsServer.start();
    [sim, db] = await Promise.all([
      startGongSim({
        port: 0,
        seed: 'ingest-deals',
        users: 12,
        accounts: 10,
        calls: 10,
        deals: 8,
        days: 120,
        anchorDate: new Date(Date.now() - 2 * 86_400_000).toISOString().slice(0, 10),
        transcriptDelayMs: 0,
      }),
      testDatabase(),
    ]);
    sim.setLimits({ ratePerSecond: 1_000 });
    deals = new DealRepository(db.database);
    ingest = await start();
  }, 60_000);

  afterAll(async () => {
    await ingest?.close();
    await sim?.close();
    await db?.close();
    await natsServer?.stop();
  });

  it('fills the deals tables from the calls a sync stores', async () => {
    await ingest!.get(IncrementalSyncService).runOnce();
    const seeded = sim.groundTruth().deals ?? [];
    const stored = await deals.list({ owners: 'everyone', limit: 100 });
    // Every seeded deal (the other seeded calls carry opportunities of their own too).
    expect(stored.map((d) => d.id)).toEqual(expect.arrayContaining(seeded.map((d) => d.opportunityCrmId)));
    const outcomes = new Map(stored.map((d) => [d.id, d.outcome]));
    for (const d of seeded) expect([d.opportunityCrmId, outcomes.get(d.opportunityCrmId)]).toEqual([d.opportunityCrmId, d.outcome]);
    const closed = new Set((await deals.closedOutcomes()).map((c) => c.dealId));
    expect(stored.filter((d) => d.outcome !== 'open').every((d) => closed.has(d.id))).toBe(true);
    await expect(ingest!.get(DealBackfill).run()).resolves.toEqual({ calls: 0, deals: 0 });
  });

  it('links calls stored before the deals replica when an instance starts leading', async () => {
    const before = await deals.count();
    expect(before.links).toBeGreaterThan(0);
    await ingest!.close();
    ingest = undefined;
    await db.database.query('DELETE FROM deal_calls');
    await db.database.query('DELETE FROM deals');
    ingest = await start();
    await waitFor(async () => ((await deals.count()).links === before.links ? true : undefined), 'the deals backfill', { timeoutMs: 30_000 });
    await expect(deals.count()).resolves.toEqual(before);
  });
});
