import { SpanKind } from '@opentelemetry/api';
import type { Permit, PermitOutcome, PermitRequest, PermitSource, GongRequestSpan } from '@gong-connector/gong-client';
import { inSpan } from './span-runner.js';

/**
 * A PermitSource whose waits are spans: `quota.acquire` covers the whole wait for a permit (the
 * broker's queue, pauses, retries; the request/reply to the broker is its child), so a trace shows
 * how long a Gong request waited for quota apart from how long Gong took.
 */
export function tracedPermitSource(source: PermitSource): PermitSource {
  return {
    acquire: (request: PermitRequest): Promise<Permit> =>
      inSpan(
        'quota.acquire',
        { kind: SpanKind.INTERNAL, attributes: { 'gong.endpoint': request.endpoint, 'gong.quota.priority': request.priority, 'gong.quota.cost': request.cost } },
        () => source.acquire(request),
      ),
    report: (permit: Permit, outcome: PermitOutcome): Promise<void> => source.report(permit, outcome),
  };
}

/**
 * The span around one Gong request (permit wait, HTTP exchange and the outcome's report), for
 * GongClientOptions.aroundRequest: named by the endpoint template, never the URL (ids, tenant host).
 */
export const traceGongRequest: GongRequestSpan = (request, fn) =>
  inSpan(
    `gong ${request.endpoint}`,
    { kind: SpanKind.CLIENT, attributes: { 'gong.endpoint': request.endpoint, 'gong.quota.priority': request.priority, 'http.request.method': request.method } },
    fn,
  );
