/** The service's frozen configuration. */
export const AGENT_API_CONFIG = Symbol('AGENT_API_CONFIG');
/** The `AccessFilterSource` port: NATS (access service) or the in-process replica source. */
export const ACCESS_FILTER_SOURCE = Symbol('ACCESS_FILTER_SOURCE');
/** The `SearchIndex` port of @gong-connector/search. */
export const SEARCH_INDEX = Symbol('SEARCH_INDEX');
/** The `LiveCallSource` port: fetches a call not replicated yet (from Gong), or nothing. */
export const LIVE_CALL_SOURCE = Symbol('LIVE_CALL_SOURCE');
