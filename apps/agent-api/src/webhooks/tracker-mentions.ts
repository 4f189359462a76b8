import type { TrackerMention } from '@gong-connector/contracts';
import type { CallRecord, TranscriptRecord } from '@gong-connector/persistence';

/** Quotes one mention carries at most (the first occurrences of the phrase). */
export const QUOTES_PER_MENTION = 3;

/**
 * The tracker mentions of a call, as `tracker.mentioned` events carry them: one per phrase heard
 * (or per tracker without phrase detail), each with the sentences said at its first occurrences
 * and who said them. Pure: the call and its transcript in, plain data out.
 */
export const TrackerMentions = {
  of(call: Pick<CallRecord, 'trackers' | 'parties'>, transcript: Pick<TranscriptRecord, 'monologues'> | undefined): TrackerMention[] {
    const sentences = (transcript?.monologues ?? []).flatMap((m) => m.sentences.map((s) => ({ ...s, speakerId: m.speakerId })));
    const quote = (o: { startTime: number; speakerId: string | null }): TrackerMention['quotes'][number] => {
      const ms = o.startTime * 1000;
      const said =
        sentences.find((s) => s.start <= ms + 1 && ms <= s.end && (o.speakerId === null || s.speakerId === o.speakerId)) ??
        sentences.find((s) => s.start <= ms + 1 && ms <= s.end);
      const party = o.speakerId === null ? undefined : call.parties.find((p) => p.speakerId === o.speakerId);
      return { text: said?.text ?? null, atSeconds: Math.max(0, o.startTime), speaker: { name: party?.name ?? null, affiliation: party?.affiliation ?? 'Unknown' } };
    };
    const out: TrackerMention[] = [];
    for (const t of call.trackers) {
      if (t.count <= 0) continue;
      const tracker = { id: t.trackerId, name: t.name };
      const phrases = t.phrases.filter((p) => p.count > 0);
      if (phrases.length === 0) {
        out.push({ tracker, phrase: null, count: t.count, quotes: t.occurrences.slice(0, QUOTES_PER_MENTION).map(quote) });
        continue;
      }
      for (const p of phrases) out.push({ tracker, phrase: p.phrase, count: p.count, quotes: p.occurrences.slice(0, QUOTES_PER_MENTION).map(quote) });
    }
    return out;
  },

  /**
   * The mentions a subscription chose: those whose tracker id, tracker name or phrase equals one
   * of `chosen` (case-insensitive); every mention when it chose none (null).
   */
  chosen(mentions: readonly TrackerMention[], chosen: readonly string[] | null): TrackerMention[] {
    if (chosen === null) return [...mentions];
    const wanted = new Set(chosen.map((c) => c.trim().toLowerCase()));
    return mentions.filter((m) => wanted.has(m.tracker.id.toLowerCase()) || wanted.has(m.tracker.name.toLowerCase()) || (m.phrase !== null && wanted.has(m.phrase.toLowerCase())));
  },
} as const;
