import type { Pool } from 'pg';
import type { DataSource } from 'typeorm';
import { openDataSource, openMigratedDataSource, type DatabaseOptions } from './data-source.factory.js';
import { asDatabaseUnavailable } from './database-unavailable.js';
import { Transaction } from './transaction.js';

export type IsolationLevel = 'READ COMMITTED' | 'REPEATABLE READ' | 'SERIALIZABLE';

/**
 * The replica's PostgreSQL: a migrated connection pool and a unit of work. Repositories are built
 * from it and own their SQL; a use case that must write through several repositories at once runs
 * them in `transaction(fn)`, passing the `Transaction` to each. Apps never see TypeORM: the
 * `dataSource` is for the libs that need it (the PostgreSQL search index, migrations).
 */
export class Database {
  private constructor(
    /** TypeORM's DataSource behind the pool: for libs (search index, migrations), not apps. */
    readonly dataSource: DataSource,
  ) {}

  /** Creates the schema when asked for one, connects, and migrates under the advisory lock. */
  static async open(options: DatabaseOptions): Promise<Database> {
    const database = new Database(await openDataSource(options));
    database.refusedConnectionsAreUnavailable();
    return database;
  }

  /**
   * A connection the pool cannot make (PostgreSQL down) fails as DEPENDENCY_UNAVAILABLE naming
   * PostgreSQL, for every user of the pool: repositories, transactions, and the libs that query the
   * DataSource directly (the search index). TypeORM asks with a callback, others with a promise.
   */
  private refusedConnectionsAreUnavailable(): void {
    const pool = this.pgPool as unknown as { connect: (...args: unknown[]) => unknown };
    const connect = pool.connect.bind(pool);
    pool.connect = (...args: unknown[]): unknown => {
      const callback = args[0];
      if (typeof callback === 'function') {
        return connect((error: unknown, ...rest: unknown[]) => (callback as (...a: unknown[]) => unknown)(error ? asDatabaseUnavailable(error) : error, ...rest));
      }
      return (connect() as Promise<unknown>).catch((error: unknown) => {
        throw asDatabaseUnavailable(error);
      });
    };
  }

  /**
   * Connects to a schema that is already migrated, changing nothing (no schema created, no
   * migration run); fails with SchemaNotMigratedError otherwise. For tools beside the services.
   */
  static async openMigrated(options: DatabaseOptions): Promise<Database> {
    return new Database(await openMigratedDataSource(options));
  }

  /** Raw SQL, outside any transaction unless `tx` is given (rows as node-postgres returns them). */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- rows are typed by the repository that reads them
  query(sql: string, params?: readonly unknown[], tx?: Transaction): Promise<any> {
    const run = tx ? tx.query(sql, params) : this.dataSource.query(sql, params ? [...params] : undefined);
    return run.catch((error: unknown) => {
      throw asDatabaseUnavailable(error);
    });
  }

  /** Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: Transaction) => Promise<T>): Promise<T>;
  transaction<T>(isolation: IsolationLevel, fn: (tx: Transaction) => Promise<T>): Promise<T>;
  transaction<T>(a: IsolationLevel | ((tx: Transaction) => Promise<T>), b?: (tx: Transaction) => Promise<T>): Promise<T> {
    const unavailable = (error: unknown): never => {
      throw asDatabaseUnavailable(error);
    };
    if (typeof a === 'function') return this.dataSource.transaction((em) => a(new Transaction(em))).catch(unavailable);
    const fn = b!;
    return this.dataSource.transaction(a, (em) => fn(new Transaction(em))).catch(unavailable);
  }

  /** One round trip (health checks). */
  async ping(): Promise<void> {
    await this.dataSource.query('SELECT 1');
  }

  get isOpen(): boolean {
    return this.dataSource.isInitialized;
  }

  /** Closes the pool (idempotent). */
  async close(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }

  /** node-postgres' pool behind the DataSource (named prepared statements; benchmarks read its internals). */
  get pgPool(): Pool {
    return (this.dataSource.driver as unknown as { master: Pool }).master;
  }
}
