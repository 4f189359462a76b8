import { describe, expect, it } from '@jest/globals';
import type { Chunk } from '@gong-connector/chunking';
import type { CallTranscriptTruth } from '@gong-connector/testing/gong-sim';
import { nearDuplicates, ndcgAt, RelevanceJudge } from './relevance.judge.js';

const chunk = (id: string, starts: number[]): Chunk =>
  ({ id, callId: '1', sentences: starts.map((s) => ({ startMs: s, endMs: s + 1, text: 'x' })), call: { accountIds: ['acc'] } }) as unknown as Chunk;

const truth: CallTranscriptTruth = {
  callId: '1',
  accountCrmId: null,
  sentences: [
    { speakerId: 'c', side: 'customer', start: 0, end: 1, text: 'too expensive', intent: 'pricing' },
    { speakerId: 'c', side: 'customer', start: 10, end: 11, text: 'over budget', intent: 'pricing' },
    { speakerId: 'r', side: 'company', start: 20, end: 21, text: 'list price', intent: 'pricing' },
    { speakerId: 'r', side: 'company', start: 30, end: 31, text: 'nice weather', intent: 'small-talk' },
    { speakerId: 'r', side: 'company', start: 40, end: 41, text: 'more weather', intent: 'small-talk' },
    { speakerId: 'r', side: 'company', start: 50, end: 51, text: 'and more', intent: 'small-talk' },
  ],
};

describe('RelevanceJudge', () => {
  const judge = new RelevanceJudge();
  judge.addCall([chunk('two-customer', [0, 10]), chunk('rep-only', [20]), chunk('diluted', [20, 30, 40, 50]), chunk('none', [30])], truth);

  it.each([
    ['two-customer', 'customer', 3],
    ['rep-only', 'customer', 1],
    ['rep-only', 'any', 3],
    ['diluted', 'any', 2],
    ['none', 'any', 0],
    ['unknown-chunk', 'any', 0],
  ] as const)('grades %s for a %s-side pricing question as %i', (id, side, grade) => {
    expect(judge.grade(id, 'pricing', side)).toBe(grade);
  });

  it('flags customer-side evidence', () => {
    expect(judge.isCustomerEvidence('two-customer', 'pricing')).toBe(true);
    expect(judge.isCustomerEvidence('rep-only', 'pricing')).toBe(false);
  });

  it('refuses a chunk whose sentences have no ground truth', () => {
    expect(() => new RelevanceJudge().addCall([chunk('x', [99])], truth)).toThrow(/without ground truth/);
  });
});

describe('ndcgAt', () => {
  it.each([
    [[3, 2, 0], [3, 2, 0], 1],
    [[0, 0, 0], [3, 2, 0], 0],
    [[0, 0], [0, 0], 0],
  ])('ranked %j against pool %j is %d', (ranked, pool, expected) => {
    expect(ndcgAt(10, ranked, pool)).toBeCloseTo(expected, 6);
  });

  it('rewards putting the best passage first, and only counts the first k', () => {
    expect(ndcgAt(10, [2, 3], [3, 2])).toBeLessThan(1);
    expect(ndcgAt(10, [2, 3], [3, 2])).toBeGreaterThan(ndcgAt(10, [0, 3], [3, 2]));
    expect(ndcgAt(1, [0, 3], [3])).toBe(0);
  });
});

describe('nearDuplicates', () => {
  it('counts passages that repeat an earlier one on the page, filler words aside', () => {
    expect(nearDuplicates(['The per seat pricing gets expensive as we grow.', 'Um, the per seat pricing gets expensive as we grow.', 'Who signs the contract?'])).toBe(1);
    expect(nearDuplicates(['We are also talking to Revora.', 'Revora came in cheaper in their first proposal.'])).toBe(0);
  });
});
