import { issuesToDetails, type Clock } from '@gong-connector/contracts';
import type { z } from 'zod';
import type { GongAuth } from '../auth/gong-auth.port.js';
import { gongErrorFor } from '../errors/gong-error.factory.js';
import { GongError } from '../errors/gong.error.js';
import { parseGongJson } from '../json/gong-json.parser.js';
import type { Sleep } from '../time/sleep.port.js';
import type { ExchangeContext, ExchangeResult, PermittedFetcher } from './permitted.fetcher.js';
import { backoffDelayMs, RETRYABLE_STATUSES, type RetryPolicy } from './retry.policy.js';

/** One API call: what to send and the schema its answer must match. */
export interface TransportRequest<S extends z.ZodType> {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH';
  /** Concrete path, e.g. `/v2/calls/7782342274025937895`. */
  path: string;
  /** Endpoint template, e.g. `GET /v2/calls/{id}`. */
  endpoint: string;
  query?: Record<string, string | boolean | undefined>;
  /** JSON body (POST, PUT, PATCH). */
  body?: unknown;
  /** A multipart body instead of JSON (CRM uploads); fetch sets its content type. */
  form?: FormData;
  /**
   * A write whose outcome a 5xx or a dropped connection leaves unknown: never re-sent here (the
   * caller reads Gong back before trying again). Reads (the default) are retried.
   */
  write?: boolean;
  schema: S;
}

export interface GongTransportOptions {
  auth: GongAuth;
  fetcher: PermittedFetcher;
  clock: Clock;
  sleep: Sleep;
  random: () => number;
  retry: RetryPolicy;
  userAgent?: string;
}

/** The most schema problems spelled out in a message (all are in `details`). */
const MAX_ISSUES_IN_MESSAGE = 5;

/**
 * Sends API calls: authenticates, sends each attempt under its own permit, retries 5xx and network
 * errors with backoff, refreshes an OAuth token once on a 401, and decodes the answer big-int safely
 * against its schema. Everything else becomes a GongError.
 */
export class GongTransport {
  constructor(private readonly options: GongTransportOptions) {}

  async send<S extends z.ZodType>(request: TransportRequest<S>, context: ExchangeContext): Promise<z.output<S>> {
    const { auth, fetcher, retry } = this.options;
    const body = request.form ?? (request.body === undefined ? undefined : JSON.stringify(request.body));
    const query = toQueryString(request.query);
    let attempts = 0;
    let failures = 0;
    let refreshed = false;
    for (;;) {
      const grant = await auth.authorize(context);
      attempts += 1;
      const result = await fetcher.exchange(
        {
          method: request.method,
          url: `${grant.baseUrl}${request.path}${query}`,
          endpoint: request.endpoint,
          headers: {
            authorization: grant.authorization,
            accept: 'application/json',
            ...(typeof body === 'string' ? { 'content-type': 'application/json' } : {}),
            ...(this.options.userAgent === undefined ? {} : { 'user-agent': this.options.userAgent }),
          },
          ...(body === undefined ? {} : { body }),
        },
        context,
      );
      if (result.kind === 'response' && result.status >= 200 && result.status < 300) {
        return this.decode(result, request, attempts);
      }
      if (result.kind === 'response' && result.status === 401 && auth.refreshable && !refreshed) {
        refreshed = true;
        await auth.refresh(grant, context);
        continue;
      }
      const error = gongErrorFor(result, { endpoint: request.endpoint, secrets: auth.secrets(), attempts });
      if (refreshed && error.kind === 'auth') {
        throw new GongError({
          kind: 'auth',
          endpoint: request.endpoint,
          status: 401,
          attempts,
          message: `Gong rejected ${request.endpoint} (401) even with a freshly refreshed OAuth token; re-authorize the app`,
          ...(error.requestId === undefined ? {} : { requestId: error.requestId }),
        });
      }
      if (isRetryable(result) && request.write !== true && failures + 1 < retry.maxAttempts) {
        failures += 1;
        const delay = backoffDelayMs(failures, retry, this.options.random);
        const deadline = context.deadlineMs;
        if (deadline === undefined || this.options.clock.now() + delay < deadline) {
          await this.options.sleep(delay, context.signal);
          continue;
        }
      }
      throw error;
    }
  }

  private decode<S extends z.ZodType>(
    result: Extract<ExchangeResult, { kind: 'response' }>,
    request: TransportRequest<S>,
    attempts: number,
  ): z.output<S> {
    const { endpoint } = request;
    let data: unknown;
    try {
      data = parseGongJson(result.text);
    } catch {
      // The parser's message may quote the body; it is not repeated here.
      throw new GongError({
        kind: 'bad-response',
        endpoint,
        status: result.status,
        attempts,
        message: `Gong answered ${endpoint} (${result.status}) with a body that is not valid JSON (${result.text.length} characters)`,
      });
    }
    const parsed = request.schema.safeParse(data);
    if (parsed.success) return parsed.data;
    const details = issuesToDetails(parsed.error.issues, 'response');
    const listed = details
      .slice(0, MAX_ISSUES_IN_MESSAGE)
      .map((d) => `${d.path}: ${d.message}`)
      .join('; ');
    const more = details.length > MAX_ISSUES_IN_MESSAGE ? ` (and ${details.length - MAX_ISSUES_IN_MESSAGE} more)` : '';
    throw new GongError({
      kind: 'bad-response',
      endpoint,
      status: result.status,
      attempts,
      details,
      message: `Gong's answer to ${endpoint} does not have the expected shape: ${listed}${more}`,
      ...requestIdOf(data),
    });
  }
}

function isRetryable(result: ExchangeResult): boolean {
  return result.kind === 'network' || (result.kind === 'response' && RETRYABLE_STATUSES.has(result.status));
}

function toQueryString(query: TransportRequest<z.ZodType>['query']): string {
  if (query === undefined) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined) params.set(key, String(value));
  }
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}

function requestIdOf(data: unknown): { requestId?: string } {
  if (typeof data === 'object' && data !== null && 'requestId' in data && typeof data.requestId === 'string') {
    return { requestId: data.requestId };
  }
  return {};
}
