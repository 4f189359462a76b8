/** Injection token for the process's SearchIndex (PostgreSQL or Elasticsearch). */
export const SEARCH_INDEX = Symbol('SEARCH_INDEX');
/** Injection token for the chunker's options (`ChunkingOptions`). */
export const CHUNKING_OPTIONS = Symbol('CHUNKING_OPTIONS');
