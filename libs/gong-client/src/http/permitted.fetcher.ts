import type { Clock } from '@gong-connector/contracts';
import type { PermitOutcome, PermitSource } from '../permits/permit-source.port.js';
import type { GongPriority } from '../priority/gong-priority.js';
import type { GongRequestSpan, OnGongRequest } from './request-event.hook.js';
import { parseRetryAfterMs } from './retry-after.parser.js';

/** Who is asking, for the permit; `signal` lets the caller give up. */
export interface ExchangeContext {
  priority: GongPriority;
  /** Absolute deadline (epoch ms) passed to the permit source. */
  deadlineMs?: number;
  signal?: AbortSignal;
}

export interface ExchangeRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH';
  url: string;
  /** Endpoint template for permits, reports and metrics, e.g. `GET /v2/calls/{id}`. */
  endpoint: string;
  headers: Record<string, string>;
  body?: string | FormData;
}

/** How one HTTP exchange ended. `reason` texts come from outside and must be redacted before use. */
export type ExchangeResult =
  | { kind: 'response'; status: number; headers: Headers; text: string; retryAfterMs?: number }
  | { kind: 'truncated'; status: number; reason: string }
  | { kind: 'timeout'; timeoutMs: number }
  | { kind: 'network'; reason: string };

export interface PermittedFetcherOptions {
  permits: PermitSource;
  fetch: typeof globalThis.fetch;
  clock: Clock;
  timeoutMs: number;
  onRequest?: OnGongRequest;
  aroundRequest?: GongRequestSpan;
}

/**
 * Sends one HTTP request under one permit: acquire, send (with a timeout, redirects not followed,
 * since they would drop the Authorization header), read the whole body, report the outcome, notify
 * the metrics hook. Every request to Gong, API or OAuth, goes through here.
 */
export class PermittedFetcher {
  constructor(private readonly options: PermittedFetcherOptions) {}

  exchange(request: ExchangeRequest, context: ExchangeContext): Promise<ExchangeResult> {
    const around = this.options.aroundRequest;
    if (around === undefined) return this.send(request, context);
    return around({ method: request.method, endpoint: request.endpoint, priority: context.priority }, () => this.send(request, context));
  }

  private async send(request: ExchangeRequest, context: ExchangeContext): Promise<ExchangeResult> {
    const { permits, clock, timeoutMs } = this.options;
    const permit = await permits.acquire({
      priority: context.priority,
      cost: 1,
      endpoint: request.endpoint,
      ...(context.deadlineMs === undefined ? {} : { deadlineMs: context.deadlineMs }),
    });
    const started = clock.now();
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = context.signal === undefined ? timeout : AbortSignal.any([timeout, context.signal]);
    let result: ExchangeResult | undefined;
    let status: number | undefined;
    // The broker holds the permit's token live until the report (the request reached Gong by then at
    // the latest), so report as soon as Gong's status line is in, not after a long body.
    let reporting: Promise<unknown> | undefined;
    const reportNow = (outcome: PermitOutcome) => (reporting ??= permits.report(permit, outcome).catch(() => undefined));
    try {
      const response = await this.options.fetch(request.url, {
        method: request.method,
        headers: request.headers,
        ...(request.body === undefined ? {} : { body: request.body }),
        redirect: 'manual',
        signal,
      });
      status = response.status;
      const retryAfterMs = parseRetryAfterMs(response.headers.get('retry-after'), clock.now());
      reportNow({
        status,
        endpoint: request.endpoint,
        durationMs: Math.max(0, clock.now() - started),
        ...(status === 429 && retryAfterMs !== undefined ? { retryAfterSeconds: Math.ceil(retryAfterMs / 1000) } : {}),
      });
      const text = await response.text();
      result = {
        kind: 'response',
        status,
        headers: response.headers,
        text,
        ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
      };
    } catch (error) {
      if (timeout.aborted) result = { kind: 'timeout', timeoutMs };
      else if (context.signal?.aborted !== true) {
        result =
          status === undefined
            ? { kind: 'network', reason: describeError(error) }
            : { kind: 'truncated', status, reason: describeError(error) };
      }
      // else: the caller gave up; reported below, then its abort reason is rethrown.
    }
    const outcome: PermitOutcome = {
      status: result?.kind === 'timeout' ? 'timeout' : (status ?? 'network-error'),
      endpoint: request.endpoint,
      durationMs: Math.max(0, clock.now() - started),
    };
    await reportNow(outcome);
    try {
      this.options.onRequest?.({
        endpoint: outcome.endpoint,
        status: outcome.status,
        durationMs: outcome.durationMs,
        priority: context.priority,
      });
    } catch {
      // A metrics hook must never break a request.
    }
    if (result === undefined) throw context.signal?.reason ?? new Error('aborted');
    return result;
  }
}

/** A short description of a fetch failure: the error's message and its cause's code. No URL, no headers. */
function describeError(error: unknown): string {
  if (!(error instanceof Error)) return 'unknown error';
  const cause = error.cause as { code?: unknown; message?: unknown } | undefined;
  const code = typeof cause?.code === 'string' ? cause.code : undefined;
  const causeMessage = typeof cause?.message === 'string' ? cause.message : undefined;
  return [error.message, code ?? causeMessage].filter((part) => part !== undefined && part !== '').join(': ');
}
