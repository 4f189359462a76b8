import { describe, expect, it } from '@jest/globals';
import { encode } from 'gpt-tokenizer';
import { CompanyGenerator } from '../company/company.generator.js';
import { CompanyStore } from '../company/company.store.js';
import { CallContentService } from './call-content.service.js';

const store = new CompanyStore(
  new CompanyGenerator().generate({
    seed: 'transcript-spec',
    sizes: { users: 40, accounts: 30, calls: 300, days: 30, workspaces: 2 },
    anchor: Date.UTC(2026, 0, 1),
    timeZone: 'America/Los_Angeles',
  }),
);
const content = new CallContentService(store, 1000);
const calls = store.data.calls;

describe('TranscriptGenerator (through CallContentService)', () => {
  it('lays sentences in order, inside the call duration', () => {
    const problems: string[] = [];
    for (const call of calls) {
      const t = content.transcript(call);
      if (t.length === 0) problems.push(`${call.id}: empty`);
      let last = 0;
      for (const m of t)
        for (const s of m.sentences) {
          if (!Number.isInteger(s.start) || !Number.isInteger(s.end)) problems.push(`${call.id}: fractional ms`);
          if (s.start < last || s.end <= s.start) problems.push(`${call.id}: out of order at ${s.start}`);
          last = s.end;
        }
      if (last > call.duration * 1000) problems.push(`${call.id}: ends after the call`);
      // It fills the call, rather than a minute of a one-hour meeting.
      if (last < call.duration * 1000 * 0.8) problems.push(`${call.id}: ends at ${last} of ${call.duration * 1000}`);
    }
    expect(problems).toEqual([]);
  });

  it('uses only the speaker ids of parties who spoke', () => {
    const problems: string[] = [];
    for (const call of calls) {
      const speakerIds = new Set(call.parties.filter((p) => p.speakerId).map((p) => p.speakerId));
      for (const m of content.transcript(call)) if (!speakerIds.has(m.speakerId)) problems.push(`${call.id}: ${m.speakerId}`);
    }
    expect(problems).toEqual([]);
  });

  it('alternates speakers: no call is one speaker talking throughout', () => {
    const monotone = calls.filter((c) => new Set(content.transcript(c).map((m) => m.speakerId)).size < 2).map((c) => c.id);
    expect(monotone).toEqual([]);
  });

  it('reads like a sales call and is deterministic', () => {
    const demo = calls.find((c) => c.phase === 'demo' && c.scope === 'External')!;
    const text = content.transcript(demo).flatMap((m) => m.sentences.map((s) => s.text)).join(' ');
    expect(text).toMatch(/demo|screen|dashboard/i);
    const fresh = new CallContentService(store);
    expect(JSON.stringify(fresh.transcript(demo))).toBe(JSON.stringify(content.transcript(demo)));
    const pricing = calls.find((c) => c.phase === 'pricing' && c.scope === 'External')!;
    const pricingText = content.transcript(pricing).flatMap((m) => m.sentences.map((s) => s.text)).join(' ');
    expect(pricingText).toMatch(/pric|budget|discount/i);
  });

  it('has monologues long enough to need splitting (over 400 tokens)', () => {
    const texts = calls
      .filter((c) => c.phase === 'demo')
      .flatMap((c) => content.transcript(c).map((m) => m.sentences.map((s) => s.text).join(' ')));
    const longest = texts.reduce((a, b) => (b.length > a.length ? b : a), '');
    expect(encode(longest).length).toBeGreaterThan(400);
  });

  it('reports tracker phrases that are really in the text, at the right time and speaker', () => {
    let seen = 0;
    const problems: string[] = [];
    for (const call of calls.slice(0, 120)) {
      const sentencesAt = new Map<string, string[]>();
      for (const m of content.transcript(call))
        for (const s of m.sentences) {
          const key = `${s.start / 1000}|${m.speakerId}`;
          sentencesAt.set(key, [...(sentencesAt.get(key) ?? []), s.text]);
        }
      for (const tracker of content.analysis(call).trackers.filter((t) => t.type === 'KEYWORD')) {
        if (tracker.count !== tracker.occurrences.length) problems.push(`${call.id} ${tracker.name}: count`);
        if (tracker.phrases.reduce((n, p) => n + p.count, 0) !== tracker.count) problems.push(`${call.id} ${tracker.name}: phrase counts`);
        for (const phrase of tracker.phrases)
          for (const occ of phrase.occurrences) {
            const texts = sentencesAt.get(`${occ.startTime}|${occ.speakerId}`) ?? [];
            if (!texts.some((t) => t.toLowerCase().includes(phrase.phrase.toLowerCase()))) problems.push(`${call.id}: "${phrase.phrase}" not at ${occ.startTime}`);
            seen++;
          }
      }
    }
    expect(problems).toEqual([]);
    expect(seen).toBeGreaterThan(50);
  });

  it('derives topics whose labels are the monologue topics', () => {
    for (const call of calls.slice(0, 50)) {
      const labels = new Set(content.transcript(call).map((m) => m.topic).filter(Boolean));
      for (const topic of content.analysis(call).topics) expect(labels.has(topic.name)).toBe(true);
    }
  });
});
