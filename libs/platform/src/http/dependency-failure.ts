/** A dependency a service cannot answer without. */
export type Dependency = 'postgres' | 'nats' | 'elasticsearch';

const NAMES: Record<Dependency, string> = { postgres: 'PostgreSQL', nats: 'NATS', elasticsearch: 'Elasticsearch' };

/** How long a client is told to wait before retrying a request refused because a dependency is down. */
export const DEPENDENCY_RETRY_AFTER_MS = 5_000;

/** SQLSTATE classes of a lost or refused server: connection exception (08), operator intervention (57P), insufficient resources (53). */
const PG_UNAVAILABLE = /^(08|57P|53)/;
const PG_MESSAGES = /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|the database system is (starting up|shutting down)|terminating connection due to administrator command/;
const NATS_NAMES = new Set(['ClosedConnectionError', 'NoRespondersError', 'ConnectionError', 'DrainingConnectionError']);

interface ErrorShape {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  driverError?: unknown;
  cause?: unknown;
  meta?: unknown;
}

/**
 * Which dependency an unexpected error says is down, if any: SQLSTATEs and node-postgres messages
 * of a lost server (also wrapped by TypeORM; `Database` itself turns a refused connection into
 * DEPENDENCY_UNAVAILABLE), the NATS client's connection errors,
 * Elasticsearch's connection errors. Such an error is answered 503 with `Retry-After` and the
 * dependency named, never 500; anything else stays an internal error.
 */
export function dependencyDown(error: unknown, depth = 0): Dependency | undefined {
  if (typeof error !== 'object' || error === null || depth > 3) return undefined;
  const e = error as ErrorShape;
  const name = typeof e.name === 'string' ? e.name : '';
  const code = typeof e.code === 'string' ? e.code : '';
  const message = typeof e.message === 'string' ? e.message : '';
  if (name === 'ConnectionError' && e.meta !== undefined) return 'elasticsearch';
  if (NATS_NAMES.has(name) || /^NATS|nats/.test(code) || /CONNECTION_CLOSED|CONNECTION_DRAINING/.test(code)) return 'nats';
  if (PG_UNAVAILABLE.test(code) || PG_MESSAGES.test(message)) return 'postgres';
  return dependencyDown(e.driverError, depth + 1) ?? dependencyDown(e.cause, depth + 1);
}

export function dependencyName(dependency: Dependency): string {
  return NAMES[dependency];
}
