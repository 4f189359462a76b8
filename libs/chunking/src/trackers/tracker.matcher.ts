import type { ChunkTracker } from '../chunk/chunk.model.js';
import type { ChunkInputTracker } from '../input/chunk-input.schema.js';

interface Occurrence {
  /** ms from call start */
  atMs: number;
  speakerId: string | null;
  /** phrases reported for this occurrence (empty for a tracker-level one) */
  phrases: string[];
}

interface PreparedTracker {
  id: string;
  name: string;
  type: 'KEYWORD' | 'SMART' | null;
  /** distinct (time, speaker) occurrences, sorted by time */
  occurrences: Occurrence[];
  /** phrase patterns, only for trackers matched by text */
  patterns: { phrase: string; pattern: RegExp }[];
}

export interface TrackerSpan {
  startMs: number;
  endMs: number;
  speakerId: string | null;
}

/**
 * Finds the trackers that fired inside a chunk. Prepared once per call: occurrences (tracker-level
 * and per-phrase, Gong gives seconds) become sorted millisecond offsets, so each chunk costs a
 * binary search. An occurrence counts when it lies in the chunk's span (widened by `slackMs`) and
 * was said by the chunk's speaker (an occurrence without speakerId matches any speaker).
 *
 * Trackers with no occurrence data at all are matched by their phrases in the chunk body instead
 * (whole words, case-insensitive), unless `phraseMatching` is `never` or Gong counted 0 hits.
 */
export class TrackerMatcher {
  private readonly trackers: PreparedTracker[];
  private readonly slackMs: number;

  constructor(trackers: readonly ChunkInputTracker[], options: { slackMs: number; phraseMatching: 'fallback' | 'never' }) {
    this.slackMs = options.slackMs;
    this.trackers = trackers.map((t) => prepare(t, options.phraseMatching));
  }

  /** True when no tracker could ever match (lets the chunker skip the work). */
  get isEmpty(): boolean {
    return this.trackers.every((t) => t.occurrences.length === 0 && t.patterns.length === 0);
  }

  match(span: TrackerSpan, body: string): ChunkTracker[] {
    const out: ChunkTracker[] = [];
    const from = span.startMs - this.slackMs;
    const to = span.endMs + this.slackMs;
    for (const tracker of this.trackers) {
      if (tracker.occurrences.length > 0) {
        let count = 0;
        const phrases = new Set<string>();
        for (let i = lowerBound(tracker.occurrences, from); i < tracker.occurrences.length; i++) {
          const occurrence = tracker.occurrences[i];
          if (occurrence.atMs > to) break;
          if (occurrence.speakerId !== null && occurrence.speakerId !== span.speakerId) continue;
          count++;
          for (const phrase of occurrence.phrases) phrases.add(phrase);
        }
        if (count > 0) out.push(result(tracker, 'occurrence', count, phrases));
      } else if (tracker.patterns.length > 0) {
        const phrases = new Set<string>();
        for (const { phrase, pattern } of tracker.patterns) if (pattern.test(body)) phrases.add(phrase);
        if (phrases.size > 0) out.push(result(tracker, 'phrase', 0, phrases));
      }
    }
    return out;
  }
}

function result(tracker: PreparedTracker, matchedBy: 'occurrence' | 'phrase', count: number, phrases: Set<string>): ChunkTracker {
  return {
    id: tracker.id,
    name: tracker.name,
    type: tracker.type,
    matchedBy,
    occurrenceCount: count,
    phrases: [...phrases].sort(compareStrings),
  };
}

function prepare(tracker: ChunkInputTracker, phraseMatching: 'fallback' | 'never'): PreparedTracker {
  const byKey = new Map<string, Occurrence>();
  const add = (startTime: number, speakerId: string | null | undefined, phrase: string | null): void => {
    if (!Number.isFinite(startTime)) return;
    const atMs = Math.round(startTime * 1000);
    const speaker = speakerId ? speakerId : null;
    const key = `${atMs}|${speaker ?? ''}`;
    let occurrence = byKey.get(key);
    if (occurrence === undefined) {
      occurrence = { atMs, speakerId: speaker, phrases: [] };
      byKey.set(key, occurrence);
    }
    if (phrase !== null && phrase !== '' && !occurrence.phrases.includes(phrase)) occurrence.phrases.push(phrase);
  };
  for (const o of tracker.occurrences ?? []) add(o.startTime, o.speakerId, null);
  for (const p of tracker.phrases ?? []) for (const o of p.occurrences ?? []) add(o.startTime, o.speakerId, p.phrase);
  const occurrences = [...byKey.values()].sort((a, b) => a.atMs - b.atMs);

  const textMatch = occurrences.length === 0 && phraseMatching === 'fallback' && tracker.count !== 0;
  const patterns = textMatch
    ? [...new Set((tracker.phrases ?? []).map((p) => p.phrase.trim()).filter((p) => p !== ''))]
        .sort(compareStrings)
        .map((phrase) => ({ phrase, pattern: wholePhrasePattern(phrase) }))
    : [];
  return { id: tracker.id, name: tracker.name, type: tracker.type ?? null, occurrences, patterns };
}

/** Case-insensitive, whole words, any whitespace between words. */
function wholePhrasePattern(phrase: string): RegExp {
  const words = phrase.split(/\s+/).map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`(?<![\\p{L}\\p{N}])${words.join('\\s+')}(?![\\p{L}\\p{N}])`, 'iu');
}

function lowerBound(occurrences: readonly Occurrence[], atMs: number): number {
  let lo = 0;
  let hi = occurrences.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (occurrences[mid].atMs < atMs) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
