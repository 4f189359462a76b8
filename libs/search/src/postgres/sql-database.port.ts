import type { DataSource } from 'typeorm';

/**
 * What the PostgreSQL index needs of the replica's database: its TypeORM DataSource (migrated, with
 * the `search_chunks` tables). persistence's `Database` is one, so apps hand over their `Database`
 * and never touch TypeORM themselves.
 */
export interface SqlDatabase {
  readonly dataSource: DataSource;
}
