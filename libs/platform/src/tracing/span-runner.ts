import { context as otelContext, SpanStatusCode, trace, type Attributes, type Context, type Span, type SpanKind } from '@opentelemetry/api';

/** The instrumentation scope of every span the connector makes. */
export const TRACER_NAME = '@gong-connector/platform';

export interface SpanOptions {
  kind?: SpanKind;
  attributes?: Attributes;
  /** Parent context (one extracted from a message or request); default: the active one. */
  parent?: Context;
}

/**
 * Runs `fn` inside a new span (active for everything `fn` awaits), ends it when `fn` settles, and
 * records a failure as the span's error status with the error's type (never its message: messages
 * may quote data). A no-op span when tracing is off.
 */
export async function inSpan<T>(name: string, options: SpanOptions, fn: (span: Span) => Promise<T>): Promise<T> {
  const tracer = trace.getTracer(TRACER_NAME);
  const parent = options.parent ?? otelContext.active();
  const span = tracer.startSpan(name, { ...(options.kind === undefined ? {} : { kind: options.kind }), attributes: options.attributes ?? {} }, parent);
  try {
    return await otelContext.with(trace.setSpan(parent, span), () => fn(span));
  } catch (error) {
    markFailed(span, error);
    throw error;
  } finally {
    span.end();
  }
}

/** Marks a span failed: error status and `error.type` (the error's class or code), no message. */
export function markFailed(span: Span, error: unknown): void {
  const code = typeof (error as { code?: unknown })?.code === 'string' ? (error as { code: string }).code : undefined;
  const type = code ?? (error instanceof Error ? error.name : typeof error);
  span.setAttribute('error.type', type);
  span.setStatus({ code: SpanStatusCode.ERROR });
}
