import { describe, expect, it } from '@jest/globals';
import { median } from './median.js';

describe('median', () => {
  it.each<[Array<number | null | undefined>, number | null]>([
    [[], null],
    [[null, undefined], null],
    [[3], 3],
    [[5, 1, 3], 3],
    [[4, 1, 3, 2], 2.5],
    [[2, null, 9], 5.5],
    [[Number.NaN, 7], 7],
  ])('of %p is %p', (values, expected) => {
    expect(median(values)).toBe(expected);
  });
});
