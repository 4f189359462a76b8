import type { CallRecord, ErasedSubjects, PartyRecord, TranscriptRecord } from '@gong-connector/persistence';
import { ErasureSubjects } from './erasure-subject.js';

/** How much one scrub removed from one call. */
export interface ScrubCounts {
  partiesRemoved: number;
  monologuesRemoved: number;
  mentionsRedacted: number;
  contextObjectsRemoved: number;
}

export interface ScrubResult {
  record: CallRecord;
  transcript: TranscriptRecord | undefined;
  counts: ScrubCounts;
  changed: boolean;
}

/** What stands where an erased name, address or number was. */
export const REDACTED = '[erased]';

/** Who is erased: a test on each party; `needles` are further strings to redact (their email, phone). */
export interface ErasedPeople {
  isErased(party: PartyRecord): boolean;
  needles: readonly string[];
}

/**
 * Removes erased people from one stored call, purely: their party rows (with the CRM contact
 * fields those carry), the transcript passages they spoke (monologues of their speaker ids),
 * tracker occurrences in their speech, CRM context objects holding their address or number, and
 * every mention of their name, address or number in the call's texts (title, Gong's summary, the
 * other speakers' sentences), replaced by `[erased]`. Names are redacted whole and by their parts
 * (three letters or more), only within the calls they were on. Ids, times and the rest stay.
 */
export const PersonScrubber = {
  scrub(record: CallRecord, transcript: TranscriptRecord | undefined, people: ErasedPeople): ScrubResult {
    const erased = record.parties.filter((p) => people.isErased(p));
    const needles = new Set<string>(people.needles.filter((n) => n.length > 0));
    for (const p of erased) {
      if (p.email) needles.add(p.email);
      if (p.phoneNumber) needles.add(p.phoneNumber);
      if (p.name) {
        needles.add(p.name);
        for (const part of p.name.split(/\s+/)) if (part.length >= 3) needles.add(part);
      }
    }
    const counts: ScrubCounts = { partiesRemoved: erased.length, monologuesRemoved: 0, mentionsRedacted: 0, contextObjectsRemoved: 0 };
    if (erased.length === 0 && needles.size === 0) return { record, transcript, counts, changed: false };
    const pattern = needlePattern([...needles]);
    const redact = (text: string): string =>
      text.replace(pattern, () => {
        counts.mentionsRedacted += 1;
        return REDACTED;
      });
    const speakers = new Set(erased.map((p) => p.speakerId).filter((s): s is string => s !== null));
    const contactKeys = [...needles].filter((n) => n.includes('@') || /^\+?[\d\s().-]{6,}$/.test(n)).map((n) => n.toLowerCase());
    const phones = new Set(contactKeys.map((k) => ErasureSubjects.normalizePhone(k)).filter((p): p is string => p !== null && !p.includes('@')));
    const holdsContact = (value: unknown): boolean => {
      const text = JSON.stringify(value).toLowerCase();
      if (contactKeys.some((k) => k.includes('@') && text.includes(k))) return true;
      return [...phones].some((p) => text.replace(/[^0-9+]/g, '').includes(p.slice(1)));
    };
    const context = record.context.filter((o) => !holdsContact(o.fields));
    counts.contextObjectsRemoved = record.context.length - context.length;
    const scrubbed: CallRecord = {
      ...record,
      title: redact(record.title),
      brief: record.brief === null ? null : redact(record.brief),
      purpose: record.purpose === null ? null : redact(record.purpose),
      keyPoints: deepRedact(record.keyPoints, redact),
      highlights: deepRedact(record.highlights, redact),
      outline: deepRedact(record.outline, redact),
      structure: deepRedact(record.structure, redact),
      callOutcome: deepRedact(record.callOutcome, redact),
      interaction: deepRedact(record.interaction, redact),
      parties: record.parties.filter((p) => !erased.includes(p)),
      context,
      trackers: record.trackers.map((t) => {
        const occurrences = t.occurrences.filter((o) => o.speakerId === null || !speakers.has(o.speakerId));
        return {
          ...t,
          count: Math.max(0, t.count - (t.occurrences.length - occurrences.length)),
          occurrences,
          phrases: t.phrases.map((ph) => {
            const kept = ph.occurrences.filter((o) => o.speakerId === null || !speakers.has(o.speakerId));
            return { ...ph, count: Math.max(0, ph.count - (ph.occurrences.length - kept.length)), occurrences: kept };
          }),
        };
      }),
    };
    let scrubbedTranscript: TranscriptRecord | undefined;
    if (transcript) {
      const kept = transcript.monologues.filter((m) => m.speakerId === null || !speakers.has(m.speakerId));
      counts.monologuesRemoved = transcript.monologues.length - kept.length;
      scrubbedTranscript = {
        ...transcript,
        monologues: kept.map((m) => ({ ...m, topic: m.topic === null ? null : redact(m.topic), sentences: m.sentences.map((s) => ({ ...s, text: redact(s.text) })) })),
      };
    }
    const changed = counts.partiesRemoved + counts.monologuesRemoved + counts.mentionsRedacted + counts.contextObjectsRemoved > 0;
    return { record: changed ? scrubbed : record, transcript: changed ? scrubbedTranscript : transcript, counts, changed };
  },

  /** The people of `subjects` (hashed identifiers of every past erasure) as an `ErasedPeople`. */
  fromSubjects(subjects: ErasedSubjects): ErasedPeople {
    return {
      needles: [],
      isErased: (p) =>
        (p.email !== null && subjects.emailHashes.has(ErasureSubjects.hash({ kind: 'email', value: p.email.trim().toLowerCase() }))) ||
        (ErasureSubjects.normalizePhone(p.phoneNumber) !== null &&
          subjects.phoneHashes.has(ErasureSubjects.hash({ kind: 'phone', value: ErasureSubjects.normalizePhone(p.phoneNumber)! }))),
    };
  },
} as const;

/** One regular expression matching any needle, longest first, not inside a longer word. */
function needlePattern(needles: readonly string[]): RegExp {
  const escaped = [...needles].sort((a, b) => b.length - a.length).map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`(?<![\\p{L}\\p{N}_])(?:${escaped.join('|')})(?![\\p{L}\\p{N}_])`, 'giu');
}

function deepRedact<T>(value: T, redact: (text: string) => string): T {
  if (typeof value === 'string') return redact(value) as T;
  if (Array.isArray(value)) return value.map((v) => deepRedact(v, redact)) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, deepRedact(v, redact)])) as T;
  }
  return value;
}
