import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { planSentenceWindows } from './sentence-window.planner.js';

describe('planSentenceWindows', () => {
  it.each([
    { name: 'nothing to plan', following: [], opening: [], max: 10, overlap: 1, expected: [] },
    { name: 'one window', following: [3, 3, 3], opening: [5, 5, 5], max: 20, overlap: 1, expected: [[0, 3, 11]] },
    { name: 'greedy with overlap', following: [3, 3, 3, 3], opening: [5, 5, 5, 5], max: 11, overlap: 1, expected: [[0, 3, 11], [2, 4, 8]] },
    { name: 'oversized sentence alone', following: [3, 50, 3], opening: [5, 52, 5], max: 20, overlap: 1, expected: [[0, 1, 5], [1, 2, 52], [2, 3, 5]] },
  ])('$name', ({ following, opening, max, overlap, expected }) => {
    const windows = planSentenceWindows({
      count: following.length,
      maxTokens: max,
      overlapSentences: overlap,
      followingTokens: following,
      openingTokens: (i) => opening[i],
    });
    expect(windows.map((w) => [w.start, w.end, w.tokenCount])).toEqual(expected);
  });

  it('covers every sentence in order, within budget, with bounded overlap and at most one opening count per sentence', () => {
    const scenario = fc
      .integer({ min: 1, max: 60 })
      .chain((count) =>
        fc.record({
          following: fc.array(fc.integer({ min: 0, max: 40 }), { minLength: count, maxLength: count }),
          header: fc.array(fc.integer({ min: 0, max: 20 }), { minLength: count, maxLength: count }),
          max: fc.integer({ min: 1, max: 150 }),
          overlap: fc.integer({ min: 0, max: 5 }),
        }),
      );
    fc.assert(
      fc.property(scenario, ({ following, header, max, overlap }) => {
        const count = following.length;
        const calls = new Array<number>(count).fill(0);
        // Opening a chunk costs a header plus the sentence without its leading space (here: one less).
        const opening = (i: number): number => header[i] + Math.max(0, following[i] - 1);
        const windows = planSentenceWindows({
          count,
          maxTokens: max,
          overlapSentences: overlap,
          followingTokens: following,
          openingTokens: (i) => {
            calls[i]++;
            return opening(i);
          },
        });
        const cost = (first: number, last: number): number =>
          opening(first) + following.slice(first + 1, last + 1).reduce((a, b) => a + b, 0);

        expect(calls.every((c) => c <= 1)).toBe(true);
        expect(windows[0].start).toBe(0);
        expect(windows[windows.length - 1].end).toBe(count);
        windows.forEach((w, k) => {
          expect(w.end).toBeGreaterThan(w.start);
          expect(w.tokenCount).toBe(cost(w.start, w.end - 1));
          if (w.end - w.start > 1) expect(w.tokenCount).toBeLessThanOrEqual(max);
          if (w.end < count) expect(w.tokenCount + following[w.end]).toBeGreaterThan(max); // maximal
          if (k === 0) return;
          const prev = windows[k - 1];
          expect(w.start).toBeGreaterThan(prev.start);
          expect(w.start).toBeLessThanOrEqual(prev.end); // no gap
          expect(w.end).toBeGreaterThan(prev.end); // brings a new sentence
          expect(prev.end - w.start).toBeLessThanOrEqual(overlap);
          // the overlap was only shrunk because the longer one could not fit with the new sentence
          const widest = Math.max(prev.end - overlap, prev.start + 1);
          if (w.start > widest) expect(cost(w.start - 1, prev.end)).toBeGreaterThan(max);
        });
      }),
      { numRuns: 500 },
    );
  });
});
