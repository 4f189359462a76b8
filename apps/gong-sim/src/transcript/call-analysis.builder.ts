import type { Call, Tracker } from '../company/company.model.js';
import { SeededRandom } from '../company/seeded.random.js';
import type { TranscriptMonologue } from './transcript.generator.js';

export interface TrackerOccurrence {
  startTime: number;
  speakerId: string;
}

export interface TrackerHit {
  id: string;
  name: string;
  type: 'KEYWORD' | 'SMART';
  count: number;
  occurrences: TrackerOccurrence[];
  phrases: Array<{ phrase: string; count: number; occurrences: TrackerOccurrence[] }>;
}

export interface CallAnalysis {
  trackers: TrackerHit[];
  topics: Array<{ name: string; duration: number }>;
  structure: Array<{ name: string; duration: number }>;
  brief: string;
  outline: Array<{ section: string; startTime: number; duration: number; items: Array<{ text: string; startTime: number }> }>;
  highlights: Array<{ title: string; items: Array<{ text: string; startTimes: number[] }> }>;
  keyPoints: Array<{ text: string }>;
  speakers: Array<{ id: string; userId: string; talkTime: number }>;
  interactionStats: Array<{ name: string; value: number }>;
  video: Array<{ name: string; duration: number }>;
  questions: { companyCount: number; nonCompanyCount: number };
}

interface CompiledPhrase {
  phrase: string;
  pattern: RegExp;
}

/**
 * Derives what Gong computes after a call (trackers, topics, outline, highlights, talk stats) from
 * the generated transcript, so every tracker phrase reported is really in the text.
 */
export class CallAnalysisBuilder {
  private readonly compiled = new WeakMap<Tracker, CompiledPhrase[]>();

  build(call: Call, monologues: TranscriptMonologue[], trackers: Tracker[], smartTrackerId: string, accountName: string): CallAnalysis {
    const userBySpeaker = new Map<string, string>();
    for (const p of call.parties) if (p.speakerId && p.userId) userBySpeaker.set(p.speakerId, p.userId);

    const hits: TrackerHit[] = [];
    for (const tracker of trackers) {
      const phrases = this.phrasesOf(tracker);
      const hit: TrackerHit = { id: tracker.id, name: tracker.name, type: 'KEYWORD', count: 0, occurrences: [], phrases: [] };
      const byPhrase = new Map<string, { phrase: string; count: number; occurrences: TrackerOccurrence[] }>();
      for (const mono of monologues) {
        if (tracker.affiliation === 'Company' && !mono.internal) continue;
        if (tracker.affiliation === 'NonCompany' && mono.internal) continue;
        for (const s of mono.sentences) {
          for (const p of phrases) {
            p.pattern.lastIndex = 0;
            let m: RegExpExecArray | null;
            while ((m = p.pattern.exec(s.text)) !== null) {
              const occ = { startTime: s.start / 1000, speakerId: mono.speakerId };
              hit.count++;
              hit.occurrences.push(occ);
              let entry = byPhrase.get(p.phrase);
              if (!entry) byPhrase.set(p.phrase, (entry = { phrase: p.phrase, count: 0, occurrences: [] }));
              entry.count++;
              entry.occurrences.push(occ);
              if (m[0].length === 0) p.pattern.lastIndex++;
            }
          }
        }
      }
      hit.phrases = [...byPhrase.values()];
      hits.push(hit);
    }
    const objections: TrackerHit = { id: smartTrackerId, name: 'Objections', type: 'SMART', count: 0, occurrences: [], phrases: [] };
    for (const mono of monologues) {
      for (const s of mono.sentences) {
        if (!s.objection) continue;
        objections.count++;
        objections.occurrences.push({ startTime: s.start / 1000, speakerId: mono.speakerId });
      }
    }
    hits.push(objections);

    // Topics and structure: contiguous runs of monologues on one topic.
    const topicDur = new Map<string, number>();
    const runs: Array<{ name: string; start: number; end: number; monos: TranscriptMonologue[] }> = [];
    for (const mono of monologues) {
      const first = mono.sentences[0];
      const last = mono.sentences[mono.sentences.length - 1];
      if (!first) continue;
      const name = mono.topic ?? 'Call Setup';
      if (mono.topic) topicDur.set(mono.topic, (topicDur.get(mono.topic) ?? 0) + (last.end - first.start));
      const run = runs[runs.length - 1];
      if (run && run.name === name) {
        run.end = last.end;
        run.monos.push(mono);
      } else runs.push({ name, start: first.start, end: last.end, monos: [mono] });
    }
    const topics = [...topicDur.entries()].map(([name, ms]) => ({ name, duration: Math.round(ms / 1000) }));
    const structureMap = new Map<string, number>();
    for (const r of runs) structureMap.set(r.name, (structureMap.get(r.name) ?? 0) + Math.round((r.end - r.start) / 1000));
    const structure = [...structureMap.entries()].map(([name, duration]) => ({ name, duration }));

    const outline = runs
      .filter((r) => r.end - r.start >= 20_000)
      .map((r) => ({
        section: r.name,
        startTime: r.start / 1000,
        duration: (r.end - r.start) / 1000,
        items: r.monos.slice(0, 3).map((m) => ({ text: m.sentences[0].text, startTime: m.sentences[0].start / 1000 })),
      }));

    const pick = (pred: (m: TranscriptMonologue) => boolean, sentencePred: (text: string) => boolean, limit: number) => {
      const items: Array<{ text: string; startTimes: number[] }> = [];
      for (const m of monologues) {
        if (!pred(m)) continue;
        for (const s of m.sentences) {
          if (!sentencePred(s.text)) continue;
          const existing = items.find((i) => i.text === s.text);
          if (existing) existing.startTimes.push(s.start / 1000);
          else if (items.length < limit) items.push({ text: s.text, startTimes: [s.start / 1000] });
        }
      }
      return items;
    };
    const highlights: CallAnalysis['highlights'] = [];
    const nextSteps = pick((m) => m.topic === 'Next Steps', (t) => /next steps|follow up|send over|calendar invite|\bI will\b/i.test(t), 4);
    if (nextSteps.length) highlights.push({ title: 'Next steps', items: nextSteps });
    const objectionItems = pick(() => true, (t) => monologues.some((m) => m.sentences.some((s) => s.text === t && s.objection)), 4);
    if (objectionItems.length) highlights.push({ title: 'Objections', items: objectionItems });
    const pains = pick((m) => m.topic === 'Discovery' && !m.internal, () => true, 3);
    if (pains.length) highlights.push({ title: 'Pain points', items: pains });

    const rng = SeededRandom.derive(call.seedKey, 'analysis');
    const topicNames = topics.map((t) => t.name.toLowerCase());
    const competitorHit = hits.find((h) => h.name === 'Competitors' && h.count > 0);
    const brief = [
      `${phaseLabel(call.phase)} with ${accountName}.`,
      topicNames.length ? `The conversation covered ${topicNames.slice(0, 4).join(', ')}.` : '',
      competitorHit ? `${call.competitor} came up as an alternative under evaluation.` : '',
      objections.count ? `The customer raised ${objections.count} objection${objections.count === 1 ? '' : 's'}.` : '',
      nextSteps.length ? `Next steps were agreed before the end of the call.` : 'No firm next steps were set.',
    ]
      .filter(Boolean)
      .join(' ');
    const keyPoints = [
      ...pains.slice(0, 2).map((p) => ({ text: p.text })),
      ...objectionItems.slice(0, 1).map((p) => ({ text: `Objection: ${p.text}` })),
      ...nextSteps.slice(0, 1).map((p) => ({ text: `Next step: ${p.text}` })),
    ];

    // Talk time per speaker, talk ratio, longest monologues, questions.
    const talk = new Map<string, number>();
    let internalTalk = 0;
    let totalTalk = 0;
    let longestInternal = 0;
    let longestExternal = 0;
    let companyQuestions = 0;
    let otherQuestions = 0;
    let prevEnd = -1;
    let pauses = 0;
    let pauseTotal = 0;
    for (const m of monologues) {
      let monoTalk = 0;
      for (const s of m.sentences) {
        monoTalk += s.end - s.start;
        if (s.text.endsWith('?')) {
          if (m.internal) companyQuestions++;
          else otherQuestions++;
        }
      }
      const first = m.sentences[0];
      const last = m.sentences[m.sentences.length - 1];
      const span = last.end - first.start;
      if (m.internal) longestInternal = Math.max(longestInternal, span);
      else longestExternal = Math.max(longestExternal, span);
      if (prevEnd >= 0 && first.start > prevEnd) {
        pauses++;
        pauseTotal += first.start - prevEnd;
      }
      prevEnd = last.end;
      talk.set(m.speakerId, (talk.get(m.speakerId) ?? 0) + monoTalk);
      totalTalk += monoTalk;
      if (m.internal) internalTalk += monoTalk;
    }
    const speakers: CallAnalysis['speakers'] = [];
    for (const [speakerId, ms] of talk) {
      const userId = userBySpeaker.get(speakerId);
      // Gong lists company speakers here; parties[] is the full roster.
      if (userId) speakers.push({ id: speakerId, userId, talkTime: Math.round(ms / 100) / 10 });
    }
    const interactionStats = [
      { name: 'Talk Ratio', value: totalTalk ? Math.round((internalTalk / totalTalk) * 100) : 0 },
      { name: 'Longest Monologue', value: Math.round(longestInternal / 1000) },
      { name: 'Longest Customer Story', value: Math.round(longestExternal / 1000) },
      { name: 'Interactivity', value: Math.round((monologues.length / Math.max(1, call.duration / 60)) * 10) / 10 },
      { name: 'Patience', value: pauses ? Math.round(pauseTotal / pauses / 10) / 100 : 0 },
    ];
    const video: CallAnalysis['video'] = [];
    if (call.media === 'Video') {
      const d = call.duration;
      const presentation = Math.round(d * (0.2 + rng.next() * 0.4));
      video.push({ name: 'Browser', duration: Math.round(d * 0.1) });
      video.push({ name: 'Presentation', duration: presentation });
      video.push({ name: 'WebcamPrimaryUser', duration: Math.round((d - presentation) * 0.6) });
      if (call.scope === 'External') video.push({ name: 'WebcamNonCompany', duration: Math.round((d - presentation) * 0.3) });
    }
    return {
      trackers: hits,
      topics,
      structure,
      brief,
      outline,
      highlights,
      keyPoints,
      speakers,
      interactionStats,
      video,
      questions: { companyCount: companyQuestions, nonCompanyCount: otherQuestions },
    };
  }

  private phrasesOf(tracker: Tracker): CompiledPhrase[] {
    let c = this.compiled.get(tracker);
    if (!c) {
      c = tracker.keywords.map((phrase) => ({
        phrase,
        pattern: new RegExp(`(?<![\\w-])${phrase.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\w-])`, 'gi'),
      }));
      this.compiled.set(tracker, c);
    }
    return c;
  }
}

function phaseLabel(phase: Call['phase']): string {
  switch (phase) {
    case 'discovery':
      return 'Discovery call';
    case 'demo':
      return 'Product demo';
    case 'pricing':
      return 'Commercial negotiation';
    case 'security':
      return 'Security review';
    case 'follow-up':
      return 'Follow-up meeting';
    case 'internal':
      return 'Internal deal review';
  }
}
