import { AppError, ErrorCode, type ErrorDetail } from '@gong-connector/contracts';

/**
 * What went wrong, in terms a caller can act on:
 * - `auth`: credentials rejected (401), also after an OAuth refresh; re-authorize. Not retried.
 * - `forbidden`: 403, e.g. a missing OAuth scope. Not retried.
 * - `not-found`: 404 for a specific object (call, user, workspace).
 * - `no-results`: Gong's 404 "No calls found corresponding to the provided filters"; list methods
 *   turn it into an empty page, so callers only see it from single-object methods.
 * - `rate-limited`: 429; `retryAfterMs` holds Gong's Retry-After. Never retried here: the quota
 *   broker decides when to try again.
 * - `server`: 5xx, after the bounded retries.
 * - `network`: the request never got an answer (connection refused/reset), after the bounded retries.
 * - `timeout`: no complete answer within the configured timeout.
 * - `bad-response`: invalid JSON, a truncated body, a redirect, or a body that does not match the
 *   schema (each offending path in `details`).
 * - `bad-request`: 400 and other 4xx (402, 409, 422): the request itself is wrong.
 */
export type GongErrorKind =
  | 'auth'
  | 'forbidden'
  | 'not-found'
  | 'no-results'
  | 'rate-limited'
  | 'server'
  | 'network'
  | 'timeout'
  | 'bad-response'
  | 'bad-request';

const CODES: Record<GongErrorKind, ErrorCode> = {
  auth: ErrorCode.GONG_AUTH_FAILED,
  forbidden: ErrorCode.GONG_FORBIDDEN,
  'not-found': ErrorCode.GONG_NOT_FOUND,
  'no-results': ErrorCode.GONG_NOT_FOUND,
  'rate-limited': ErrorCode.GONG_RATE_LIMITED,
  server: ErrorCode.GONG_SERVER_ERROR,
  network: ErrorCode.GONG_SERVER_ERROR,
  timeout: ErrorCode.GONG_TIMEOUT,
  'bad-response': ErrorCode.GONG_BAD_RESPONSE,
  'bad-request': ErrorCode.GONG_BAD_REQUEST,
};

export interface GongErrorInit {
  kind: GongErrorKind;
  /** Endpoint template, e.g. `GET /v2/calls/{id}`. Never a URL (query strings can hold tokens). */
  endpoint: string;
  message: string;
  status?: number;
  requestId?: string;
  retryAfterMs?: number;
  /** HTTP requests sent for this call, retries and the OAuth refresh included. */
  attempts?: number;
  details?: ErrorDetail[];
}

/**
 * An error from talking to Gong. Its `code` is one of the stable GONG_* codes; `kind` refines it.
 * Messages and details never contain a secret (keys, tokens, Authorization headers).
 */
export class GongError extends AppError {
  readonly kind: GongErrorKind;
  readonly endpoint: string;
  readonly status?: number;
  readonly requestId?: string;
  readonly attempts: number;

  constructor(init: GongErrorInit) {
    super(CODES[init.kind], init.message, {
      details: init.details ?? [],
      ...(init.retryAfterMs === undefined ? {} : { retryAfterMs: init.retryAfterMs }),
    });
    this.name = 'GongError';
    this.kind = init.kind;
    this.endpoint = init.endpoint;
    if (init.status !== undefined) this.status = init.status;
    if (init.requestId !== undefined) this.requestId = init.requestId;
    this.attempts = init.attempts ?? 1;
  }

  override toJSON(): ReturnType<AppError['toJSON']> & {
    kind: GongErrorKind;
    endpoint: string;
    status?: number;
    requestId?: string;
    attempts: number;
  } {
    return {
      ...super.toJSON(),
      kind: this.kind,
      endpoint: this.endpoint,
      ...(this.status === undefined ? {} : { status: this.status }),
      ...(this.requestId === undefined ? {} : { requestId: this.requestId }),
      attempts: this.attempts,
    };
  }

  static isKind(value: unknown, kind: GongErrorKind): value is GongError {
    return value instanceof GongError && value.kind === kind;
  }
}
