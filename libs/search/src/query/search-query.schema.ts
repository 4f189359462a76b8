import { z } from 'zod';
import { AccessFilterSchema } from '@gong-connector/access-core';
import { AppError, ErrorCode, GongIdSchema, IsoDateTimeSchema, StorableTextSchema, validate } from '@gong-connector/contracts';

/** The most hits one page may hold. */
export const MAX_SEARCH_LIMIT = 100;
/** Page size when the query names none. */
export const DEFAULT_SEARCH_LIMIT = 20;
/** Buckets per facet when the query names no `facetSize`; at most `MAX_FACET_SIZE`. */
export const DEFAULT_FACET_SIZE = 10;
export const MAX_FACET_SIZE = 50;

/** Speaker affiliation as indexed: a chunk whose speaker is not a known party counts as `Unknown`. */
export const SpeakerAffiliationSchema = z.enum(['Internal', 'External', 'Unknown']);
export type SpeakerAffiliation = z.infer<typeof SpeakerAffiliationSchema>;

/** What a chunk holds: a transcript passage, or a part of Gong's call summary (brief, key points, highlights, outline, outcome). */
export const SearchSectionSchema = z.enum(['transcript', 'summary']);
export type SearchSection = z.infer<typeof SearchSectionSchema>;

/** Most hits of one call on a page of a text search, while other calls have hits to show (see `diversity`). */
export const HITS_PER_CALL_PER_PAGE = 3;

/** A filter list: omit it to not filter; an empty list is refused, it would read as "match nothing". */
const filterList = <T extends z.ZodType>(item: T, max: number) =>
  z
    .array(item)
    .min(1, 'must not be empty (omit the field to not filter on it)')
    .max(max, `must hold at most ${max} values`)
    .optional();

const NonBlank = StorableTextSchema.trim().min(1, 'must not be blank');

/**
 * One search, as every adapter takes it. Within a filter list any value matches (OR); different
 * filters must all match (AND). Matching is exact, except `speakerEmails` (case-insensitive).
 *
 * - `text`: a natural-language question, or search syntax. A question (no quotes, no upper-case
 *   `OR`, no `-word`) is ranked by how much of it a chunk covers: stop words dropped, each word
 *   matched by itself first and by its sales-domain synonyms second (`SALES_SYNONYM_GROUPS`), at
 *   least one concept of a short question (about a third of a long one) required, adjacent words
 *   and the trackers a concept names ranking up. Syntax is websearch syntax (`"exact phrase"`,
 *   `or`, `-exclude`), English stemming, every term required. Both search the body, speaker line,
 *   topic, trackers, call title and accounts. Omitted or blank: a filter-only listing (every hit
 *   scores 0, so hits come in chunk id order).
 * - Text searches are diversified: chunks with the same normalized body collapse into the best
 *   one, and hits come in rounds of `HITS_PER_CALL_PER_PAGE` per call (every call's best three by
 *   score, then every call's next three, ...), so one call cannot fill a page while others match;
 *   the rest stay reachable by cursor.
 * - `sections`: transcript passages, Gong's summary parts, or both (the default).
 * - `startedFrom` (inclusive) and `startedTo` (exclusive): when the call started, ISO date-times.
 * - `accessFilter`: REQUIRED. What the end user may see (access-core); applied inside the query.
 * - `limit` (1..100, default 20) and `cursor` (the previous page's `nextCursor`, same query).
 * - `facetSize` (0..50, default 10): buckets per facet; 0 skips the facets.
 */
export const SearchQuerySchema = z.strictObject({
  text: StorableTextSchema.max(1000, 'must be at most 1000 characters').optional(),
  accessFilter: AccessFilterSchema,
  accountIds: filterList(NonBlank, 1000),
  callIds: filterList(GongIdSchema, 1000),
  startedFrom: IsoDateTimeSchema.optional(),
  startedTo: IsoDateTimeSchema.optional(),
  speakerAffiliations: filterList(SpeakerAffiliationSchema, 3),
  speakerIds: filterList(NonBlank, 1000),
  speakerEmails: filterList(NonBlank, 1000),
  speakerUserIds: filterList(GongIdSchema, 1000),
  trackerNames: filterList(NonBlank, 100),
  topics: filterList(NonBlank, 100),
  sections: filterList(SearchSectionSchema, 2),
  limit: z.number().int().min(1).max(MAX_SEARCH_LIMIT, `must be at most ${MAX_SEARCH_LIMIT}`).optional(),
  cursor: StorableTextSchema.min(1).max(2000).optional(),
  facetSize: z.number().int().min(0).max(MAX_FACET_SIZE).optional(),
});

/** What callers pass to `SearchIndex.search`. */
export type SearchQueryInput = z.input<typeof SearchQuerySchema>;

/** A validated query with defaults applied: what the adapters build their statements from. */
export interface SearchQuery extends Omit<z.output<typeof SearchQuerySchema>, 'text' | 'limit' | 'facetSize'> {
  /** Trimmed; null for a filter-only listing. */
  text: string | null;
  limit: number;
  facetSize: number;
}

/**
 * Validates a query at the index's edge. Throws AppError VALIDATION_FAILED naming each offending
 * field; a missing `accessFilter` gets its own message, because searching without one is a bug.
 */
export function parseSearchQuery(input: unknown): SearchQuery {
  if (typeof input === 'object' && input !== null && !('accessFilter' in input && input.accessFilter !== undefined)) {
    throw new AppError(
      ErrorCode.VALIDATION_FAILED,
      'Invalid search query: accessFilter is required. Every search runs for one end user and applies their AccessFilter ' +
        'inside the query; pass denyAllAccessFilter(userId) to match nothing.',
      { details: [{ path: 'accessFilter', message: 'required' }] },
    );
  }
  const parsed = validate(SearchQuerySchema, input, 'search query');
  if (parsed.startedFrom !== undefined && parsed.startedTo !== undefined && Date.parse(parsed.startedFrom) >= Date.parse(parsed.startedTo)) {
    throw new AppError(ErrorCode.VALIDATION_FAILED, 'Invalid search query: startedTo: must be after startedFrom', {
      details: [{ path: 'startedTo', message: 'must be after startedFrom' }],
    });
  }
  const text = parsed.text?.trim() ?? '';
  return {
    ...parsed,
    ...(parsed.speakerEmails ? { speakerEmails: parsed.speakerEmails.map((e) => e.toLowerCase()) } : {}),
    text: text === '' ? null : text,
    limit: parsed.limit ?? DEFAULT_SEARCH_LIMIT,
    facetSize: parsed.facetSize ?? DEFAULT_FACET_SIZE,
  };
}
