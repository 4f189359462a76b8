import { AppError, ErrorCode } from '@gong-connector/contracts';

/** SQLSTATE classes of a lost or refused server: connection exception (08), operator intervention (57P), insufficient resources (53). */
const UNAVAILABLE_SQLSTATE = /^(08|57P|53)/;
/** Socket errors of a connection that could not be made or was lost (node-postgres passes them through). */
const NETWORK = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'EAI_AGAIN', 'ENOTFOUND']);
const LOST = /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Connection is not established/;

/** How long a caller is told to wait before retrying while PostgreSQL is down. */
export const DATABASE_RETRY_AFTER_MS = 5_000;

/**
 * A query error that means PostgreSQL is down or refusing connections (not a bad statement) as
 * DEPENDENCY_UNAVAILABLE naming PostgreSQL, with a retry hint: HTTP answers it 503 with
 * `Retry-After`, never 500. Other errors pass unchanged. Never carries the connection string.
 */
export function asDatabaseUnavailable(error: unknown): unknown {
  const driver = (error as { driverError?: unknown })?.driverError ?? error;
  const code = String((driver as { code?: unknown })?.code ?? '');
  const message = String((driver as { message?: unknown })?.message ?? '');
  if (!UNAVAILABLE_SQLSTATE.test(code) && !NETWORK.has(code) && !LOST.test(message)) return error;
  return new AppError(ErrorCode.DEPENDENCY_UNAVAILABLE, 'PostgreSQL is unavailable; retry later', {
    retryAfterMs: DATABASE_RETRY_AFTER_MS,
    details: [{ path: 'dependency', message: 'postgres' }],
    cause: error,
  });
}
