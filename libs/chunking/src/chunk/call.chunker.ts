import type { Chunk, ChunkSentence, ChunkSpeaker } from './chunk.model.js';
import { buildCallMetadata } from './call-metadata.builder.js';
import type { ChunkInput } from '../input/chunk-input.schema.js';
import type { ChunkingOptions } from '../options/chunking.options.js';
import { resolveChunkingOptions } from '../options/chunking.options.js';
import { formatSpeakerLine, formatSpeakerStamp, formatSpeakerTag } from '../speaker/speaker-line.formatter.js';
import { SpeakerResolver } from '../speaker/speaker.resolver.js';
import { normalizeSentenceText } from '../text/sentence-text.normalizer.js';
import { TrackerMatcher } from '../trackers/tracker.matcher.js';
import type { SentenceWindow } from '../windows/sentence-window.planner.js';
import { planSentenceWindows } from '../windows/sentence-window.planner.js';

/** What separates the speaker line from the body in `text`. */
const SPEAKER_LINE_SEPARATOR = '\n';

interface PlannedMonologue {
  monologueIndex: number;
  speaker: ChunkSpeaker;
  topic: string | null;
  sentences: ChunkSentence[];
  windows: SentenceWindow[];
}

/**
 * Cuts a call's transcript into speaker-aware chunks.
 *
 * - One chunk per monologue; a monologue whose text exceeds `maxTokens` is split at sentence
 *   boundaries with `overlapSentences` whole sentences repeated (see ChunkingOptions). Chunks never
 *   mix speakers and never cut a sentence.
 * - `text` = speaker line + "\n" + body; the budget and `tokenCount` cover all of it.
 * - Sentence text is whitespace-normalised; blank sentences are dropped; a monologue with no
 *   sentence left yields no chunk but keeps its index, so chunk ids stay tied to the transcript.
 * - Gong's summary of the call (brief and outcome, key points, each highlight section, each outline
 *   section) gives one chunk per non-empty part, section `summary`, after the transcript's chunks.
 * - Pure and deterministic: the same input and options give the same chunks, ids included. Each
 *   sentence is tokenized once (plus once more without its leading space when it may open a chunk);
 *   speaker tags and time stamps are tokenized once per distinct value.
 */
export function chunkCall(input: ChunkInput, options?: ChunkingOptions): Chunk[] {
  const opts = resolveChunkingOptions(options);
  const { call, monologues } = input;
  const countTokens = opts.countTokens;
  const speakers = new SpeakerResolver(call.parties);
  const trackers = new TrackerMatcher(call.trackers, {
    slackMs: opts.trackerSlackMs,
    phraseMatching: opts.trackerPhraseMatching,
  });
  const matchTrackers = !trackers.isEmpty;
  // Speaker line tokens = tag tokens + stamp tokens (a token never spans "] ["), each cached.
  const tagTokens = new Map<string, number>();
  const stampTokens = new Map<string, number>();
  const speakerLineTokens = (speaker: ChunkSpeaker, startMs: number): number => {
    let tag = tagTokens.get(speaker.label);
    if (tag === undefined) tagTokens.set(speaker.label, (tag = countTokens(formatSpeakerTag(speaker))));
    const stampText = formatSpeakerStamp(startMs) + SPEAKER_LINE_SEPARATOR;
    let stamp = stampTokens.get(stampText);
    if (stamp === undefined) stampTokens.set(stampText, (stamp = countTokens(stampText)));
    return tag + stamp;
  };

  const planned: PlannedMonologue[] = [];
  const summaryParts = summaryPartsOf(input.summary);
  let chunkCount = summaryParts.length;
  let lastEndMs = 0;
  for (let monologueIndex = 0; monologueIndex < monologues.length; monologueIndex++) {
    const monologue = monologues[monologueIndex];
    const sentences: ChunkSentence[] = [];
    for (const s of monologue.sentences) {
      const text = normalizeSentenceText(s.text);
      if (text !== '') sentences.push({ startMs: s.start, endMs: s.end, text });
    }
    if (sentences.length === 0) continue;

    const speaker = speakers.resolve(monologue.speakerId);
    const following = new Float64Array(sentences.length);
    for (let i = 0; i < sentences.length; i++) following[i] = countTokens(` ${sentences[i].text}`);
    const windows = planSentenceWindows({
      count: sentences.length,
      maxTokens: opts.maxTokens,
      overlapSentences: opts.overlapSentences,
      followingTokens: following,
      openingTokens: (i) => speakerLineTokens(speaker, sentences[i].startMs) + countTokens(sentences[i].text),
    });
    planned.push({ monologueIndex, speaker, topic: blankToNull(monologue.topic), sentences, windows });
    chunkCount += windows.length;
    for (const s of sentences) if (s.endMs > lastEndMs) lastEndMs = s.endMs;
  }

  const metadata = buildCallMetadata(call);
  const durationMs = call.duration > 0 ? call.duration * 1000 : lastEndMs;
  const chunks: Chunk[] = [];
  for (const { monologueIndex, speaker, topic, sentences, windows } of planned) {
    for (let part = 0; part < windows.length; part++) {
      const { start, end, tokenCount } = windows[part];
      const chunkSentences = sentences.slice(start, end);
      const startMs = chunkSentences[0].startMs;
      const endMs = chunkSentences[chunkSentences.length - 1].endMs;
      const speakerLine = formatSpeakerLine(speaker, startMs);
      const body = joinTexts(chunkSentences);
      chunks.push({
        id: `${call.id}:${monologueIndex}:${part}`,
        callId: call.id,
        section: 'transcript',
        text: speakerLine + SPEAKER_LINE_SEPARATOR + body,
        body,
        speakerLine,
        tokenCount,
        sentenceCount: chunkSentences.length,
        startMs,
        endMs,
        sentences: chunkSentences,
        speaker,
        topic,
        trackers: matchTrackers ? trackers.match({ startMs, endMs, speakerId: speaker.speakerId }, body) : [],
        position: {
          monologueIndex,
          part,
          partCount: windows.length,
          chunkIndex: chunks.length,
          chunkCount,
          callFraction: durationMs > 0 ? Math.min(1, Math.max(0, startMs / durationMs)) : 0,
        },
        call: metadata,
      });
    }
  }
  summaryParts.forEach((part, n) => {
    const speakerLine = `[SUMMARY: ${part.title}]`;
    const sentences = part.texts.map((text): ChunkSentence => ({ startMs: 0, endMs: 0, text }));
    const body = joinTexts(sentences);
    const text = speakerLine + SPEAKER_LINE_SEPARATOR + body;
    chunks.push({
      id: `${call.id}:s:${n}`,
      callId: call.id,
      section: 'summary',
      text,
      body,
      speakerLine,
      tokenCount: countTokens(text),
      sentenceCount: sentences.length,
      startMs: 0,
      endMs: 0,
      sentences,
      speaker: SUMMARY_SPEAKER,
      topic: part.title,
      trackers: [],
      position: { monologueIndex: -1, part: n, partCount: summaryParts.length, chunkIndex: chunks.length, chunkCount, callFraction: 0 },
      call: metadata,
    });
  });
  return chunks;
}

/** Who "says" a summary part: nobody on the call. */
const SUMMARY_SPEAKER: ChunkSpeaker = Object.freeze({
  speakerId: null,
  known: false,
  label: 'Gong summary',
  name: null,
  email: null,
  title: null,
  affiliation: null,
  userId: null,
});

interface SummaryPart {
  title: string;
  texts: string[];
}

/**
 * The summary's non-empty parts, in a fixed order (so ids are stable): the brief with the call
 * outcome, the key points, each highlight section (e.g. "Next steps"), each outline section.
 */
function summaryPartsOf(summary: ChunkInput['summary']): SummaryPart[] {
  if (!summary) return [];
  const clean = (texts: readonly (string | null | undefined)[]) => texts.map((t) => normalizeSentenceText(t ?? '')).filter((t) => t !== '');
  const parts: SummaryPart[] = [];
  const outcome = clean([summary.callOutcome]);
  const brief = clean([summary.brief, ...outcome.map((o) => `Call outcome: ${o}.`)]);
  if (brief.length > 0) parts.push({ title: 'Brief', texts: brief });
  const keyPoints = clean(summary.keyPoints ?? []);
  if (keyPoints.length > 0) parts.push({ title: 'Key points', texts: keyPoints });
  for (const section of summary.highlights ?? []) {
    const texts = clean(section.items);
    if (texts.length > 0) parts.push({ title: normalizeSentenceText(section.title) || 'Highlights', texts });
  }
  for (const section of summary.outline ?? []) {
    const texts = clean(section.items);
    if (texts.length > 0) parts.push({ title: `Outline: ${normalizeSentenceText(section.title)}`, texts });
  }
  return parts;
}

function joinTexts(sentences: readonly ChunkSentence[]): string {
  let body = sentences[0].text;
  for (let i = 1; i < sentences.length; i++) body += ` ${sentences[i].text}`;
  return body;
}

function blankToNull(value: string | null | undefined): string | null {
  return value === null || value === undefined || value.trim() === '' ? null : value;
}
