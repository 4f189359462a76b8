import type { Chunk } from '@gong-connector/chunking';
import type { CallTranscriptTruth, QuestionIntent, TranscriptTruthSentence } from '@gong-connector/testing/gong-sim';

/**
 * The benchmark's judging, and the only code that reads gong-sim's ground truth: each indexed
 * passage (chunk) is judged by the intents and sides of the generated sentences it holds. The
 * search index and the agent API never see any of this.
 *
 * Grades of a passage for a question (intent I, wanted side W):
 * - 0: no sentence of intent I;
 * - 1: sentences of intent I, but only from the other side than W;
 * - 2: a sentence of intent I from side W (either side when W is `any`);
 * - 3: as 2, and the passage is mostly about I (at least two such sentences, or half of its sentences).
 * Customer-side evidence: the passage holds a customer-side sentence of intent I.
 */
export interface JudgedPassage {
  chunkId: string;
  callId: string;
  accountIds: readonly string[];
  /** Sentence count per intent and side. */
  counts: ReadonlyMap<string, number>;
  sentences: number;
}

export type WantedSide = 'customer' | 'any';

export class RelevanceJudge {
  private readonly passages = new Map<string, JudgedPassage>();

  /** Judges the chunks of one call against the call's truth (sentences matched by start time). */
  addCall(chunks: readonly Chunk[], truth: CallTranscriptTruth): void {
    const byStart = new Map<number, TranscriptTruthSentence>();
    for (const s of truth.sentences) byStart.set(s.start, s);
    for (const chunk of chunks) {
      const counts = new Map<string, number>();
      let matched = 0;
      for (const s of chunk.sentences) {
        const t = byStart.get(s.startMs);
        if (!t) continue;
        matched++;
        const key = `${t.intent}|${t.side}`;
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
      if (matched !== chunk.sentences.length) throw new Error(`chunk ${chunk.id}: ${chunk.sentences.length - matched} sentences without ground truth`);
      this.passages.set(chunk.id, { chunkId: chunk.id, callId: chunk.callId, accountIds: chunk.call.accountIds, counts, sentences: matched });
    }
  }

  passage(chunkId: string): JudgedPassage | undefined {
    return this.passages.get(chunkId);
  }

  all(): IterableIterator<JudgedPassage> {
    return this.passages.values();
  }

  grade(chunkId: string, intent: QuestionIntent, side: WantedSide): number {
    const p = this.passages.get(chunkId);
    if (!p) return 0;
    const customer = p.counts.get(`${intent}|customer`) ?? 0;
    const company = p.counts.get(`${intent}|company`) ?? 0;
    const wanted = side === 'customer' ? customer : customer + company;
    if (customer + company === 0) return 0;
    if (wanted === 0) return 1;
    return wanted >= 2 || wanted * 2 >= p.sentences ? 3 : 2;
  }

  isCustomerEvidence(chunkId: string, intent: QuestionIntent): boolean {
    return (this.passages.get(chunkId)?.counts.get(`${intent}|customer`) ?? 0) > 0;
  }
}

/** nDCG@k with gains 2^grade - 1; the ideal ranking is over every judged passage in scope. */
export function ndcgAt(k: number, rankedGrades: readonly number[], poolGrades: readonly number[]): number {
  const dcg = (grades: readonly number[]) => grades.slice(0, k).reduce((sum, g, i) => sum + (2 ** g - 1) / Math.log2(i + 2), 0);
  const ideal = dcg([...poolGrades].sort((a, b) => b - a));
  return ideal === 0 ? 0 : dcg(rankedGrades) / ideal;
}

const FILLER = new Set(['um', 'uh', 'you', 'know', 'like', 'so', 'yeah', 'okay', 'right', 'i', 'mean', 'look', 'honestly', 'and']);

function words(text: string): Set<string> {
  return new Set(
    text
      .toLowerCase()
      .replace(/[^a-z0-9$ ]+/g, ' ')
      .split(' ')
      .filter((w) => w !== '' && !FILLER.has(w)),
  );
}

/**
 * Passages of one result page that nearly repeat an earlier one on the page (word-set Jaccard
 * >= 0.8 after dropping filler words): what an agent reads twice.
 */
export function nearDuplicates(texts: readonly string[], threshold = 0.8): number {
  const seen: Set<string>[] = [];
  let dups = 0;
  for (const text of texts) {
    const w = words(text);
    const dup = seen.some((s) => {
      let inter = 0;
      for (const x of w) if (s.has(x)) inter++;
      const union = w.size + s.size - inter;
      return union > 0 && inter / union >= threshold;
    });
    if (dup) dups++;
    seen.push(w);
  }
  return dups;
}
