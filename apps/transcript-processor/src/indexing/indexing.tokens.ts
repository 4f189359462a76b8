/** Injection token for the process's SearchIndex (PostgreSQL or Elasticsearch). */
export const SEARCH_INDEX = Symbol('SEARCH_INDEX');
/** Injection token for the chunker's options (`ChunkingOptions`). */
export const CHUNKING_OPTIONS = Symbol('CHUNKING_OPTIONS');
/** Injection token for the post-call lane's own PostgreSQL Database (a pool apart from the bulk lane's). */
export const POST_CALL_DATABASE = Symbol('POST_CALL_DATABASE');
