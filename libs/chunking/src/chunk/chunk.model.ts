/**
 * A searchable piece of a call's transcript: one monologue, or one part of a long monologue.
 * Everything an index needs to filter, rank and cite is on the chunk, so the index never joins.
 */
export interface Chunk {
  /**
   * `${callId}:${monologueIndex}:${part}` for a transcript chunk, `${callId}:s:${n}` for the n-th
   * summary part; stable for the same input and options.
   */
  id: string;
  callId: string;
  /** `transcript`: a passage of what was said; `summary`: a part of Gong's summary of the call. */
  section: 'transcript' | 'summary';
  /** What to embed and index: the speaker line, a newline, then `body`. */
  text: string;
  /** The sentences only, joined with single spaces (for a separately weighted field). */
  body: string;
  /** e.g. `[SPEAKER: Jane Smith (External, VP Engineering)] [07:42]` */
  speakerLine: string;
  /** cl100k_base tokens of `text` (or the configured counter's count). */
  tokenCount: number;
  sentenceCount: number;
  /** Start of the first sentence, ms from call start. */
  startMs: number;
  /** End of the last sentence, ms from call start. */
  endMs: number;
  sentences: readonly ChunkSentence[];
  speaker: ChunkSpeaker;
  /** The monologue's topic from the transcript, or null. */
  topic: string | null;
  /** Trackers that fired inside this chunk (see ChunkTracker.matchedBy). */
  trackers: readonly ChunkTracker[];
  position: ChunkPosition;
  /** Call-level metadata; the same frozen object on every chunk of a call. */
  call: ChunkCallMetadata;
}

export interface ChunkSentence {
  startMs: number;
  endMs: number;
  /** Whitespace-normalised sentence text. */
  text: string;
}

export interface ChunkSpeaker {
  /** The transcript's speakerId, or null when the monologue had none. */
  speakerId: string | null;
  /** False when no party carries this speakerId: every other field is then null. */
  known: boolean;
  /** The label used on the speaker line (`Unknown speaker` when not known). */
  label: string;
  name: string | null;
  email: string | null;
  title: string | null;
  affiliation: 'Internal' | 'External' | 'Unknown' | null;
  /** The Gong user id; set only when the speaker is an Internal party. */
  userId: string | null;
}

export interface ChunkTracker {
  id: string;
  name: string;
  type: 'KEYWORD' | 'SMART' | null;
  /**
   * `occurrence`: Gong reported an occurrence inside the chunk's span (authoritative).
   * `phrase`: the tracker has no occurrence data at all and one of its phrases appears in the body.
   */
  matchedBy: 'occurrence' | 'phrase';
  /** Occurrences inside the span (0 for a phrase match). */
  occurrenceCount: number;
  /** Phrases with an occurrence in the span, or found in the body; sorted, distinct. */
  phrases: readonly string[];
}

export interface ChunkPosition {
  /** Index of the monologue in the transcript (monologues without sentences count too); -1 for a summary part. */
  monologueIndex: number;
  /** Part of the monologue, from 0. */
  part: number;
  /** How many parts the monologue was split into. */
  partCount: number;
  /** Index of the chunk among the call's chunks, from 0. */
  chunkIndex: number;
  /** How many chunks the call has. */
  chunkCount: number;
  /** startMs over the call's duration, in [0, 1]. */
  callFraction: number;
}

export interface ChunkCallMetadata {
  callId: string;
  title: string;
  /** ISO date-time the call started. */
  started: string;
  durationSeconds: number;
  workspaceId: string | null;
  primaryUserId: string | null;
  /** userIds of the call's Internal parties, distinct, in party order. */
  participantUserIds: readonly string[];
  accountIds: readonly string[];
  accountNames: readonly string[];
  opportunityIds: readonly string[];
  /** Stages of the opportunities that have one, distinct, in input order. */
  opportunityStages: readonly string[];
  opportunities: readonly { id: string; name: string | null; stage: string | null }[];
  isPrivate: boolean;
}
