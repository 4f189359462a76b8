import type { CallListRow, CallRecord, TranscriptRecord } from '@gong-connector/persistence';

/** A call as the API answers it: parties, CRM context, topics and trackers, and where to read more. */
export interface CallView {
  id: string;
  title: string;
  url: string | null;
  started: string;
  durationS: number;
  workspaceId: string | null;
  hostUserId: string | null;
  isPrivate: boolean;
  direction: string | null;
  system: string | null;
  scope: string | null;
  purpose: string | null;
  language: string | null;
  brief: string | null;
  /** Gong's own summary of the call, as replicated (no Gong request). */
  summary: GongSummaryView;
  parties: { name: string | null; email: string | null; title: string | null; affiliation: string; userId: string | null; speakerId: string | null }[];
  accounts: { id: string; name: string; domain: string | null; source: string }[];
  crmContext: { system: string; objectType: string; objectId: string; name: string | null; fields: { name: string; value: unknown }[] }[];
  topics: { name: string; durationS: number }[];
  trackers: { name: string; type: string | null; count: number }[];
  links: { self: string; transcript: string };
}

/**
 * Gong's AI summary of a call as replicated from `/v2/calls/extensive` content: brief, outline
 * (sections with items), highlights (titled lists), key points, call outcome, and the next steps
 * (the items of the "Next steps" highlight).
 */
export interface GongSummaryView {
  brief: string | null;
  outline: unknown[];
  highlights: unknown[];
  keyPoints: unknown[];
  callOutcome: unknown;
  nextSteps: string[];
}

export interface CallSummaryView {
  id: string;
  title: string;
  /** The call's page in Gong. */
  url: string | null;
  /** Only people of the company took part (e.g. a deal review linked to the account by its title). */
  internal: boolean;
  started: string;
  durationS: number;
  workspaceId: string | null;
  hostUserId: string | null;
  accounts: { id: string; name: string }[];
  links: { self: string; transcript: string };
}

export interface TranscriptSpeakerView {
  speakerId: string | null;
  name: string | null;
  email: string | null;
  title: string | null;
  affiliation: string;
  userId: string | null;
}

export interface TranscriptMonologueView {
  index: number;
  speaker: TranscriptSpeakerView;
  topic: string | null;
  startMs: number;
  endMs: number;
  text: string;
}

export interface TranscriptView {
  callId: string;
  title: string;
  started: string;
  speakers: TranscriptSpeakerView[];
  monologues: TranscriptMonologueView[];
  totalMonologues: number;
  /** Pass as `cursor` for the next monologues; null on the last page. */
  nextCursor: string | null;
}

export const callLinks = (id: string): CallView['links'] => ({ self: `/v1/calls/${id}`, transcript: `/v1/calls/${id}/transcript` });

export function toCallView(c: CallRecord): CallView {
  return {
    id: c.id,
    title: c.title,
    url: c.url,
    started: c.started,
    durationS: c.durationS,
    workspaceId: c.workspaceId,
    hostUserId: c.primaryUserId,
    isPrivate: c.isPrivate,
    direction: c.direction,
    system: c.system,
    scope: c.scope,
    purpose: c.purpose,
    language: c.language,
    brief: c.brief,
    summary: toGongSummaryView(c),
    parties: c.parties.map((p) => ({ name: p.name, email: p.email, title: p.title, affiliation: p.affiliation, userId: p.userId, speakerId: p.speakerId })),
    accounts: c.accounts.map((a) => ({ id: a.account.id, name: a.account.name, domain: a.account.domain, source: a.source })),
    crmContext: c.context.map((o) => ({ system: o.system, objectType: o.objectType, objectId: o.objectId, name: o.name, fields: o.fields })),
    topics: c.topics.map((t) => ({ name: t.name, durationS: t.durationS })),
    trackers: c.trackers.map((t) => ({ name: t.name, type: t.type, count: t.count })),
    links: callLinks(c.id),
  };
}

const textOf = (item: unknown): string | null =>
  typeof item === 'string' ? item : item && typeof item === 'object' && typeof (item as { text?: unknown }).text === 'string' ? (item as { text: string }).text : null;

export function toGongSummaryView(c: Pick<CallRecord, 'brief' | 'outline' | 'highlights' | 'keyPoints' | 'callOutcome'>): GongSummaryView {
  const nextSteps = c.highlights
    .filter((h): h is { title: string; items?: unknown[] } => !!h && typeof h === 'object' && /next\s*steps?/i.test(String((h as { title?: unknown }).title ?? '')))
    .flatMap((h) => (Array.isArray(h.items) ? h.items : []).map(textOf))
    .filter((t): t is string => t !== null);
  return { brief: c.brief, outline: c.outline, highlights: c.highlights, keyPoints: c.keyPoints, callOutcome: c.callOutcome ?? null, nextSteps };
}

export function toCallSummaryView(r: CallListRow): CallSummaryView {
  return {
    id: r.id,
    title: r.title,
    url: r.url,
    internal: r.internal,
    started: r.started,
    durationS: r.durationS,
    workspaceId: r.workspaceId,
    hostUserId: r.primaryUserId,
    accounts: r.accounts,
    links: callLinks(r.id),
  };
}

/** The transcript with speakers resolved from the call's parties, sentences within [fromMs, toMs), paged by monologue. */
export function toTranscriptView(
  call: CallRecord,
  transcript: TranscriptRecord | undefined,
  options: { fromMs?: number | undefined; toMs?: number | undefined; offset: number; limit: number },
): TranscriptView {
  const bySpeaker = new Map(call.parties.filter((p) => p.speakerId !== null).map((p) => [p.speakerId!, p]));
  const speakerOf = (speakerId: string | null): TranscriptSpeakerView => {
    const p = speakerId === null ? undefined : bySpeaker.get(speakerId);
    return p
      ? { speakerId, name: p.name, email: p.email, title: p.title, affiliation: p.affiliation, userId: p.userId }
      : { speakerId, name: null, email: null, title: null, affiliation: 'Unknown', userId: null };
  };
  const from = options.fromMs ?? 0;
  const to = options.toMs ?? Number.POSITIVE_INFINITY;
  const all: TranscriptMonologueView[] = [];
  for (const m of transcript?.monologues ?? []) {
    const sentences = m.sentences.filter((s) => s.end > from && s.start < to);
    if (sentences.length === 0) continue;
    all.push({
      index: all.length,
      speaker: speakerOf(m.speakerId),
      topic: m.topic,
      startMs: sentences[0]!.start,
      endMs: sentences[sentences.length - 1]!.end,
      text: sentences.map((s) => s.text).join(' '),
    });
  }
  const page = all.slice(options.offset, options.offset + options.limit);
  const speakerIds = [...new Set((transcript?.monologues ?? []).map((m) => m.speakerId))];
  return {
    callId: call.id,
    title: call.title,
    started: call.started,
    speakers: speakerIds.map(speakerOf),
    monologues: page,
    totalMonologues: all.length,
    nextCursor: options.offset + options.limit < all.length ? String(options.offset + options.limit) : null,
  };
}
