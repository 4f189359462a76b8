import type { ChunkSpeaker } from '../chunk/chunk.model.js';
import { formatCallTimestamp } from '../text/call-timestamp.formatter.js';

/** `[SPEAKER: Jane Smith (External, VP Engineering)] [07:42]`, timed at the chunk's start. */
export function formatSpeakerLine(speaker: ChunkSpeaker, startMs: number): string {
  return `[SPEAKER: ${speaker.label}] [${formatCallTimestamp(startMs)}]`;
}
