import { createHash } from 'node:crypto';
import { z } from 'zod';
import { AppError, ErrorCode, StorableTextSchema, canonicalJson } from '@gong-connector/contracts';
import type { SearchQuery } from './search-query.schema.js';

/** Where the previous page ended: its last hit's sort keys (diversity round, score, chunk id). */
export interface SearchCursorPosition {
  /** The hit's round: 0 for a call's best `HITS_PER_CALL_PER_PAGE` hits, 1 for the next ones, ... (0 in listings). */
  bucket: number;
  score: number;
  chunkId: string;
}

/** Largest int (int4) and real (float4) PostgreSQL reads: a cursor beyond them is refused, not sent. */
const MAX_INT4 = 2_147_483_647;
const MAX_REAL = 3.4e38;

const CursorSchema = z.strictObject({
  v: z.literal(2),
  a: z.string(),
  f: z.string(),
  // Values the statement can bind: the round is an int, the score a real (float4), the id text.
  b: z.number().int().nonnegative().max(MAX_INT4),
  s: z.number().min(-MAX_REAL).max(MAX_REAL),
  id: StorableTextSchema.min(1).max(200),
});

/**
 * Opaque page cursors. A cursor carries the sort keys of the last hit, the adapter that made it
 * and a fingerprint of the query (everything but cursor, limit and facetSize), so a cursor is
 * refused with a clear error when reused with another query, another user or another adapter.
 */
export class SearchCursorCodec {
  constructor(private readonly adapter: string) {}

  encode(query: SearchQuery, position: SearchCursorPosition): string {
    const payload = { v: 2, a: this.adapter, f: fingerprint(query), b: position.bucket, s: position.score, id: position.chunkId };
    return Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
  }

  /** The position to continue after, or null when the query has no cursor. */
  decode(query: SearchQuery): SearchCursorPosition | null {
    if (query.cursor === undefined) return null;
    let raw: unknown;
    try {
      raw = JSON.parse(Buffer.from(query.cursor, 'base64url').toString('utf8'));
    } catch {
      throw invalid('not a cursor returned by this search index');
    }
    const parsed = CursorSchema.safeParse(raw);
    if (!parsed.success) throw invalid('not a cursor returned by this search index (or one of an older version: start again without it)');
    if (parsed.data.a !== this.adapter) throw invalid(`made by the ${parsed.data.a} index, not this ${this.adapter} index`);
    if (parsed.data.f !== fingerprint(query)) {
      throw invalid('made for another query (text, filters and access filter must stay the same while paging)');
    }
    return { bucket: parsed.data.b, score: parsed.data.s, chunkId: parsed.data.id };
  }
}

function invalid(message: string): AppError {
  return new AppError(ErrorCode.VALIDATION_FAILED, `Invalid search query: cursor: ${message}`, {
    details: [{ path: 'cursor', message }],
  });
}

function fingerprint(query: SearchQuery): string {
  const { cursor: _cursor, limit: _limit, facetSize: _facetSize, ...rest } = query;
  return createHash('sha256').update(canonicalJson(rest)).digest('base64url').slice(0, 22);
}
