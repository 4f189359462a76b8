import { describe, expect, it } from '@jest/globals';
import { denyAllAccessFilter } from '@gong-connector/access-core';
import { AppError, ErrorCode } from '@gong-connector/contracts';
import { DEFAULT_FACET_SIZE, DEFAULT_SEARCH_LIMIT, parseSearchQuery } from './search-query.schema.js';

const accessFilter = denyAllAccessFilter('5');

function pathsOf(input: unknown): string[] {
  try {
    parseSearchQuery(input);
  } catch (e) {
    expect(AppError.is(e, ErrorCode.VALIDATION_FAILED)).toBe(true);
    return (e as AppError).details.map((d) => d.path);
  }
  throw new Error('expected a validation error');
}

describe('parseSearchQuery', () => {
  it('applies defaults, trims the text, and lower-cases speaker emails', () => {
    expect(parseSearchQuery({ accessFilter, text: '  pricing  ', speakerEmails: ['Jane@X.example'] })).toEqual({
      accessFilter,
      text: 'pricing',
      speakerEmails: ['jane@x.example'],
      limit: DEFAULT_SEARCH_LIMIT,
      facetSize: DEFAULT_FACET_SIZE,
    });
  });

  it('reads blank text as a filter-only listing', () => {
    expect(parseSearchQuery({ accessFilter, text: '   ' }).text).toBeNull();
    expect(parseSearchQuery({ accessFilter }).text).toBeNull();
  });

  it('refuses a query without an access filter with a message saying why', () => {
    expect(() => parseSearchQuery({ text: 'x' })).toThrow(/accessFilter is required/);
    expect(pathsOf({ text: 'x', accessFilter: undefined })).toEqual(['accessFilter']);
    expect(pathsOf({ text: 'x', accessFilter: null })).toEqual(['accessFilter']);
  });

  it.each<[string, Record<string, unknown>, string[]]>([
    ['limit 0', { limit: 0 }, ['limit']],
    ['limit 101', { limit: 101 }, ['limit']],
    ['a fractional limit', { limit: 2.5 }, ['limit']],
    ['facetSize 51', { facetSize: 51 }, ['facetSize']],
    ['an empty list', { topics: [] }, ['topics']],
    ['a blank account id', { accountIds: [' '] }, ['accountIds[0]']],
    ['a date without offset', { startedTo: '2024-01-01T00:00:00' }, ['startedTo']],
    ['equal from and to', { startedFrom: '2024-01-01T00:00:00Z', startedTo: '2024-01-01T00:00:00Z' }, ['startedTo']],
    ['text too long', { text: 'x'.repeat(1001) }, ['text']],
    ['several problems at once', { limit: 0, speakerUserIds: ['u1'] }, ['speakerUserIds[0]', 'limit']],
  ])('refuses %s', (_name, patch, paths) => {
    expect(pathsOf({ accessFilter, ...patch }).sort()).toEqual([...paths].sort());
  });

  it('refuses what is not an object', () => {
    expect(pathsOf(null)).toEqual(['(root)']);
    expect(pathsOf('pricing')).toEqual(['(root)']);
  });
});
