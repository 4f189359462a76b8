import type { ChunkPosition, ChunkSpeaker, ChunkTracker } from '@gong-connector/chunking';
import type { SearchSection, SpeakerAffiliation } from '../query/search-query.schema.js';

/** What is kept whole beside the filterable fields, and given back on a hit. */
export interface SearchDocumentMetadata {
  tokenCount: number;
  sentenceCount: number;
  speaker: ChunkSpeaker;
  trackers: ChunkTracker[];
  position: ChunkPosition;
  /** Only when the chunk's text is not `speakerLine + "\n" + body`. */
  text?: string;
}

/**
 * A chunk flattened for an index: one field per filter, ids as strings, emails lower-cased. Field
 * names are the PostgreSQL columns and the Elasticsearch fields alike.
 */
export interface SearchDocument {
  chunk_id: string;
  call_id: string;
  /** `transcript` or `summary` (Gong's call summary parts). */
  section: SearchSection;
  /** Hash of the normalized body: chunks with the same one are duplicates, and a search shows only the best. */
  body_fingerprint: string;
  chunk_index: number;
  call_title: string;
  /** ISO date-time, UTC. */
  call_started: string;
  call_duration_s: number;
  workspace_id: string | null;
  host_user_id: string | null;
  participant_user_ids: string[];
  is_private: boolean;
  account_ids: string[];
  /** Parallel to `account_ids`; null where the chunk's metadata cannot pair a name with the id. */
  account_names: (string | null)[];
  speaker_id: string | null;
  speaker_name: string | null;
  speaker_email: string | null;
  speaker_user_id: string | null;
  speaker_affiliation: SpeakerAffiliation;
  topic: string | null;
  tracker_names: string[];
  start_ms: number;
  end_ms: number;
  speaker_line: string;
  body: string;
  metadata: SearchDocumentMetadata;
}
