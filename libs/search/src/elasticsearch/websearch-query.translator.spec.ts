import { describe, expect, it } from '@jest/globals';
import { toSimpleQueryString } from './websearch-query.translator.js';

describe('toSimpleQueryString', () => {
  it.each<[string, string | null]>([
    ['pricing', 'pricing'],
    ['pricing discount', 'pricing discount'],
    ['  pricing   discount  ', 'pricing discount'],
    ['"enterprise tier"', '"enterprise tier"'],
    ['"enterprise   tier', '"enterprise tier"'],
    ['pricing or discount', '(pricing | discount)'],
    ['pricing OR discount or rebate', '(pricing | discount | rebate)'],
    ['budget pricing or discount', 'budget (pricing | discount)'],
    ['or pricing', 'pricing'],
    ['pricing -discount', 'pricing -discount'],
    ['-"enterprise tier" pricing', '-"enterprise tier" pricing'],
    ['pricing or -discount', '(pricing | -discount)'],
    ['SOC-2 review', '"SOC 2" review'],
    ['a+b | c* (d) ~e \\f', '"a b" c d e f'],
    ['pricing - discount', 'pricing discount'],
    ['"" - "', null],
    ['   ', null],
  ])('%j → %j', (input, expected) => {
    expect(toSimpleQueryString(input)).toBe(expected);
  });
});
