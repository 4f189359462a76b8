/** Injection token of the parsed, frozen IngestConfig. */
export const INGEST_CONFIG = Symbol('INGEST_CONFIG');
/** Injection token of this process's instance id (leases, quota requester name). */
export const INSTANCE_ID = Symbol('INSTANCE_ID');
