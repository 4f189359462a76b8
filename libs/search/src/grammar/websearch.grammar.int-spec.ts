import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { testDatabase, type TestDatabase } from '@gong-connector/testing';
import { parseWebsearch, type WebsearchQuery } from './websearch.grammar.js';

/** The grammar's reading as tsquery text: groups joined by |, operands by &, phrases by <->. */
function toTsqueryText(query: WebsearchQuery): string {
  return query.groups
    .map((group) =>
      group
        .map((o) => {
          const phrase = o.words.map((w) => `'${w.replace(/'/g, "''")}'`).join(' <-> ');
          return o.negated ? `!(${phrase})` : o.words.length > 1 ? `(${phrase})` : phrase;
        })
        .join(' & '),
    )
    .join(' | ');
}

let db: TestDatabase;
beforeAll(async () => {
  db = await testDatabase();
});
afterAll(async () => {
  await db?.close();
});

describe('the web-search grammar reads syntax as PostgreSQL websearch_to_tsquery does', () => {
  it.each([
    'pricing discount',
    'budget pricing or discount',
    'a1 b1 or c1 d1',
    'pricing OR discount or rebate',
    'or pricing or',
    'pricing or or discount',
    'pricing -discount',
    'pricing - discount',
    'pricing -',
    '- pricing',
    'pricing or -discount seats',
    '-pricing or discount seats',
    '"enterprise tier" or pricing -seats',
    '-"enterprise tier" pricing',
    '- "a1 b1" c1',
    'a1 "b1 c1"d1',
    'a1 -or b1',
    'a1 or - or b1',
    '-a1 -b1',
    "customer's plan",
    'the or pricing',
    'a1 or "the" b1',
    'about renewal terms',
    '"renewal of the contract" or -security review',
    'discount "enterprise tier" or pricing -Contoso',
  ])('%j', async (text) => {
    const [row] = (await db.database.query(
      `SELECT websearch_to_tsquery('english', $1)::text AS pg, to_tsquery('english', $2)::text AS ours`,
      [text, toTsqueryText(parseWebsearch(text)) || "''"],
    )) as { pg: string; ours: string }[];
    expect(row.ours).toBe(row.pg);
  });
});
