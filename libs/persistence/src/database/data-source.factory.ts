import { DataSource, type EntitySchema, type MixedList } from 'typeorm';
import pg from 'pg';
import { ALL_MIGRATIONS } from '../migrations/all-migrations.js';

export interface DatabaseOptions {
  url: string;
  /** A schema of its own (tests use one per file); created if missing. Defaults to `public`. */
  schema?: string;
  entities?: MixedList<Function | string | EntitySchema>;
  poolSize?: number;
  applicationName?: string;
  /**
   * `run` (default): migrate under the advisory lock while opening. `verify`: migrate nothing and
   * refuse to open while a migration is pending (a deployment whose migrations run once, in a job,
   * before its replicas start).
   */
  migrations?: 'run' | 'verify';
}

/** Thrown by `verify` when the schema is behind the code: names what to run. */
export class PendingMigrationsError extends Error {
  constructor(readonly pending: string[]) {
    super(
      `${pending.length} database migration(s) pending (${pending.join(', ')}): this service starts with DATABASE_MIGRATIONS=verify, so run the migrations first (the migration job, or SERVICE=migrate / npm run migrate with the same DATABASE_URL and DATABASE_SCHEMA)`,
    );
    this.name = 'PendingMigrationsError';
  }
}

/** The names of the migrations the schema has not run yet. */
export async function pendingMigrations(ds: DataSource): Promise<string[]> {
  const table = ds.options.migrationsTableName ?? 'typeorm_migrations';
  const schema = (ds.options as { schema?: string }).schema;
  const qualified = schema ? `${quoteIdent(schema)}.${quoteIdent(table)}` : quoteIdent(table);
  const exists = (await ds.query('SELECT to_regclass($1) AS t', [schema ? `${quoteIdent(schema)}.${quoteIdent(table)}` : table])) as { t: string | null }[];
  const done = new Set<string>();
  if (exists[0]?.t) for (const row of (await ds.query(`SELECT name FROM ${qualified}`)) as { name: string }[]) done.add(row.name);
  return ds.migrations.map((m) => m.name ?? m.constructor.name).filter((name) => !done.has(name));
}

const quoteIdent = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/** A DataSource with `synchronize` off: the schema only ever changes through reviewed migrations. */
export function createDataSource(options: DatabaseOptions): DataSource {
  const schema = options.schema;
  return new DataSource({
    type: 'postgres',
    url: options.url,
    ...(schema ? { schema } : {}),
    entities: options.entities ?? [],
    migrations: ALL_MIGRATIONS,
    migrationsTableName: 'typeorm_migrations',
    synchronize: false,
    migrationsRun: false,
    logging: false,
    poolSize: options.poolSize ?? 10,
    applicationName: options.applicationName ?? 'gong-connector',
    extra: schema ? { options: `-c search_path=${quoteIdent(schema)},public` } : {},
  });
}

/** Arbitrary but fixed: every service contends for the same lock while migrating. */
export const MIGRATION_LOCK_KEY = 7_104_202_611n;

/**
 * Runs pending migrations while holding a Postgres advisory lock, so several replicas starting at
 * once migrate exactly once. Each migration runs in its own transaction. The lock is taken on a
 * connection of its own, outside the DataSource's pool (a pool of one would otherwise wait for
 * itself, holding the lock), and is keyed by schema: schemas (test files, tenants) migrate side by
 * side.
 */
export async function runMigrationsLocked(ds: DataSource): Promise<string[]> {
  const options = ds.options as { url?: string; schema?: string };
  if (!options.url) throw new Error('runMigrationsLocked needs a DataSource created from a URL');
  const lock = new pg.Client({ connectionString: options.url });
  await lock.connect();
  const key = `gong-connector:migrations:${options.schema ?? 'public'}`;
  try {
    await lock.query('SELECT pg_advisory_lock(hashtextextended($1, $2))', [key, MIGRATION_LOCK_KEY.toString()]);
    try {
      const ran = await ds.runMigrations({ transaction: 'each' });
      return ran.map((m) => m.name);
    } finally {
      await lock.query('SELECT pg_advisory_unlock(hashtextextended($1, $2))', [key, MIGRATION_LOCK_KEY.toString()]);
    }
  } finally {
    await lock.end();
  }
}

/**
 * Creates the schema when asked for one, connects, and migrates under the advisory lock (or, with
 * `migrations: 'verify'`, only checks that nothing is pending).
 */
export async function openDataSource(options: DatabaseOptions): Promise<DataSource> {
  if (options.migrations === 'verify') {
    const ds = createDataSource(options);
    await ds.initialize();
    const pending = await pendingMigrations(ds).catch(async (error: unknown) => {
      await ds.destroy();
      throw error;
    });
    if (pending.length) {
      await ds.destroy();
      throw new PendingMigrationsError(pending);
    }
    return ds;
  }
  await ensureSchema(options);
  const ds = createDataSource(options);
  await ds.initialize();
  try {
    await runMigrationsLocked(ds);
  } catch (error) {
    await ds.destroy();
    throw error;
  }
  return ds;
}

/** Creates the options' schema when it names one (serialized with the migration lock). */
async function ensureSchema(options: DatabaseOptions): Promise<void> {
  if (!options.schema) return;
  const client = new pg.Client({ connectionString: options.url });
  await client.connect();
  try {
    // CREATE SCHEMA IF NOT EXISTS races with itself; serialize it with the migration lock.
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY.toString()]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(options.schema)}`);
    await client.query('COMMIT');
  } finally {
    await client.end();
  }
}

/** Runs the pending migrations once (the migration job): the names of those it ran. */
export async function migrateDatabase(options: DatabaseOptions): Promise<string[]> {
  await ensureSchema(options);
  const ds = createDataSource({ ...options, poolSize: 1 });
  await ds.initialize();
  try {
    return await runMigrationsLocked(ds);
  } finally {
    await ds.destroy();
  }
}

export async function dropSchema(url: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${quoteIdent(schema)} CASCADE`);
  } finally {
    await client.end();
  }
}

/** A database or schema that lacks migrations this code needs (never created or migrated by the caller). */
export class SchemaNotMigratedError extends Error {
  constructor(
    readonly schema: string,
    /** The migrations not recorded as run there (every one when the schema or its migrations table is missing). */
    readonly missing: readonly string[],
    readonly schemaExists: boolean,
  ) {
    super(
      schemaExists
        ? `Schema "${schema}" lacks ${missing.length} of ${ALL_MIGRATIONS.length} migrations (first missing: ${missing[0]})`
        : `Schema "${schema}" does not exist`,
    );
    this.name = 'SchemaNotMigratedError';
  }
}

/**
 * Connects to a schema the services have already migrated, and changes nothing: no schema is
 * created and no migration runs. Fails with SchemaNotMigratedError when the schema is missing or
 * lacks a migration (tools such as the admin CLI must not create tables where nothing runs).
 */
export async function openMigratedDataSource(options: DatabaseOptions): Promise<DataSource> {
  const schema = options.schema ?? 'public';
  const ds = createDataSource(options);
  await ds.initialize();
  try {
    const found = (await ds.query('SELECT 1 FROM information_schema.schemata WHERE schema_name = $1', [schema])) as unknown[];
    if (found.length === 0) throw new SchemaNotMigratedError(schema, ds.migrations.map((m) => m.name ?? m.constructor.name), false);
    const missing = await pendingMigrations(ds);
    if (missing.length > 0) throw new SchemaNotMigratedError(schema, missing, true);
    return ds;
  } catch (error) {
    await ds.destroy();
    throw error;
  }
}
