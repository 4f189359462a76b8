import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { GongClient, LocalPacer } from '@gong-connector/gong-client';
import { FakeClock, testDatabase, type TestDatabase } from '@gong-connector/testing';
import { startGongSim, type GongSim } from '@gong-connector/testing/gong-sim';
import { DirectoryRepository } from '@gong-connector/persistence';
import { DirectorySync } from './directory.sync.js';

describe('DirectorySync against gong-sim', () => {
  let db: TestDatabase;
  let sim: GongSim;
  let gong: GongClient;
  const clock = new FakeClock();

  beforeAll(async () => {
    db = await testDatabase();
    sim = await startGongSim({ port: 0, seed: 'directory-sync', users: 150, calls: 5 });
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

  it('replicates every user with its manager and every workspace, then skips a recent re-run', async () => {
    const sync = new DirectorySync(db.database, gong, clock);
    const first = await sync.run({ minIntervalMs: 60_000 });
    expect(first.skipped).toBe(false);
    const truth = sim.groundTruth();
    const repo = new DirectoryRepository(db.database);
    const users = await repo.listUsers();
    const simUsers = sim.company.data.users.filter((u) => !u.isAvatar);
    expect(users.map((u) => u.id).sort()).toEqual(simUsers.map((u) => u.id).sort());
    for (const u of users) expect(u.managerId ?? undefined).toBe(truth.reportsTo[u.id]);
    expect((await repo.listWorkspaces()).map((w) => w.id).sort()).toEqual(sim.company.data.workspaces.map((w) => w.id).sort());
    const requests = sim.stats().total;
    await expect(sync.run({ minIntervalMs: 60_000 })).resolves.toMatchObject({ skipped: true });
    expect(sim.stats().total).toBe(requests);
    const one = simUsers[0]!;
    await expect(repo.findUserByEmail(one.emailAddress.toUpperCase())).resolves.toMatchObject({ id: one.id });
  });
});
