import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { inSpan } from './span-runner.js';
import { injectTraceHeaders } from './trace-context.js';

/**
 * `fetch` with a client span per request and the W3C `traceparent` sent along, so the receiver's
 * span joins the trace. The span names the method and host only (`url.template` when the caller
 * gives one): URLs can carry secrets or personal data, headers are never recorded.
 */
export function tracedFetch(fetchImpl?: typeof globalThis.fetch, options: { urlTemplate?: (url: URL) => string | undefined } = {}): typeof globalThis.fetch {
  return (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const method = (init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase();
    const template = options.urlTemplate?.(url);
    const attributes = {
      'http.request.method': method,
      'server.address': url.hostname,
      'server.port': Number(url.port || (url.protocol === 'https:' ? 443 : 80)),
      'url.scheme': url.protocol.replace(/:$/, ''),
      ...(template === undefined ? {} : { 'url.template': template }),
    };
    return inSpan(template === undefined ? method : `${method} ${template}`, { kind: SpanKind.CLIENT, attributes }, async (span) => {
      const extra: Record<string, string> = {};
      injectTraceHeaders((name, value) => (extra[name] = value));
      // Headers untouched when there is nothing to send (tracing off); a plain object stays one.
      const response = await (fetchImpl ?? globalThis.fetch)(input, Object.keys(extra).length === 0 ? init : { ...init, headers: withHeaders(init?.headers ?? (input instanceof Request ? input.headers : undefined), extra) });
      span.setAttribute('http.response.status_code', response.status);
      if (response.status >= 400) {
        span.setAttribute('error.type', String(response.status));
        span.setStatus({ code: SpanStatusCode.ERROR });
      }
      return response;
    });
  };
}

function withHeaders(headers: NonNullable<RequestInit['headers']> | undefined, extra: Record<string, string>): NonNullable<RequestInit['headers']> {
  if (headers === undefined || (!(headers instanceof Headers) && !Array.isArray(headers))) return { ...headers, ...extra };
  const merged = new Headers(headers);
  for (const [name, value] of Object.entries(extra)) merged.set(name, value);
  return merged;
}
