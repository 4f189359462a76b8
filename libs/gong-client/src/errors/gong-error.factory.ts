import type { ExchangeResult } from '../http/permitted.fetcher.js';
import { parseGongJson } from '../json/gong-json.parser.js';
import { ErrorResponseSchema } from '../schemas/error-response.schema.js';
import { GongError, type GongErrorKind } from './gong.error.js';
import { redactSecrets } from './secret.redactor.js';

/** Gong's 404 for an empty result ("No calls found corresponding to the provided filters"). */
const NO_RESULTS = /found corresponding to the provided filters|no \w+ found for the specified period/i;

export interface ErrorContext {
  endpoint: string;
  /** Secrets to scrub from any text that came from outside. */
  secrets: readonly string[];
  attempts: number;
  /**
   * Whether text from outside (Gong's `errors[]`, network error messages) may be quoted, redacted.
   * False for the OAuth token endpoint: its answers and URL carry tokens the client may not know yet.
   */
  quoteOutside?: boolean;
}

/** Turns a failed exchange (non-2xx answer, timeout, network error, truncated body) into a GongError. */
export function gongErrorFor(result: ExchangeResult, context: ErrorContext): GongError {
  const { endpoint, secrets, attempts } = context;
  const quote = (text: string): string =>
    context.quoteOutside === false ? 'details withheld' : redactSecrets(text, secrets);
  switch (result.kind) {
    case 'timeout':
      return new GongError({
        kind: 'timeout',
        endpoint,
        attempts,
        message: `Gong did not answer ${endpoint} completely within ${result.timeoutMs} ms`,
      });
    case 'network':
      return new GongError({
        kind: 'network',
        endpoint,
        attempts,
        message: `Could not reach Gong for ${endpoint}${attempts > 1 ? ` after ${attempts} attempts` : ''}: ${quote(result.reason)}`,
      });
    case 'truncated':
      return new GongError({
        kind: 'bad-response',
        endpoint,
        attempts,
        status: result.status,
        message: `Gong's answer to ${endpoint} (status ${result.status}) ended before the body was complete: ${quote(result.reason)}`,
      });
    case 'response':
      return errorForStatus(result, context);
  }
}

function errorForStatus(
  result: Extract<ExchangeResult, { kind: 'response' }>,
  { endpoint, secrets, attempts, quoteOutside }: ErrorContext,
): GongError {
  const { status } = result;
  const body = readErrorBody(result.text);
  const gongSays = quoteOutside === false ? [] : body.errors.map((text) => redactSecrets(text, secrets));
  const suffix = gongSays.length > 0 ? `: ${gongSays.join('; ')}` : '';
  const base = {
    endpoint,
    status,
    attempts,
    details: gongSays.map((message) => ({ path: 'errors', message })),
    ...(body.requestId === undefined ? {} : { requestId: body.requestId }),
  };
  const make = (kind: GongErrorKind, message: string, retryAfterMs?: number): GongError =>
    new GongError({ ...base, kind, message, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) });

  if (status >= 300 && status < 400) {
    return make(
      'bad-response',
      `Gong redirected ${endpoint} (${status}) to ${redirectOrigin(result.headers)}; configure the tenant's own API host ` +
        `(e.g. https://us-12345.api.gong.io) as the base URL, redirects are not followed`,
    );
  }
  if (status === 400) return make('bad-request', `Gong rejected ${endpoint} as malformed (400)${suffix}`);
  if (status === 401) {
    return make(
      'auth',
      `Gong rejected the credentials for ${endpoint} (401)${suffix}; check the access key and secret, or re-authorize the OAuth app`,
    );
  }
  if (status === 403) {
    return make(
      'forbidden',
      `Gong denied ${endpoint} (403)${suffix}; the credentials lack this permission or OAuth scope`,
    );
  }
  if (status === 404) {
    if (gongSays.some((text) => NO_RESULTS.test(text))) return make('no-results', `Gong found nothing for ${endpoint}${suffix}`);
    return make('not-found', `Gong found no such object for ${endpoint} (404)${suffix}`);
  }
  if (status === 429) {
    const wait = result.retryAfterMs === undefined ? 'no Retry-After given' : `Retry-After ${Math.ceil(result.retryAfterMs / 1000)} s`;
    return make('rate-limited', `Gong rate-limited ${endpoint} (429, ${wait})${suffix}`, result.retryAfterMs);
  }
  if (status >= 500) {
    return make(
      'server',
      `Gong failed on ${endpoint} (${status})${attempts > 1 ? ` ${attempts} times in a row` : ''}${suffix}`,
    );
  }
  return make('bad-request', `Gong refused ${endpoint} (${status})${suffix}`);
}

function readErrorBody(text: string): { requestId?: string; errors: string[] } {
  try {
    const parsed = ErrorResponseSchema.safeParse(parseGongJson(text));
    if (!parsed.success) return { errors: [] };
    return {
      errors: parsed.data.errors ?? [],
      ...(parsed.data.requestId === undefined ? {} : { requestId: parsed.data.requestId }),
    };
  } catch {
    return { errors: [] }; // An HTML page from a proxy, or nothing: the status says enough.
  }
}

function redirectOrigin(headers: Headers): string {
  const location = headers.get('location');
  if (location === null) return 'an unknown location';
  try {
    return new URL(location).origin;
  } catch {
    return 'an unreadable location';
  }
}
