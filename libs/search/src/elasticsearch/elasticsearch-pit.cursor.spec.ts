import { describe, expect, it } from '@jest/globals';
import { denyAllAccessFilter } from '@gong-connector/access-core';
import { ErrorCode } from '@gong-connector/contracts';
import { SearchCursorCodec } from '../query/search-cursor.codec.js';
import { parseSearchQuery } from '../query/search-query.schema.js';
import { ElasticsearchCursorCodec } from './elasticsearch-pit.cursor.js';

describe('ElasticsearchCursorCodec', () => {
  const codec = new ElasticsearchCursorCodec();
  const query = parseSearchQuery({ accessFilter: denyAllAccessFilter('5'), text: 'pricing' });
  const position = { bucket: 1, score: 2.5, chunkId: '98765432109876543210:3:0' };
  // A point-in-time id of a one-shard index is about 150 characters of base64.
  const pit = 'gcSHBAEKZ29uZy1jaHVua3MWbVh1RjNtRFlUV2VxV0ZWQV9RRHBBQQAWQ3k3eEZ0b3lRd1dMd3FqbVNiRjB6dwAAAAAAAAAAPRZWRF9hOFVsZFRaNmZzWXFOdEF0T3pRAAEWbVh1RjNtRFlUV2VxV0ZWQV9RRHBBQQAA';

  it('carries the position and the point in time, and stays well under the 2,000-character cursor limit', () => {
    const cursor = codec.encode(query, position, pit);
    expect(cursor.length).toBeLessThan(700);
    expect(codec.decode({ ...query, cursor })).toEqual({ position, pitId: pit });
    expect(codec.decode(query)).toBeNull();
  });

  it.each<[string, (cursor: string) => string]>([
    ['another query', (c) => c],
    ['a PostgreSQL cursor', () => new SearchCursorCodec('postgres').encode(query, position)],
    ['garbage', () => 'bm90IGEgY3Vyc29y'],
  ])('refuses %s, naming the cursor', (name, make) => {
    const cursor = make(codec.encode(query, position, pit));
    const other = name === 'another query' ? parseSearchQuery({ accessFilter: denyAllAccessFilter('5'), text: 'security' }) : query;
    let error: unknown;
    try {
      codec.decode({ ...other, cursor });
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ code: ErrorCode.VALIDATION_FAILED, details: [expect.objectContaining({ path: 'cursor' })] });
  });
});
