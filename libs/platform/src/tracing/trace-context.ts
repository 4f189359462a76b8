import { context as otelContext, propagation, ROOT_CONTEXT, trace, type Context } from '@opentelemetry/api';

/** The W3C trace-context fields as carried in NATS headers, HTTP headers and MCP `_meta`. */
export interface TraceCarrier {
  traceparent?: string;
  tracestate?: string;
}

const TRACEPARENT = /^[\da-f]{2}-[\da-f]{32}-[\da-f]{16}-[\da-f]{2}$/;

/** The active context (or `ctx`) as W3C fields; empty when no span is recording (tracing off). */
export function currentTraceCarrier(ctx: Context = otelContext.active()): TraceCarrier {
  const carrier: Record<string, string> = {};
  propagation.inject(ctx, carrier);
  const out: TraceCarrier = {};
  if (carrier.traceparent && TRACEPARENT.test(carrier.traceparent)) {
    out.traceparent = carrier.traceparent;
    if (carrier.tracestate) out.tracestate = carrier.tracestate;
  }
  return out;
}

/** Writes the active context's `traceparent`/`tracestate` through `set` (NATS or HTTP headers). */
export function injectTraceHeaders(set: (name: string, value: string) => void, ctx?: Context): void {
  const carrier = currentTraceCarrier(ctx);
  if (carrier.traceparent) set('traceparent', carrier.traceparent);
  if (carrier.tracestate) set('tracestate', carrier.tracestate);
}

/**
 * The remote parent carried by `get` (NATS or HTTP headers), as a context to start a span in; the
 * root context when there is none or it is malformed (a new trace starts).
 */
export function extractTraceContext(get: (name: string) => string | undefined): Context {
  const traceparent = get('traceparent')?.trim().toLowerCase();
  if (!traceparent || !TRACEPARENT.test(traceparent)) return ROOT_CONTEXT;
  const tracestate = get('tracestate');
  const carrier: Record<string, string> = { traceparent, ...(tracestate ? { tracestate } : {}) };
  const ctx = propagation.extract(ROOT_CONTEXT, carrier);
  return trace.getSpanContext(ctx) ? ctx : ROOT_CONTEXT;
}

/** `extractTraceContext` over a carrier object (an envelope, MCP `_meta`). */
export function contextFromCarrier(carrier: TraceCarrier | undefined): Context {
  return extractTraceContext((name) => (name === 'traceparent' ? carrier?.traceparent : name === 'tracestate' ? carrier?.tracestate : undefined));
}
