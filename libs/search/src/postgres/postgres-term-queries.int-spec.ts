// PostgresSearchIndex's term query cache: a question's term lists are turned into tsqueries by
// PostgreSQL once (search_terms_tsquery, one round trip for a question's missing lists) and then
// bound as constants. The results must be the very ones of the statement that calls the function.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { testDatabase, type TestDatabase } from '@gong-connector/testing';
import type { SearchQueryInput } from '../query/search-query.schema.js';
import type { SearchResult } from '../query/search-result.model.js';
import { buildContractCompany } from '../testing/contract-company.fixture.js';
import { PostgresSearchIndex } from './postgres-search.index.js';

const company = buildContractCompany();
const QUESTIONS = [
  'what did they say about pricing and the budget?',
  'is the customer worried about security review or SOC 2',
  'who signs off on the decision',
  'next steps after the meeting',
  '"single sign-on" -pricing',
  'the the of', // stop words only: an empty term query stays a function call
  'renewal',
];

let db: TestDatabase;
let cached: PostgresSearchIndex;
let uncached: PostgresSearchIndex;
const statements: string[] = [];

beforeAll(async () => {
  db = await testDatabase();
  const query = db.database.dataSource.query.bind(db.database.dataSource);
  // Every statement the indexes send, to count round trips.
  db.database.dataSource.query = ((sql: string, values?: unknown[]) => {
    statements.push(sql);
    return query(sql, values);
  }) as typeof db.database.dataSource.query;
  cached = new PostgresSearchIndex({ database: db.database });
  uncached = new PostgresSearchIndex({ database: db.database, termQueryCache: 0 });
  await cached.upsertChunks(company.chunks);
}, 60_000);

afterAll(async () => {
  await db?.close();
});

const comparable = (r: SearchResult) => ({ ...r, nextCursor: r.nextCursor === null ? null : 'cursor' });

describe('PostgresSearchIndex term query cache', () => {
  it('answers every question exactly as the statement calling search_terms_tsquery does, for every user', async () => {
    for (const text of QUESTIONS) {
      for (const [user, accessFilter] of Object.entries(company.users)) {
        const input: SearchQueryInput = { accessFilter, text, limit: 5 };
        const [a, b] = [await cached.search(input), await uncached.search(input)];
        expect({ user, text, result: comparable(a) }).toEqual({ user, text, result: comparable(b) });
      }
    }
  });

  it('binds known term queries as constants, and asks PostgreSQL only for the lists it has not seen, once', async () => {
    const text = 'any pushback on the discount for the multi-year renewal';
    statements.length = 0;
    await cached.search({ accessFilter: company.users.ada, text, limit: 5 });
    expect(statements.filter((s) => s.includes('jsonb_array_elements($1::jsonb)'))).toHaveLength(1);
    const [first] = statements.filter((s) => s.includes('AS rn'));
    expect(first).not.toContain('search_terms_tsquery(');
    expect(first).toContain('::tsquery');

    statements.length = 0;
    await cached.search({ accessFilter: company.users.mona, text, limit: 5 });
    expect(statements.some((s) => s.includes('jsonb_array_elements($1::jsonb)'))).toBe(false);
    expect(statements).toHaveLength(1);

    statements.length = 0;
    await uncached.search({ accessFilter: company.users.ada, text, limit: 5 });
    expect(statements).toHaveLength(1);
    expect(statements[0]).toContain('search_terms_tsquery(');
  });

  it("turns a term list into each term's query once, in the list's order (words stemming alike are one operand)", async () => {
    const [row] = (await db.database.dataSource.query(`SELECT search_terms_tsquery(ARRAY['pricing', 'per seat', 'prices', 'the', 'cost', 'price'], 'AB')::text AS q`)) as { q: string }[];
    expect(row!.q).toBe(`'price':AB | 'per':AB <-> 'seat':AB | 'cost':AB`);
  });

  it('refuses a negative cache size', () => {
    expect(() => new PostgresSearchIndex({ database: db.database, termQueryCache: -1 })).toThrow(/termQueryCache must be a non-negative integer/);
  });
});
