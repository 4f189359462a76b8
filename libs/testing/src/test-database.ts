import { Database, dropSchema, type DatabaseOptions } from '@gong-connector/persistence';
import { testServices } from './test-services.js';
import { uniqueName } from './unique-name.js';

export interface TestDatabase {
  /** The migrated schema's Database: build repositories from it, run transactions on it. */
  database: Database;
  url: string;
  schema: string;
  /** Closes the connection and drops the schema. */
  close(): Promise<void>;
}

/** A migrated schema of its own for one test file, so files run in parallel without meeting. */
export async function testDatabase(options: Omit<DatabaseOptions, 'url' | 'schema'> = {}): Promise<TestDatabase> {
  const { databaseUrl: url } = testServices();
  const schema = uniqueName('t');
  const database = await Database.open({ ...options, url, schema, poolSize: options.poolSize ?? 5 });
  return {
    database,
    url,
    schema,
    close: async () => {
      await database.close();
      await dropSchema(url, schema);
    },
  };
}
