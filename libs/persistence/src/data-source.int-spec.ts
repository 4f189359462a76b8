import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { testDatabase, testServices, uniqueName, type TestDatabase } from '@gong-connector/testing';
import { dropSchema, openDatabase } from './data-source.factory.js';
import { ALL_MIGRATIONS } from './migrations/all-migrations.js';
import { LeaseRepository } from './leases/lease.repository.js';

describe('persistence against PostgreSQL', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await testDatabase();
  });
  afterAll(async () => {
    await db.close();
  });

  it('applies every migration and leaves none pending', async () => {
    await expect(db.ds.showMigrations()).resolves.toBe(false);
    const rows: { name: string }[] = await db.ds.query('SELECT name FROM typeorm_migrations ORDER BY id');
    expect(rows.map((r) => r.name)).toEqual(ALL_MIGRATIONS.map((m) => new m().name));
  });

  it('migrates exactly once when several replicas start together (advisory lock)', async () => {
    const { databaseUrl: url } = testServices();
    const schema = uniqueName('race');
    try {
      const sources = await Promise.all([1, 2, 3].map(() => openDatabase({ url, schema, poolSize: 2 })));
      const rows: { n: string }[] = await sources[0]!.query('SELECT count(*)::text AS n FROM typeorm_migrations');
      expect(rows[0]!.n).toBe(String(ALL_MIGRATIONS.length));
      await Promise.all(sources.map((s) => s.destroy()));
    } finally {
      await dropSchema(url, schema);
    }
  });

  it('migrates with a pool of one connection (the lock is not taken from the pool)', async () => {
    const { databaseUrl: url } = testServices();
    const schema = uniqueName('pool1');
    try {
      const ds = await openDatabase({ url, schema, poolSize: 1 });
      await expect(ds.showMigrations()).resolves.toBe(false);
      await ds.destroy();
    } finally {
      await dropSchema(url, schema);
    }
  });

  it('has a real down for every migration', async () => {
    for (let i = 0; i < ALL_MIGRATIONS.length; i++) await db.ds.undoLastMigration({ transaction: 'each' });
    await expect(db.ds.showMigrations()).resolves.toBe(true);
    await db.ds.runMigrations({ transaction: 'each' });
    await expect(db.ds.showMigrations()).resolves.toBe(false);
  });

  it('elects one leaseholder and hands over only after expiry', async () => {
    const leases = new LeaseRepository(db.ds);
    const a = await leases.tryAcquire('quota-broker', 'a', 60_000);
    expect(a?.holder).toBe('a');
    await expect(leases.tryAcquire('quota-broker', 'b', 60_000)).resolves.toBeUndefined();
    const renewed = await leases.tryAcquire('quota-broker', 'a', 60_000);
    expect(renewed?.fencingToken).toBe(a?.fencingToken);
    await db.ds.query(`UPDATE service_leases SET expires_at = now() - interval '1 second'`);
    const b = await leases.tryAcquire('quota-broker', 'b', 60_000);
    expect(b?.holder).toBe('b');
    expect(BigInt(b!.fencingToken)).toBe(BigInt(a!.fencingToken) + 1n);
  });

  it('keeps a 20-digit Gong id exact through a bigint column', async () => {
    const rows: { id: string }[] = await db.ds.query('SELECT $1::numeric(20,0)::text AS id', ['18446744073709551615']);
    expect(rows[0]!.id).toBe('18446744073709551615');
  });
});
