import { describe, expect, it } from '@jest/globals';
import { CompanyGenerator } from '../company/company.generator.js';
import { CompanyStore } from '../company/company.store.js';
import { toTranscriptTruth, type TranscriptTruthSentence } from '../company/ground-truth.mapper.js';
import { CallContentService } from './call-content.service.js';
import { QUESTION_INTENTS, SENTENCE_INTENTS } from './sentence-intent.model.js';
import { TranscriptGenerator, type TranscriptRequest } from './transcript.generator.js';

const store = new CompanyStore(
  new CompanyGenerator().generate({
    seed: 'transcript-truth-spec',
    sizes: { users: 40, accounts: 30, calls: 240, days: 30, workspaces: 2 },
    anchor: Date.UTC(2026, 0, 1),
    timeZone: 'UTC',
  }),
);
const content = new CallContentService(store, 1000);
const calls = store.data.calls;
const truths = calls.map((call) => ({ call, truth: toTranscriptTruth(call, content.transcript(call)) }));
const sentences: TranscriptTruthSentence[] = truths.flatMap((t) => t.truth.sentences);
/** Numbers and names vary per call; a phrasing is the sentence with its digits masked. */
const phrasing = (text: string) => text.replace(/\$?\d[\d,]*/g, '#');

const request: TranscriptRequest = {
  seedKey: 'call-1',
  phase: 'pricing',
  duration: 1800,
  started: Date.UTC(2026, 2, 3),
  speakers: [
    { speakerId: 's1', firstName: 'Ava', internal: true },
    { speakerId: 's2', firstName: 'Omar', internal: false },
    { speakerId: 's3', firstName: 'Lena', internal: false },
  ],
  accountName: 'Harbor Logistics',
  companyName: 'Lumenary',
  product: 'Lumenary Insights',
  industry: 'Logistics',
  competitor: 'Revora',
  competitors: ['Revora', 'Datalyte', 'Pipestream'],
  firstNames: ['Priya', 'Jonas', 'Camila'],
};

describe('transcript ground truth: what every generated sentence is about and who said it', () => {
  it('is deterministic per seed, and another seed says other things', () => {
    const a = new TranscriptGenerator().generate(request);
    const b = new TranscriptGenerator().generate({ ...request });
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    const other = new TranscriptGenerator().generate({ ...request, seedKey: 'call-2' });
    expect(JSON.stringify(other)).not.toBe(JSON.stringify(a));
  });

  it('labels every sentence with a known intent, and its side with the speaker’s affiliation', () => {
    const wrong: string[] = [];
    for (const { call, truth } of truths) {
      const affiliation = new Map(call.parties.filter((p) => p.speakerId).map((p) => [p.speakerId!, p.affiliation]));
      const served = content.transcript(call).flatMap((m) => m.sentences);
      if (served.length !== truth.sentences.length) wrong.push(`${call.id}: ${truth.sentences.length} truths for ${served.length} sentences`);
      for (const s of truth.sentences) {
        if (!SENTENCE_INTENTS.includes(s.intent)) wrong.push(`${call.id}: intent ${s.intent}`);
        if (s.side !== (affiliation.get(s.speakerId) === 'Internal' ? 'company' : 'customer')) wrong.push(`${call.id}: ${s.speakerId} labelled ${s.side}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('gives every question intent many distinct phrasings, said by both sides', () => {
    for (const intent of QUESTION_INTENTS) {
      const of = sentences.filter((s) => s.intent === intent);
      const customer = new Set(of.filter((s) => s.side === 'customer').map((s) => phrasing(s.text)));
      const company = new Set(of.filter((s) => s.side === 'company').map((s) => phrasing(s.text)));
      expect({ intent, many: customer.size + company.size >= 60 }).toEqual({ intent, many: true });
      expect({ intent, customer: customer.size >= 15, company: company.size >= 10 }).toEqual({ intent, customer: true, company: true });
    }
  });

  it('has hedges, fillers, numbers and names in the talk', () => {
    const texts = sentences.map((s) => s.text);
    expect(texts.some((t) => /\b(um|uh|you know)\b/i.test(t))).toBe(true);
    expect(texts.some((t) => /\b(honestly|to be fair|I think|kind of)\b/i.test(t))).toBe(true);
    expect(sentences.some((s) => s.intent === 'pricing' && /\$\d/.test(s.text))).toBe(true);
    expect(sentences.some((s) => s.intent === 'timeline' && /\b(Q[1-4]|January|February|March|April|May|June|July|August|September|October|November|December)\b/.test(s.text))).toBe(true);
    expect(sentences.some((s) => s.intent === 'competitors' && store.data.competitors.some((c) => s.text.includes(c)))).toBe(true);
    const accountNames = store.data.accounts.map((a) => a.name);
    expect(sentences.some((s) => accountNames.some((n) => s.text.includes(n)))).toBe(true);
  });

  it('keeps the intent of a sentence split across turns, with the other side speaking in between', () => {
    let splits = 0;
    const wrong: string[] = [];
    for (const { call, truth } of truths) {
      const groups = new Map<number, number[]>();
      truth.sentences.forEach((s, i) => {
        if (s.split !== undefined) groups.set(s.split, [...(groups.get(s.split) ?? []), i]);
      });
      for (const [n, at] of groups) {
        splits++;
        const [first, second] = at.map((i) => truth.sentences[i]);
        if (at.length !== 2) wrong.push(`${call.id} split ${n}: ${at.length} parts`);
        else if (first.intent !== second.intent || first.speakerId !== second.speakerId) wrong.push(`${call.id} split ${n}: intents ${first.intent}/${second.intent}`);
        else if (!truth.sentences.slice(at[0] + 1, at[1]).some((s) => s.speakerId !== first.speakerId)) wrong.push(`${call.id} split ${n}: nobody in between`);
        else if (!first.text.endsWith('...')) wrong.push(`${call.id} split ${n}: "${first.text}"`);
      }
    }
    expect(wrong).toEqual([]);
    expect(splits).toBeGreaterThan(calls.length);
  });

  it('keeps Gong’s trackers meaningful: their phrases are said where the intent is', () => {
    const intentOfTracker: Record<string, string> = { Pricing: 'pricing', Security: 'security', Competitors: 'competitors', 'Decision Process': 'decision-makers', Timeline: 'timeline' };
    const hits = new Map<string, { on: number; all: number }>();
    for (const { call, truth } of truths.slice(0, 120)) {
      const intentAt = new Map(truth.sentences.map((s) => [`${s.start / 1000}|${s.speakerId}`, s.intent]));
      for (const tracker of content.analysis(call).trackers) {
        const intent = intentOfTracker[tracker.name];
        if (!intent) continue;
        const h = hits.get(tracker.name) ?? { on: 0, all: 0 };
        for (const o of tracker.occurrences) {
          h.all++;
          if (intentAt.get(`${o.startTime}|${o.speakerId}`) === intent) h.on++;
        }
        hits.set(tracker.name, h);
      }
    }
    for (const name of Object.keys(intentOfTracker)) {
      const h = hits.get(name) ?? { on: 0, all: 0 };
      expect({ name, fired: h.all > 20, mostlyOnIntent: h.on / Math.max(1, h.all) >= 0.75 }).toEqual({ name, fired: true, mostlyOnIntent: true });
    }
  });

  it('is served by /__sim and GongSim only: the Gong transcript carries no intent', () => {
    const json = content.transcriptJson(calls[0]);
    expect(json).not.toMatch(/intent|"side"|"split"/);
  });
});
