import { SeededRandom } from '../company/seeded.random.js';
import type { CallPhase } from '../company/company.model.js';
import { SalesScriptData, SentenceOpeners, type ScriptSegment } from './sales-script.data.js';

export interface TranscriptSentence {
  /** Milliseconds from the start of the call. */
  start: number;
  end: number;
  text: string;
  objection: boolean;
}

export interface TranscriptMonologue {
  speakerId: string;
  topic?: string;
  /** True for the speaker's side of the company ('Internal' parties). */
  internal: boolean;
  sentences: TranscriptSentence[];
}

export interface TranscriptSpeaker {
  speakerId: string;
  firstName: string;
  internal: boolean;
  /** A solutions engineer gets the long demo monologues when present. */
  technical?: boolean;
}

export interface TranscriptRequest {
  seedKey: string;
  phase: CallPhase;
  /** Seconds. */
  duration: number;
  started: number;
  speakers: TranscriptSpeaker[];
  accountName: string;
  companyName: string;
  product: string;
  industry: string;
  competitor: string;
}

interface Turn {
  speaker: TranscriptSpeaker;
  topic?: string;
  texts: Array<{ text: string; objection: boolean }>;
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** Which segments a call of each phase loops over between its opening and its closing. */
const PHASE_PLAN: Record<CallPhase, { middle: Array<[string, number]>; longDemo: boolean; closing: string[] }> = {
  discovery: { middle: [['discovery', 6], ['competition', 1], ['timeline', 1]], longDemo: false, closing: ['timeline', 'nextSteps'] },
  demo: { middle: [['discovery', 2], ['demoQuestions', 3], ['competition', 1]], longDemo: true, closing: ['nextSteps'] },
  pricing: { middle: [['pricing', 5], ['competition', 2], ['legal', 1], ['discovery', 1]], longDemo: false, closing: ['timeline', 'nextSteps'] },
  security: { middle: [['security', 6], ['legal', 2], ['discovery', 1]], longDemo: false, closing: ['timeline', 'nextSteps'] },
  'follow-up': { middle: [['discovery', 4], ['timeline', 2], ['pricing', 1], ['competition', 1]], longDemo: false, closing: ['nextSteps'] },
  internal: { middle: [['internal', 1]], longDemo: false, closing: ['nextSteps'] },
};

/**
 * Generates a call's transcript from its seed: monologues of sales-call talk whose sentence
 * timings fill the call's duration. Pure and deterministic: the same request gives the same text.
 */
export class TranscriptGenerator {
  generate(req: TranscriptRequest): TranscriptMonologue[] {
    const rng = SeededRandom.derive(req.seedKey, 'transcript');
    const sellers = req.speakers.filter((s) => s.internal);
    const buyers = req.speakers.filter((s) => !s.internal);
    if (req.speakers.length === 0) return [];
    const sellerPool = sellers.length > 0 ? sellers : req.speakers;
    const buyerPool = buyers.length > 0 ? buyers : sellerPool;
    const host = sellerPool[0];
    const presenter = sellerPool.find((s) => s.technical) ?? host;
    const seats = rng.int(2, 40) * 10;
    const vars: Record<string, string> = {
      account: req.accountName,
      company: req.companyName,
      product: req.product,
      competitor: req.competitor,
      rep: host.firstName,
      buyer: buyerPool[0].firstName,
      seats: String(seats),
      amount: `$${groupThousands(seats * rng.pick([900, 1100, 1200, 1450]))}`,
      discount: String(rng.pick([8, 10, 12, 15, 20])),
      month: MONTHS[(new Date(req.started).getUTCMonth() + 1) % 12],
      weeks: String(rng.int(4, 16)),
      industry: req.industry.toLowerCase(),
    };
    const fill = (template: string): { text: string; objection: boolean } => {
      const objection = template.startsWith('!');
      let text = (objection ? template.slice(1) : template).replace(/\{(\w+)\}/g, (_, k: string) => vars[k] ?? k);
      if (!template.startsWith('{') && rng.chance(0.12) && /^[A-Z][a-z]/.test(text) && !/^(I|And|So|Okay|Right|Yeah|Thanks|Hi|Great|Got|That|Sounds)\b/.test(text)) {
        text = rng.pick(SentenceOpeners) + text[0].toLowerCase() + text.slice(1);
      }
      return { text, objection };
    };
    // Avoid saying the same line again within the last few sentences.
    const recent: string[] = [];
    const lines = (pool: readonly string[], min: number, max: number) => {
      const fresh = pool.filter((p) => !recent.includes(p));
      const picked = rng.sample(fresh.length >= max ? fresh : pool, rng.int(min, max));
      for (const p of picked) {
        recent.push(p);
        if (recent.length > 12) recent.shift();
      }
      return picked.map(fill);
    };

    const isInternalCall = req.phase === 'internal' || buyers.length === 0;
    // About 140 words a minute of speech, with some silence.
    const budget = Math.max(40, Math.round(req.duration * (rng.int(220, 260) / 100) * 0.9));
    const turns: Turn[] = [];
    let words = 0;
    const push = (speaker: TranscriptSpeaker, seg: ScriptSegment, texts: Array<{ text: string; objection: boolean }>) => {
      if (texts.length === 0) return;
      turns.push({ speaker, topic: seg.topic, texts });
      for (const t of texts) words += countWords(t.text);
    };
    const dialog = (name: string) => {
      const seg = segmentFor(name);
      if (isInternalCall) {
        push(rng.pick(sellerPool), SalesScriptData.internal, lines(SalesScriptData.internal.seller, 1, 4));
        return;
      }
      push(name === 'security' || name === 'demoQuestions' ? presenter : host, seg, lines(seg.seller, 1, 2));
      push(rng.pick(buyerPool), seg, lines(seg.buyer, 1, 4));
      if (rng.chance(0.35)) push(host, seg, lines(seg.seller, 1, 1));
    };

    // Opening.
    if (isInternalCall) {
      push(host, { seller: [], buyer: [] }, [fill("Okay, let's get started, we have a lot to cover.")]);
    } else {
      const open = SalesScriptData.opening;
      push(host, open, lines(open.seller.slice(0, 3), 1, 2));
      push(rng.pick(buyerPool), open, lines(open.buyer, 1, 2));
      push(host, open, lines(open.seller.slice(3), 1, 3));
      push(rng.pick(buyerPool), open, lines(open.buyer.slice(3), 1, 1));
    }
    const plan = PHASE_PLAN[isInternalCall ? 'internal' : req.phase];
    const closingBudget = Math.min(budget * 0.15, 90);
    if (plan.longDemo && !isInternalCall) {
      dialog('discovery');
      // One long walkthrough: the monologue a chunker has to split (well over 400 tokens).
      const demo = SalesScriptData.demo;
      const count = Math.min(demo.seller.length, rng.int(18, 24));
      const texts = [...rng.sample(demo.seller, count), ...rng.sample(demo.seller, rng.int(4, 10))].map(fill);
      push(presenter, demo, texts);
    }
    while (words < budget - closingBudget) {
      dialog(rng.weighted(plan.middle));
    }
    for (const name of plan.closing) dialog(name);

    return this.time(rng, merge(turns), req.duration);
  }

  /** Lays the sentences on the call's timeline so the last one ends inside the duration. */
  private time(rng: SeededRandom, turns: Turn[], durationS: number): TranscriptMonologue[] {
    const raw: Array<{ turn: Turn; gaps: number[]; lengths: number[] }> = [];
    let total = 0;
    for (const turn of turns) {
      const gaps: number[] = [];
      const lengths: number[] = [];
      for (let i = 0; i < turn.texts.length; i++) {
        const gap = i === 0 ? rng.int(250, 1400) : rng.int(120, 450);
        const length = countWords(turn.texts[i].text) * rng.int(330, 420) + 250;
        gaps.push(gap);
        lengths.push(length);
        total += gap + length;
      }
      raw.push({ turn, gaps, lengths });
    }
    const durationMs = durationS * 1000;
    const lead = Math.min(rng.int(1500, 6000), durationMs * 0.05);
    const tail = Math.min(rng.int(1000, 8000), durationMs * 0.05);
    const scale = Math.max(1, durationMs - lead - tail) / Math.max(1, total);
    let t = lead;
    const out: TranscriptMonologue[] = [];
    for (const { turn, gaps, lengths } of raw) {
      const sentences: TranscriptSentence[] = [];
      for (let i = 0; i < turn.texts.length; i++) {
        t += gaps[i] * scale;
        const start = Math.round(t);
        t += lengths[i] * scale;
        const end = Math.max(start + 1, Math.min(Math.round(t), durationMs));
        sentences.push({ start, end, text: turn.texts[i].text, objection: turn.texts[i].objection });
      }
      const mono: TranscriptMonologue = { speakerId: turn.speaker.speakerId, internal: turn.speaker.internal, sentences };
      if (turn.topic !== undefined) mono.topic = turn.topic;
      out.push(mono);
    }
    return out;
  }
}

function segmentFor(name: string): ScriptSegment {
  if (name === 'demoQuestions') {
    const demo = SalesScriptData.demo;
    return { topic: demo.topic, seller: demo.seller, buyer: demo.buyer };
  }
  const seg = SalesScriptData[name];
  if (!seg) throw new Error(`unknown script segment ${name}`);
  return seg;
}

/** Consecutive turns of one speaker on one topic are one monologue. */
function merge(turns: Turn[]): Turn[] {
  const out: Turn[] = [];
  for (const turn of turns) {
    const last = out[out.length - 1];
    if (last && last.speaker.speakerId === turn.speaker.speakerId && last.topic === turn.topic) last.texts.push(...turn.texts);
    else out.push({ ...turn, texts: [...turn.texts] });
  }
  return out;
}

export function countWords(text: string): number {
  let n = 1;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 32) n++;
  return n;
}

function groupThousands(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
