import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { GongClient, LocalPacer } from '@gong-connector/gong-client';
import { TrackerRepository } from '@gong-connector/persistence';
import { FakeClock, testDatabase, type TestDatabase } from '@gong-connector/testing';
import { startGongSim, type GongSim } from '@gong-connector/testing/gong-sim';
import { TrackerSync } from './tracker.sync.js';

const DAY_MS = 86_400_000;

describe('TrackerSync against gong-sim', () => {
  let db: TestDatabase;
  let sim: GongSim;
  let gong: GongClient;
  const clock = new FakeClock();

  beforeAll(async () => {
    db = await testDatabase();
    sim = await startGongSim({ port: 0, seed: 'tracker-sync', users: 20, calls: 5 });
    gong = new GongClient({
      auth: { kind: 'basic', accessKey: sim.credentials.accessKey, accessKeySecret: sim.credentials.accessKeySecret },
      permits: new LocalPacer({ requestsPerSecond: 3 }),
      baseUrl: sim.baseUrl,
    });
  });
  afterAll(async () => {
    await sim?.close();
    await db?.close();
  });

  it('replicates every keyword tracker with its phrases in one request, once a day', async () => {
    const sync = new TrackerSync(db.database, gong, clock);
    sim.resetStats();
    await expect(sync.run({ minIntervalMs: DAY_MS })).resolves.toMatchObject({ skipped: false, trackers: sim.company.data.trackers.length });
    expect(sim.stats().byEndpoint).toEqual({ 'GET /v2/settings/trackers': { '200': 1 } });

    const stored = await new TrackerRepository(db.database).list();
    const truth = sim.company.data.trackers;
    expect(stored.map((t) => t.id).sort()).toEqual(truth.map((t) => t.id).sort());
    for (const t of truth) {
      expect(stored.find((s) => s.id === t.id)).toMatchObject({ name: t.name, workspaceId: t.workspaceId, affiliation: t.affiliation, keywords: [{ language: 'eng', phrases: t.keywords }] });
    }
    expect(stored.map((t) => t.name)).toEqual(expect.arrayContaining(['Competitors', 'Pricing', 'Next Steps']));

    // Asked again within the day: nothing is requested; a day later it syncs again.
    await expect(sync.run({ minIntervalMs: DAY_MS })).resolves.toMatchObject({ skipped: true });
    expect(sim.stats().total).toBe(1);
    clock.advance(DAY_MS);
    await expect(sync.run({ minIntervalMs: DAY_MS })).resolves.toMatchObject({ skipped: false });
    expect(sim.stats().total).toBe(2);
  });
});
