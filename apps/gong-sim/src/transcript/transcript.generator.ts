import { SeededRandom } from '../company/seeded.random.js';
import type { CallPhase } from '../company/company.model.js';
import { PhraseExpander } from './phrase.expander.js';
import {
  Backchannels,
  CustomerTools,
  ExecTitles,
  MidFillers,
  SalesScriptData,
  SentenceOpeners,
  Weekdays,
  type ScriptLine,
  type ScriptSegment,
} from './sales-script.data.js';
import type { SentenceIntent } from './sentence-intent.model.js';

export interface TranscriptSentence {
  /** Milliseconds from the start of the call. */
  start: number;
  end: number;
  text: string;
  objection: boolean;
  /** Ground truth: what the sentence is about (never served by the Gong API). */
  intent: SentenceIntent;
  /** Ground truth: both halves of a sentence said in two turns share this number. */
  split?: number;
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
  /** The company's competitors (a second one may come up); defaults to [competitor]. */
  competitors?: readonly string[];
  /** First names to draw the customer's executive from (someone not on the call). */
  firstNames?: readonly string[];
  /** A seeded deal's knobs (see DealCallScript); absent: the default script. */
  script?: { buyerLines: number; sellerLines: number; extra: ReadonlyArray<readonly [string, number]>; nextSteps: boolean; objectionRate: number };
}

interface Line {
  text: string;
  objection: boolean;
  intent: SentenceIntent;
  split?: number;
}

interface Turn {
  speaker: TranscriptSpeaker;
  topic?: string;
  texts: Line[];
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const ORDINALS = ['1st', '2nd', '3rd', '5th', '10th', '12th', '15th', '20th', '28th', '30th'];

/** Which segments a call of each phase loops over between its opening and its closing. */
const PHASE_PLAN: Record<CallPhase, { middle: Array<[string, number]>; longDemo: boolean; closing: string[] }> = {
  discovery: { middle: [['discovery', 6], ['competition', 1], ['timeline', 1], ['decision', 1], ['smallTalk', 0.5]], longDemo: false, closing: ['timeline', 'nextSteps'] },
  demo: { middle: [['discovery', 2], ['demoQuestions', 3], ['competition', 1], ['smallTalk', 0.3]], longDemo: true, closing: ['nextSteps'] },
  pricing: { middle: [['pricing', 5], ['competition', 2], ['legal', 1], ['discovery', 1], ['decision', 1], ['churn', 0.4]], longDemo: false, closing: ['timeline', 'nextSteps'] },
  security: { middle: [['security', 6], ['legal', 2], ['discovery', 1], ['decision', 0.5]], longDemo: false, closing: ['timeline', 'nextSteps'] },
  'follow-up': { middle: [['discovery', 3], ['timeline', 2], ['pricing', 1], ['competition', 1], ['churn', 2], ['decision', 1], ['smallTalk', 0.5]], longDemo: false, closing: ['nextSteps'] },
  internal: { middle: [['internal', 1]], longDemo: false, closing: ['nextSteps'] },
};

/**
 * Generates a call's transcript from its seed: monologues of sales-call talk whose sentence
 * timings fill the call's duration, each sentence labelled with its intent (the ground truth of
 * relevance benchmarks). Pure and deterministic: the same request gives the same text.
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
    const started = new Date(req.started);
    const otherCompetitors = (req.competitors ?? []).filter((c) => c !== req.competitor);
    const vars: Record<string, string> = {
      account: req.accountName,
      company: req.companyName,
      product: req.product,
      competitor: req.competitor,
      competitor2: otherCompetitors.length > 0 ? rng.pick(otherCompetitors) : req.competitor,
      rep: host.firstName,
      buyer: buyerPool[0].firstName,
      exec: req.firstNames && req.firstNames.length > 0 ? rng.pick(req.firstNames) : 'our VP',
      execTitle: rng.pick(ExecTitles),
      seats: String(seats),
      users: String(Math.max(3, Math.round(seats * (rng.int(15, 45) / 100)))),
      amount: `$${groupThousands(seats * rng.pick([900, 1100, 1200, 1450]))}`,
      discount: String(rng.pick([8, 10, 12, 15, 20])),
      percent: String(rng.pick([10, 15, 20, 25, 30])),
      month: MONTHS[(started.getUTCMonth() + 1) % 12],
      renewalMonth: MONTHS[(started.getUTCMonth() + rng.int(1, 4)) % 12],
      day: `${MONTHS[(started.getUTCMonth() + rng.int(1, 2)) % 12]} ${rng.pick(ORDINALS)}`,
      quarter: `Q${((Math.floor(started.getUTCMonth() / 3) + 1) % 4) + 1}`,
      weekday: rng.pick(Weekdays),
      weeks: String(rng.int(4, 16)),
      industry: req.industry.toLowerCase(),
      tool: rng.pick(CustomerTools),
    };
    const varValues = Object.values(vars);
    let splits = 0;
    const fill = (line: ScriptLine, seg: ScriptSegment): Line[] => {
      const [intent, template] = typeof line === 'string' ? [seg.intent, line] : line;
      const phrase = PhraseExpander.expand(template, vars, rng);
      if (phrase.parts && rng.chance(0.45)) {
        const split = ++splits;
        return [
          { text: phrase.parts[0], objection: phrase.objection, intent, split },
          { text: phrase.parts[1], objection: false, intent, split },
        ];
      }
      let text = phrase.text;
      const firstWord = /^[^\s,']*/.exec(text)![0];
      const properNoun = varValues.some((v) => v.startsWith(firstWord));
      if (!properNoun && rng.chance(0.14) && /^[A-Z][a-z]/.test(text) && !/^(I|And|So|Okay|Right|Yeah|Thanks|Hi|Hey|Great|Got|That|Sounds|Um|Uh|Honestly|Look|Sorry|Ha|Haha)\b/.test(text)) {
        text = rng.pick(SentenceOpeners) + text[0].toLowerCase() + text.slice(1);
      } else if (rng.chance(0.1)) {
        const comma = text.indexOf(', ');
        if (comma > 0) text = `${text.slice(0, comma + 2)}${rng.pick(MidFillers)}${text.slice(comma + 2)}`;
      }
      return [{ text, objection: phrase.objection, intent }];
    };
    // Avoid saying the same line again within the last few sentences.
    const recent: ScriptLine[] = [];
    const lines = (seg: ScriptSegment, pool: readonly ScriptLine[], min: number, max: number): Line[] => {
      const fresh = pool.filter((p) => !recent.includes(p));
      const picked = rng.sample(fresh.length >= max ? fresh : pool, rng.int(min, max));
      for (const p of picked) {
        recent.push(p);
        if (recent.length > 12) recent.shift();
      }
      return picked.flatMap((p) => fill(p, seg));
    };

    const isInternalCall = req.phase === 'internal' || buyers.length === 0;
    // About 140 words a minute of speech, with some silence.
    const budget = Math.max(40, Math.round(req.duration * (rng.int(220, 260) / 100) * 0.9));
    const turns: Turn[] = [];
    let words = 0;
    const pushTurn = (speaker: TranscriptSpeaker, topic: string | undefined, texts: Line[]) => {
      if (texts.length === 0) return;
      turns.push({ speaker, topic, texts });
      for (const t of texts) words += countWords(t.text);
    };
    /** Says the lines; an interrupted sentence is finished after the other side's "mm-hmm". */
    const push = (speaker: TranscriptSpeaker, seg: ScriptSegment, texts: Line[]) => {
      let current: Line[] = [];
      for (const line of texts) {
        current.push(line);
        const interrupted = line.split !== undefined && texts.some((t) => t !== line && t.split === line.split);
        if (!interrupted || line !== texts.find((t) => t.split === line.split)) continue;
        const others = (speaker.internal ? buyerPool : sellerPool).filter((s) => s.speakerId !== speaker.speakerId);
        const listeners = others.length > 0 ? others : req.speakers.filter((s) => s.speakerId !== speaker.speakerId);
        if (listeners.length === 0) continue;
        pushTurn(speaker, seg.topic, current);
        pushTurn(rng.pick(listeners), seg.topic, [{ text: rng.pick(Backchannels), objection: false, intent: 'small-talk' }]);
        current = [];
      }
      pushTurn(speaker, seg.topic, current);
    };
    const dialog = (name: string) => {
      const seg = segmentFor(name);
      if (isInternalCall) {
        push(rng.pick(sellerPool), SalesScriptData.internal, lines(SalesScriptData.internal, SalesScriptData.internal.seller, 1, 4));
        return;
      }
      push(name === 'security' || name === 'demoQuestions' ? presenter : host, seg, lines(seg, seg.seller, 1, req.script?.sellerLines ?? 2));
      const script = req.script;
      // A deal's customer raises objections at its rate: otherwise this turn says no objection line.
      const buyerPoolLines = script && !rng.chance(script.objectionRate) ? seg.buyer.filter((l) => !(typeof l === 'string' ? l : l[1]).startsWith('!')) : seg.buyer;
      push(rng.pick(buyerPool), seg, lines(seg, buyerPoolLines.length ? buyerPoolLines : seg.buyer, 1, script?.buyerLines ?? 4));
      if (rng.chance(0.35)) push(host, seg, lines(seg, seg.seller, 1, 1));
    };

    // Opening.
    if (isInternalCall) {
      pushTurn(host, undefined, [{ text: "Okay, let's get started, we have a lot to cover.", objection: false, intent: 'small-talk' }]);
    } else {
      const open = SalesScriptData.opening;
      push(host, open, lines(open, open.seller.slice(0, 3), 1, 2));
      push(rng.pick(buyerPool), open, lines(open, open.buyer, 1, 2));
      push(host, open, lines(open, open.seller.slice(3), 1, 3));
      push(rng.pick(buyerPool), open, lines(open, open.buyer.slice(3), 1, 1));
    }
    const basePlan = PHASE_PLAN[isInternalCall ? 'internal' : req.phase];
    const plan = req.script && !isInternalCall
      ? {
          ...basePlan,
          // A deal's weights replace the phase's for the segments they name.
          middle: [
            ...basePlan.middle.filter(([n]) => !req.script!.extra.some(([m]) => m === n)),
            ...req.script.extra.filter(([, w]) => w > 0).map(([n, w]) => [n, w] as [string, number]),
          ],
          closing: req.script.nextSteps ? basePlan.closing : basePlan.closing.filter((c) => c !== 'nextSteps'),
        }
      : basePlan;
    const closingBudget = Math.min(budget * 0.15, 90);
    if (plan.longDemo && !isInternalCall) {
      dialog('discovery');
      // One long walkthrough: the monologue a chunker has to split (well over 400 tokens).
      const demo = SalesScriptData.demo;
      const count = Math.min(demo.seller.length, rng.int(18, 24));
      const texts = [...rng.sample(demo.seller, count), ...rng.sample(demo.seller, rng.int(4, 10))].flatMap((l) => fill(l, demo));
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
        const line = turn.texts[i];
        const sentence: TranscriptSentence = { start, end, text: line.text, objection: line.objection, intent: line.intent };
        if (line.split !== undefined) sentence.split = line.split;
        sentences.push(sentence);
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
    return { topic: demo.topic, intent: demo.intent, seller: demo.seller, buyer: demo.buyer };
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
