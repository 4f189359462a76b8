import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { testDatabase, type TestDatabase } from '@gong-connector/testing';
import { ErrorCode } from '@gong-connector/contracts';
import { describeSearchIndexContract } from '../testing/search-index.contract.js';
import { PostgresSearchIndex } from './postgres-search.index.js';

let db: TestDatabase;

beforeAll(async () => {
  db = await testDatabase();
});

afterAll(async () => {
  await db?.close();
});

describeSearchIndexContract('PostgreSQL', async () => new PostgresSearchIndex({ dataSource: db.ds, batchSize: 7 }));

describe('PostgresSearchIndex', () => {
  it('says to run the migrations when the table is missing', async () => {
    const other = await testDatabase();
    try {
      await other.ds.query('DROP TABLE search_chunk_texts');
      await expect(new PostgresSearchIndex({ dataSource: other.ds }).ensureReady()).rejects.toMatchObject({
        code: ErrorCode.DEPENDENCY_UNAVAILABLE,
        message: expect.stringContaining('run the migrations'),
      });
    } finally {
      await other.close();
    }
  });

  it('refuses a bad batch size', () => {
    expect(() => new PostgresSearchIndex({ dataSource: db.ds, batchSize: 0 })).toThrow(/batchSize/);
  });
});
