import { dropSchema, openDatabase, type DatabaseOptions } from '@gong-connector/persistence';
import type { DataSource } from 'typeorm';
import { testServices } from './test-services.js';
import { uniqueName } from './unique-name.js';

export interface TestDatabase {
  ds: DataSource;
  url: string;
  schema: string;
  /** Closes the connection and drops the schema. */
  close(): Promise<void>;
}

/** A migrated schema of its own for one test file, so files run in parallel without meeting. */
export async function testDatabase(options: Omit<DatabaseOptions, 'url' | 'schema'> = {}): Promise<TestDatabase> {
  const { databaseUrl: url } = testServices();
  const schema = uniqueName('t');
  const ds = await openDatabase({ ...options, url, schema, poolSize: options.poolSize ?? 5 });
  return {
    ds,
    url,
    schema,
    close: async () => {
      if (ds.isInitialized) await ds.destroy();
      await dropSchema(url, schema);
    },
  };
}
