import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createGongSim, QUESTION_INTENTS, type GongSim } from '@gong-connector/testing/gong-sim';
import { RelevanceQuestions } from './relevance-questions.data.js';

const words = (text: string) => text.toLowerCase().replace(/[^a-z0-9' ]+/g, ' ').split(' ').filter(Boolean);
const shingles = (text: string, n: number) => {
  const w = words(text);
  return Array.from({ length: Math.max(0, w.length - n + 1) }, (_, i) => w.slice(i, i + n).join(' '));
};

describe('the relevance questions', () => {
  let sim: GongSim;
  let said: Set<string>;

  beforeAll(async () => {
    sim = await createGongSim({ seed: 'relevance-questions', users: 30, accounts: 20, calls: 300, days: 30 });
    said = new Set((sim.groundTruth().calls ?? []).flatMap((c) => sim.transcriptTruth(c.id)!.sentences.flatMap((s) => shingles(s.text, 4))));
  });

  afterAll(async () => {
    await sim?.close();
  });

  it('are at least 60, cover every intent agents ask about, and ask for customer-side evidence too', () => {
    expect(RelevanceQuestions.length).toBeGreaterThanOrEqual(60);
    for (const intent of QUESTION_INTENTS) expect({ intent, n: RelevanceQuestions.filter((q) => q.intent === intent).length >= 8 }).toEqual({ intent, n: true });
    expect(RelevanceQuestions.filter((q) => q.side === 'customer').length).toBeGreaterThan(30);
    expect(new Set(RelevanceQuestions.map((q) => q.text)).size).toBe(RelevanceQuestions.length);
  });

  it('are worded the way people ask, not quoted from the transcripts (no four words in a row said in a call)', () => {
    const quoting = RelevanceQuestions.filter((q) => shingles(q.text, 4).some((s) => said.has(s))).map((q) => q.text);
    expect(quoting).toEqual([]);
  });
});
