import type { ChunkSpeaker } from '../chunk/chunk.model.js';
import { formatCallTimestamp } from '../text/call-timestamp.formatter.js';

/**
 * The speaker line that opens every chunk's text, timed at the chunk's start:
 * `[SPEAKER: Jane Smith (External, VP Engineering)] [07:42]`.
 *
 * It is the speaker tag followed by the time stamp; the chunker counts the tokens of the two parts
 * separately (and caches each), which is exact for cl100k_base because a token never spans `] [`.
 */
export function formatSpeakerLine(speaker: ChunkSpeaker, startMs: number): string {
  return formatSpeakerTag(speaker) + formatSpeakerStamp(startMs);
}

/** `[SPEAKER: Jane Smith (External, VP Engineering)]` */
export function formatSpeakerTag(speaker: ChunkSpeaker): string {
  return `[SPEAKER: ${speaker.label}]`;
}

/** ` [07:42]` (leading space included) */
export function formatSpeakerStamp(startMs: number): string {
  return ` [${formatCallTimestamp(startMs)}]`;
}
