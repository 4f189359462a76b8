/** Injection token of the parsed, frozen IngestConfig. */
export const INGEST_CONFIG = Symbol('INGEST_CONFIG');
/** Injection token of this process's instance id (leases, quota requester name). */
export const INSTANCE_ID = Symbol('INSTANCE_ID');
/** Injection token of the search index retention deletes purged calls' chunks from. */
export const INGEST_SEARCH_INDEX = Symbol('INGEST_SEARCH_INDEX');
