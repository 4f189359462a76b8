import { z } from 'zod';
import { AppError, ErrorCode } from '@gong-connector/contracts';
import { SearchCursorCodec, type SearchCursorPosition } from '../query/search-cursor.codec.js';
import type { SearchQuery } from '../query/search-query.schema.js';

/** Where a page walk stands on Elasticsearch: the shared cursor position, and the point in time it reads. */
export interface ElasticsearchCursor {
  position: SearchCursorPosition;
  /** The point in time (PIT) id every page of the walk searches. */
  pitId: string;
}

const WrapperSchema = z.strictObject({ c: z.string().min(1), p: z.string().min(1) });

/**
 * Page cursors of the Elasticsearch adapter: the shared `SearchCursorCodec` cursor (last hit's
 * sort keys, bound to the query) wrapped with the point-in-time id, so every page of one walk
 * searches the same frozen view of the index on the same shard copies: scores, totals and facets
 * stay put while chunks are written, and no hit is skipped or repeated.
 */
export class ElasticsearchCursorCodec {
  private readonly inner = new SearchCursorCodec('elasticsearch');

  encode(query: SearchQuery, position: SearchCursorPosition, pitId: string): string {
    const wrapped = { c: this.inner.encode(query, position), p: pitId };
    return Buffer.from(JSON.stringify(wrapped), 'utf8').toString('base64url');
  }

  /** The walk to continue, or null when the query has no cursor. */
  decode(query: SearchQuery): ElasticsearchCursor | null {
    if (query.cursor === undefined) return null;
    let raw: unknown;
    try {
      raw = JSON.parse(Buffer.from(query.cursor, 'base64url').toString('utf8'));
    } catch {
      throw invalid();
    }
    const parsed = WrapperSchema.safeParse(raw);
    if (!parsed.success) throw invalid();
    const position = this.inner.decode({ ...query, cursor: parsed.data.c });
    if (position === null) throw invalid();
    return { position, pitId: parsed.data.p };
  }
}

function invalid(): AppError {
  const message = 'not a cursor returned by this search index (or one of an older version: start again without it)';
  return new AppError(ErrorCode.VALIDATION_FAILED, `Invalid search query: cursor: ${message}`, { details: [{ path: 'cursor', message }] });
}
