import { describe, expect, it } from '@jest/globals';
import { formatWebsearch, parseWebsearch } from './websearch.grammar.js';

describe('parseWebsearch', () => {
  it.each<[string, string]>([
    ['pricing', 'pricing'],
    ['  Pricing   Discount  ', 'pricing discount'],
    ['"enterprise   tier', '"enterprise tier"'],
    ['budget pricing or discount', 'budget pricing or discount'],
    ['a1 b1 or c1 d1', 'a1 b1 or c1 d1'],
    ['pricing OR discount or rebate', 'pricing or discount or rebate'],
    ['or pricing or', 'pricing'],
    ['pricing or or discount', 'pricing or discount'],
    ['pricing -discount', 'pricing -discount'],
    ['pricing - discount', 'pricing -discount'],
    ['pricing -', 'pricing'],
    ['- pricing', '-pricing'],
    ['pricing or -discount seats', 'pricing or -discount seats'],
    ['-"enterprise tier" pricing', '-"enterprise tier" pricing'],
    ['a1 "b1 c1"d1', 'a1 "b1 c1" d1'],
    ['a1 -or b1', 'a1 b1'],
    ['a1 or - or b1', 'a1 or b1'],
    ['SOC-2 review', '"soc 2" review'],
    ["customer's plan", 'customer plan'],
    ["don't stop", 'stop'],
    ['the or pricing', 'pricing'],
    ['a1 or "the" b1', 'a1 or b1'],
    ['x+y | c* (d) ~e \\f', '"x y" c d e f'],
  ])('%j → %j', (input, expected) => {
    expect(formatWebsearch(parseWebsearch(input))).toBe(expected);
  });

  it('matches nothing when nothing searchable is left', () => {
    expect(parseWebsearch('"" - "').groups).toEqual([]);
    expect(parseWebsearch('the about').groups).toEqual([]);
    expect(parseWebsearch('   ').groups).toEqual([]);
  });

  it('keeps the words of a quoted phrase in place, stop words included', () => {
    expect(parseWebsearch('-"a1 the b1"').groups).toEqual([[{ words: ['a1', 'the', 'b1'], negated: true }]]);
  });
});
