import { describe, expect, it } from '@jest/globals';
import { denyAllAccessFilter } from '@gong-connector/access-core';
import { ErrorCode } from '@gong-connector/contracts';
import { SearchCursorCodec } from './search-cursor.codec.js';
import { parseSearchQuery } from './search-query.schema.js';

describe('SearchCursorCodec', () => {
  const codec = new SearchCursorCodec('postgres');
  const query = parseSearchQuery({ accessFilter: denyAllAccessFilter('5'), text: 'pricing', accountIds: ['a', 'b'] });

  it('round-trips the position, whatever limit and facetSize the next page asks for', () => {
    const cursor = codec.encode(query, { bucket: 2, score: 0.1, chunkId: '98765432109876543210:3:1' });
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    const next = parseSearchQuery({ accessFilter: denyAllAccessFilter('5'), accountIds: ['a', 'b'], text: 'pricing', cursor, limit: 50, facetSize: 0 });
    expect(codec.decode(next)).toEqual({ bucket: 2, score: 0.1, chunkId: '98765432109876543210:3:1' });
  });

  it('is null without a cursor', () => {
    expect(codec.decode(query)).toBeNull();
  });

  it.each<[string, (cursor: string) => Record<string, unknown>]>([
    ['another text', (cursor) => ({ text: 'security', accountIds: ['a', 'b'], cursor })],
    ['another filter', (cursor) => ({ text: 'pricing', accountIds: ['a'], cursor })],
    ['another user', (cursor) => ({ text: 'pricing', accountIds: ['a', 'b'], cursor, accessFilter: denyAllAccessFilter('6') })],
  ])('refuses a cursor reused with %s', (_name, make) => {
    const cursor = codec.encode(query, { bucket: 0, score: 1, chunkId: 'x' });
    const other = parseSearchQuery({ accessFilter: denyAllAccessFilter('5'), ...make(cursor) });
    expect(() => codec.decode(other)).toThrow(expect.objectContaining({ code: ErrorCode.VALIDATION_FAILED, message: expect.stringContaining('another query') }));
  });

  it('refuses a cursor of another adapter, and garbage', () => {
    const cursor = new SearchCursorCodec('elasticsearch').encode(query, { bucket: 0, score: 1, chunkId: 'x' });
    expect(() => codec.decode({ ...query, cursor })).toThrow(/elasticsearch index/);
    expect(() => codec.decode({ ...query, cursor: '!!!' })).toThrow(/not a cursor/);
    expect(() => codec.decode({ ...query, cursor: Buffer.from('{"v":1,"a":"postgres","f":"x","s":1,"id":"x"}').toString('base64url') })).toThrow(/not a cursor/);
  });
});
