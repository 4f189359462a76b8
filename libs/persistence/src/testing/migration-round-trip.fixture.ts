import type { MigrationInterface } from 'typeorm';
import type { Database } from '../database/database.js';

/** Runs `migration`'s down and then its up in one transaction (migration specs: what up builds from existing rows). */
export async function downThenUp(database: Database, migration: MigrationInterface): Promise<void> {
  const runner = database.dataSource.createQueryRunner();
  try {
    await runner.startTransaction();
    await migration.down(runner);
    await migration.up(runner);
    await runner.commitTransaction();
  } finally {
    await runner.release();
  }
}
