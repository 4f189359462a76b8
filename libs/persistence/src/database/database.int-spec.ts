import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { testDatabase, testServices, uniqueName, type TestDatabase } from '@gong-connector/testing';
import { ALL_MIGRATIONS } from '../migrations/all-migrations.js';
import { LeaseRepository } from '../leases/lease.repository.js';
import { dropSchema, migrateDatabase, PendingMigrationsError } from './data-source.factory.js';
import { Database } from './database.js';

describe('persistence against PostgreSQL', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await testDatabase();
  });
  afterAll(async () => {
    await db.close();
  });

  it('applies every migration and leaves none pending', async () => {
    await expect(db.database.dataSource.showMigrations()).resolves.toBe(false);
    const rows: { name: string }[] = await db.database.query('SELECT name FROM typeorm_migrations ORDER BY id');
    expect(rows.map((r) => r.name)).toEqual(ALL_MIGRATIONS.map((m) => new m().name));
  });

  it('migrates exactly once when several replicas start together (advisory lock)', async () => {
    const { databaseUrl: url } = testServices();
    const schema = uniqueName('race');
    try {
      const sources = await Promise.all([1, 2, 3].map(() => Database.open({ url, schema, poolSize: 2 })));
      const rows: { n: string }[] = await sources[0]!.query('SELECT count(*)::text AS n FROM typeorm_migrations');
      expect(rows[0]!.n).toBe(String(ALL_MIGRATIONS.length));
      await Promise.all(sources.map((s) => s.close()));
    } finally {
      await dropSchema(url, schema);
    }
  });

  it('verify mode (DATABASE_MIGRATIONS=verify) migrates nothing and refuses to open until the migration job ran', async () => {
    const { databaseUrl: url } = testServices();
    const schema = uniqueName('verify');
    try {
      const all = ALL_MIGRATIONS.map((m) => new m().name);
      const refused = Database.open({ url, schema, migrations: 'verify', poolSize: 1 });
      await expect(refused).rejects.toBeInstanceOf(PendingMigrationsError);
      await expect(refused).rejects.toThrow(/pending .*npm run migrate/);
      await expect(refused.catch((e: PendingMigrationsError) => e.pending)).resolves.toEqual(all);

      // two jobs at once (a retried job, a stray second run): every migration exactly once
      const ran = await Promise.all([migrateDatabase({ url, schema }), migrateDatabase({ url, schema })]);
      expect([...ran[0]!, ...ran[1]!].sort()).toEqual([...all].sort());
      await expect(migrateDatabase({ url, schema })).resolves.toEqual([]);

      const opened = await Database.open({ url, schema, migrations: 'verify', poolSize: 1 });
      const rows: { n: string }[] = await opened.query('SELECT count(*)::text AS n FROM typeorm_migrations');
      expect(rows[0]!.n).toBe(String(all.length));
      await opened.close();

      // a newer image whose migration has not run yet is refused again, naming it
      const latest = all[all.length - 1]!;
      const raw = await Database.open({ url, schema, poolSize: 1 });
      await raw.query('DELETE FROM typeorm_migrations WHERE name = $1', [latest]);
      await raw.close();
      await expect(Database.open({ url, schema, migrations: 'verify', poolSize: 1 })).rejects.toThrow(new RegExp(`1 database migration\\(s\\) pending \\(${latest}\\)`));
    } finally {
      await dropSchema(url, schema);
    }
  });

  it('migrates with a pool of one connection (the lock is not taken from the pool)', async () => {
    const { databaseUrl: url } = testServices();
    const schema = uniqueName('pool1');
    try {
      const one = await Database.open({ url, schema, poolSize: 1 });
      await expect(one.dataSource.showMigrations()).resolves.toBe(false);
      await one.close();
    } finally {
      await dropSchema(url, schema);
    }
  });

  it('has a real down for every migration', async () => {
    for (let i = 0; i < ALL_MIGRATIONS.length; i++) await db.database.dataSource.undoLastMigration({ transaction: 'each' });
    await expect(db.database.dataSource.showMigrations()).resolves.toBe(true);
    await db.database.dataSource.runMigrations({ transaction: 'each' });
    await expect(db.database.dataSource.showMigrations()).resolves.toBe(false);
  });

  it('commits a unit of work when it resolves and rolls all of it back when it throws', async () => {
    const committed = await db.database.transaction(async (tx) => {
      await db.database.query(`INSERT INTO service_leases (name, holder, fencing_token, expires_at) VALUES ('uow-a', 'x', 1, now())`, [], tx);
      await tx.query(`INSERT INTO service_leases (name, holder, fencing_token, expires_at) VALUES ('uow-b', 'x', 1, now())`);
      return 'done';
    });
    expect(committed).toBe('done');
    await expect(
      db.database.transaction(async (tx) => {
        await tx.query(`INSERT INTO service_leases (name, holder, fencing_token, expires_at) VALUES ('uow-c', 'x', 1, now())`);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    const rows: { name: string }[] = await db.database.query(`SELECT name FROM service_leases WHERE name LIKE 'uow-%' ORDER BY name`);
    expect(rows.map((r) => r.name)).toEqual(['uow-a', 'uow-b']);
    await db.database.query(`DELETE FROM service_leases WHERE name LIKE 'uow-%'`);
  });

  it('elects one leaseholder and hands over only after expiry', async () => {
    const leases = new LeaseRepository(db.database);
    const a = await leases.tryAcquire('quota-broker', 'a', 60_000);
    expect(a?.holder).toBe('a');
    await expect(leases.tryAcquire('quota-broker', 'b', 60_000)).resolves.toBeUndefined();
    const renewed = await leases.tryAcquire('quota-broker', 'a', 60_000);
    expect(renewed?.fencingToken).toBe(a?.fencingToken);
    await db.database.query(`UPDATE service_leases SET expires_at = now() - interval '1 second'`);
    const b = await leases.tryAcquire('quota-broker', 'b', 60_000);
    expect(b?.holder).toBe('b');
    expect(BigInt(b!.fencingToken)).toBe(BigInt(a!.fencingToken) + 1n);
  });

  it('keeps a 20-digit Gong id exact through a bigint column', async () => {
    const rows: { id: string }[] = await db.database.query('SELECT $1::numeric(20,0)::text AS id', ['18446744073709551615']);
    expect(rows[0]!.id).toBe('18446744073709551615');
  });
});
