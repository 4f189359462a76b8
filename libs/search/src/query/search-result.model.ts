import type { ChunkPosition, ChunkSpeaker, ChunkTracker } from '@gong-connector/chunking';
import type { SearchSection } from './search-query.schema.js';

/** Marks around matched terms in `SearchHit.highlight`. */
export const HIGHLIGHT_PRE = '«';
export const HIGHLIGHT_POST = '»';
/** Joins highlight fragments. */
export const HIGHLIGHT_FRAGMENT_SEPARATOR = ' … ';

/** The call a hit belongs to, as much as an agent needs to cite it. */
export interface SearchCallSummary {
  callId: string;
  title: string;
  /** ISO date-time (UTC, `toISOString` form). */
  started: string;
  durationSeconds: number;
  workspaceId: string | null;
  hostUserId: string | null;
  /** `name` is null when the chunk's metadata could not pair it with the id. */
  accounts: { id: string; name: string | null }[];
}

/** The indexed chunk: everything of the chunker's `Chunk` but its sentences and call metadata. */
export interface SearchHitChunk {
  id: string;
  callId: string;
  /** A transcript passage, or a part of Gong's call summary. */
  section: SearchSection;
  /** Speaker line, newline, body: what was indexed and what an embedding would see. */
  text: string;
  body: string;
  speakerLine: string;
  tokenCount: number;
  sentenceCount: number;
  startMs: number;
  endMs: number;
  speaker: ChunkSpeaker;
  topic: string | null;
  trackers: ChunkTracker[];
  position: ChunkPosition;
}

export interface SearchHit {
  chunkId: string;
  callId: string;
  /** Relevance; 0 for every hit of a filter-only listing. Comparable within one adapter only. */
  score: number;
  /** Body fragments with matched terms between `«` and `»`; null without query text. */
  highlight: string | null;
  chunk: SearchHitChunk;
  call: SearchCallSummary;
}

/** One facet value and how many matching chunks carry it. */
export interface FacetBucket {
  value: string;
  /** Display name: account or speaker name; the value itself for trackers. Null when unknown. */
  label: string | null;
  count: number;
}

/**
 * Counts over the whole access-filtered result set (not just the page; the ranking window of a
 * PostgreSQL text search when `totalRelation` is `gte`), in chunks, largest first
 * then by value. Speakers are keyed by (lower-cased) email; chunks of speakers without one are not
 * counted there. Values are what the matching query filters take (`accountIds`, `speakerEmails`,
 * `trackerNames`).
 */
export interface SearchFacets {
  accounts: FacetBucket[];
  speakers: FacetBucket[];
  trackers: FacetBucket[];
  /** `transcript` and `summary`. */
  sections: FacetBucket[];
}

export interface SearchResult {
  /**
   * Best first. A text search: in rounds of at most `HITS_PER_CALL_PER_PAGE` per call, each round
   * by score descending then chunk id ascending; a listing: chunk id ascending.
   */
  hits: SearchHit[];
  /**
   * Chunks matching the query and the access filter (near-duplicates collapsed into one), as
   * `totalRelation` says: `eq` exactly, `gte` at least (PostgreSQL: a text search with more
   * matches than its ranking window, `RANKING_WINDOW` most recent ones; the further hits still
   * come by cursor, after the window's).
   */
  total: number;
  /** `eq`: `total`, `totalCalls` and the facets count every match; `gte`: they count the ranking window's, and there are more. */
  totalRelation: 'eq' | 'gte';
  /** Distinct calls among them (exact in PostgreSQL; HyperLogLog in Elasticsearch, exact below 40,000). */
  totalCalls: number;
  facets: SearchFacets;
  /** Pass back as `cursor` with the same query for the next page; null on the last page. */
  nextCursor: string | null;
}
