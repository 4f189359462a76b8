import { describe, expect, it } from '@jest/globals';
import { RocAuc } from './roc-auc.js';

describe('RocAuc', () => {
  it.each([
    ['perfect separation', [[0.9, true], [0.8, true], [0.2, false], [0.1, false]], 1],
    ['inverted', [[0.1, true], [0.2, true], [0.8, false], [0.9, false]], 0],
    ['all tied', [[0.5, true], [0.5, false], [0.5, true], [0.5, false]], 0.5],
    ['one pair out of order of four', [[0.9, true], [0.3, true], [0.4, false], [0.1, false]], 0.75],
  ] as const)('%s', (_, points, expected) => {
    expect(RocAuc.of(points.map(([score, positive]) => ({ score, positive })))).toBeCloseTo(expected, 6);
  });

  it('is NaN with one class only', () => {
    expect(RocAuc.of([{ score: 1, positive: true }])).toBeNaN();
  });
});
