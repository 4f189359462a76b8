import { createHash } from 'node:crypto';
import type { Chunk } from '@gong-connector/chunking';
import { AppError, ErrorCode, GongIdSchema, type ErrorDetail } from '@gong-connector/contracts';
import type { SearchCallSummary, SearchHitChunk } from '../query/search-result.model.js';
import type { SearchDocument, SearchDocumentMetadata } from './search-document.model.js';

const TEXT_SEPARATOR = '\n';

/**
 * Chunks → documents, deduplicated by chunk id (the last one wins). Validates what the indexes rely
 * on and, with `callId`, that every chunk belongs to that call; throws VALIDATION_FAILED naming
 * each offending chunk.
 */
export function toSearchDocuments(chunks: readonly Chunk[], callId?: string): SearchDocument[] {
  const details: ErrorDetail[] = [];
  if (callId !== undefined && !GongIdSchema.safeParse(callId).success) {
    details.push({ path: 'callId', message: 'must be a numeric Gong id string' });
  }
  const byId = new Map<string, SearchDocument>();
  chunks.forEach((chunk, i) => {
    const problems = checkChunk(chunk);
    if (callId !== undefined && problems.length === 0 && chunk.callId !== callId) problems.push(`callId: must be ${callId}, the call being replaced`);
    for (const message of problems) details.push({ path: `chunks[${i}] (${String(chunk?.id)})`, message });
    if (problems.length === 0) byId.set(chunk.id, toSearchDocument(chunk));
  });
  if (details.length > 0) {
    throw new AppError(
      ErrorCode.VALIDATION_FAILED,
      `Invalid chunks to index: ${details.map((d) => `${d.path}: ${d.message}`).join('; ')}`,
      { details },
    );
  }
  return [...byId.values()];
}

function checkChunk(chunk: Chunk): string[] {
  const problems: string[] = [];
  if (typeof chunk?.id !== 'string' || chunk.id === '') return ['id: must be a non-empty string'];
  if (!GongIdSchema.safeParse(chunk.callId).success) problems.push('callId: must be a numeric Gong id string');
  if (chunk.call?.callId !== chunk.callId) problems.push('call.callId: must equal callId');
  if (!Number.isFinite(Date.parse(chunk.call?.started))) problems.push('call.started: must be an ISO date-time');
  return problems;
}

function toSearchDocument(chunk: Chunk): SearchDocument {
  const call = chunk.call;
  const speaker = chunk.speaker;
  const accountNames = call.accountIds.length === call.accountNames.length ? [...call.accountNames] : call.accountIds.map(() => null);
  const metadata: SearchDocumentMetadata = {
    tokenCount: chunk.tokenCount,
    sentenceCount: chunk.sentenceCount,
    speaker: { ...speaker },
    trackers: chunk.trackers.map((t) => ({ ...t, phrases: [...t.phrases] })),
    position: { ...chunk.position },
  };
  if (chunk.text !== chunk.speakerLine + TEXT_SEPARATOR + chunk.body) metadata.text = chunk.text;
  return {
    chunk_id: chunk.id,
    call_id: chunk.callId,
    section: chunk.section ?? 'transcript',
    body_fingerprint: bodyFingerprint(chunk.body),
    chunk_index: chunk.position.chunkIndex,
    call_title: call.title,
    call_started: new Date(call.started).toISOString(),
    call_duration_s: Math.round(call.durationSeconds),
    workspace_id: call.workspaceId,
    host_user_id: call.primaryUserId,
    participant_user_ids: [...call.participantUserIds],
    is_private: call.isPrivate,
    account_ids: [...call.accountIds],
    account_names: accountNames,
    speaker_id: speaker.speakerId,
    speaker_name: speaker.name,
    speaker_email: speaker.email === null ? null : speaker.email.trim().toLowerCase() || null,
    speaker_user_id: speaker.userId,
    speaker_affiliation: speaker.affiliation ?? 'Unknown',
    topic: chunk.topic,
    tracker_names: distinct(chunk.trackers.map((t) => t.name)),
    start_ms: Math.round(chunk.startMs),
    end_ms: Math.round(chunk.endMs),
    speaker_line: chunk.speakerLine,
    body: chunk.body,
    metadata,
  };
}

/** The hit's chunk, back from an indexed document's fields. */
export function toHitChunk(doc: Pick<SearchDocument, 'chunk_id' | 'call_id' | 'section' | 'speaker_line' | 'body' | 'start_ms' | 'end_ms' | 'topic' | 'metadata'>): SearchHitChunk {
  const m = doc.metadata;
  return {
    id: doc.chunk_id,
    callId: doc.call_id,
    section: doc.section ?? 'transcript',
    text: m.text ?? doc.speaker_line + TEXT_SEPARATOR + doc.body,
    body: doc.body,
    speakerLine: doc.speaker_line,
    tokenCount: m.tokenCount,
    sentenceCount: m.sentenceCount,
    startMs: doc.start_ms,
    endMs: doc.end_ms,
    speaker: m.speaker,
    topic: doc.topic,
    trackers: m.trackers,
    position: m.position,
  };
}

/** The hit's call summary, back from an indexed document's fields. */
export function toCallSummary(
  doc: Pick<SearchDocument, 'call_id' | 'call_title' | 'call_started' | 'call_duration_s' | 'workspace_id' | 'host_user_id' | 'account_ids' | 'account_names'>,
): SearchCallSummary {
  return {
    callId: doc.call_id,
    title: doc.call_title,
    started: new Date(doc.call_started).toISOString(),
    durationSeconds: doc.call_duration_s,
    workspaceId: doc.workspace_id,
    hostUserId: doc.host_user_id,
    accounts: doc.account_ids.map((id, i) => ({ id, name: doc.account_names[i] ?? null })),
  };
}

/** Filler words that do not make two passages different ("um, yeah, so the price is fine" = "the price is fine"). */
const FILLERS = new Set(['um', 'uh', 'erm', 'hmm', 'yeah', 'yes', 'ok', 'okay', 'so', 'well', 'like', 'right', 'oh', 'and', 'just', 'actually', 'basically']);

/**
 * A passage's near-duplicate key: its words, lower-cased, without punctuation and filler words,
 * hashed (sha256, 16 bytes in base64url). Passages that differ only in case, punctuation,
 * whitespace or filler collapse in a search.
 */
export function bodyFingerprint(body: string): string {
  const words = body
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w !== '' && !FILLERS.has(w));
  return createHash('sha256').update(words.join(' ')).digest('base64url').slice(0, 22);
}

function distinct(values: readonly string[]): string[] {
  return [...new Set(values)];
}
