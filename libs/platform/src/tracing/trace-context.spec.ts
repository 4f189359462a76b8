import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { headers as natsHeaders } from '@nats-io/transport-node';
import { context as otelContext, ROOT_CONTEXT, SpanStatusCode, trace } from '@opentelemetry/api';
import { InMemorySpanExporter, NodeTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-node';
import { envelopeFromHeaders, envelopeToHeaders, newEnvelope } from '@gong-connector/contracts';
import { inSpan } from './span-runner.js';
import { parseOtlpHeaders, startTracing } from './start-tracing.js';
import { tracedFetch } from './traced-fetch.js';
import { TracingConfigSchema } from './tracing.fields.js';
import { contextFromCarrier, currentTraceCarrier, extractTraceContext, injectTraceHeaders } from './trace-context.js';

const TRACEPARENT = /^00-([\da-f]{32})-([\da-f]{16})-01$/;
const source = { newId: () => 'm-1', now: () => new Date('2026-12-07T03:00:00Z') };

describe('trace context while tracing is off (no provider registered)', () => {
  it('injects nothing and startTracing without an endpoint registers nothing', async () => {
    const config = TracingConfigSchema.parse({});
    expect(startTracing(config, 'test')).toMatchObject({ enabled: false });
    await inSpan('work', {}, async () => {
      const hdrs = natsHeaders();
      injectTraceHeaders((k, v) => hdrs.set(k, v));
      expect(hdrs.has('traceparent')).toBe(false);
      expect(currentTraceCarrier()).toEqual({});
    });
  });
});

describe('trace context in NATS headers (a provider registered, spans kept in memory)', () => {
  const exporter = new InMemorySpanExporter();
  const provider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });

  beforeAll(() => {
    provider.register();
  });
  afterAll(async () => {
    await provider.shutdown();
    trace.disable();
    otelContext.disable();
  });

  it('injects the active span as W3C traceparent into NATS headers and extracts it as the remote parent', async () => {
    const hdrs = natsHeaders();
    const sent = await inSpan('publish x', {}, async (span) => {
      injectTraceHeaders((k, v) => hdrs.set(k, v));
      return span.spanContext();
    });
    const [, traceId, spanId] = TRACEPARENT.exec(hdrs.get('traceparent')) ?? [];
    expect({ traceId, spanId }).toEqual({ traceId: sent.traceId, spanId: sent.spanId });

    const parent = trace.getSpanContext(extractTraceContext((name) => hdrs.get(name) || undefined));
    expect(parent).toMatchObject({ traceId: sent.traceId, spanId: sent.spanId, isRemote: true });
    // A span started in it is a child in the same trace.
    const child = await inSpan('process x', { parent: extractTraceContext((name) => hdrs.get(name) || undefined) }, async (span) => span.spanContext());
    expect(child.traceId).toBe(sent.traceId);
    const finished = exporter.getFinishedSpans().find((s) => s.name === 'process x');
    expect(finished?.parentSpanContext?.spanId).toBe(sent.spanId);
  });

  it('starts a new trace from a missing or malformed traceparent', () => {
    for (const bad of [undefined, '', 'garbage', '00-xyz-00f067aa0ba902b7-01', '00-00000000000000000000000000000000-00f067aa0ba902b7-01']) {
      const ctx = extractTraceContext((name) => (name === 'traceparent' ? bad : undefined));
      expect([bad, trace.getSpanContext(ctx)]).toEqual([bad, undefined]);
      expect(ctx).toBe(ROOT_CONTEXT);
    }
  });

  it('carries the trace in the message envelope: written to and read from NATS headers, a broken one dropped but the envelope kept', async () => {
    const envelope = await inSpan('publish y', {}, async () => ({ ...newEnvelope(source), ...currentTraceCarrier() }));
    expect(envelope.traceparent).toMatch(TRACEPARENT);
    const hdrs = natsHeaders();
    for (const [k, v] of Object.entries(envelopeToHeaders(envelope))) hdrs.set(k, v);
    expect(hdrs.get('traceparent')).toBe(envelope.traceparent);
    const read = envelopeFromHeaders((name) => hdrs.get(name) || undefined);
    expect(read).toEqual(envelope);
    expect(trace.getSpanContext(contextFromCarrier(read))?.traceId).toBe(TRACEPARENT.exec(envelope.traceparent!)![1]);

    hdrs.set('traceparent', 'not-a-traceparent');
    const kept = envelopeFromHeaders((name) => hdrs.get(name) || undefined);
    expect(kept).toEqual(newEnvelope(source));
  });

  it('sends traceparent with outgoing HTTP requests and records no URL, query or header', async () => {
    exporter.reset();
    const seen: (RequestInit | undefined)[] = [];
    const fake: typeof fetch = async (_input, init) => {
      seen.push(init);
      return new Response(null, { status: 204 });
    };
    await tracedFetch(fake)('http://hooks.example:8443/in/key-secret-123?token=abc', { method: 'POST', headers: { 'x-kept': 'yes' } });
    const [span] = exporter.getFinishedSpans();
    expect(seen[0]?.headers).toEqual({ 'x-kept': 'yes', traceparent: `00-${span!.spanContext().traceId}-${span!.spanContext().spanId}-01` });
    expect(span?.name).toBe('POST');
    expect(span?.attributes).toEqual({ 'http.request.method': 'POST', 'server.address': 'hooks.example', 'server.port': 8443, 'url.scheme': 'http', 'http.response.status_code': 204 });
  });

  it('marks a failed span with the error type only, never its message', async () => {
    exporter.reset();
    const failure = Object.assign(new Error('postgres://user:secret@db failed'), { code: 'DEPENDENCY_UNAVAILABLE' });
    await expect(inSpan('failing', {}, async () => Promise.reject(failure))).rejects.toBe(failure);
    const [span] = exporter.getFinishedSpans();
    expect(span?.status.code).toBe(SpanStatusCode.ERROR);
    expect(span?.attributes).toEqual({ 'error.type': 'DEPENDENCY_UNAVAILABLE' });
    expect(JSON.stringify(span?.events ?? [])).not.toContain('secret');
    expect(span?.status.message).toBeUndefined();
  });
});

describe('OTLP settings', () => {
  it('reads OTEL_EXPORTER_OTLP_HEADERS as URL-encoded key=value pairs', () => {
    expect(parseOtlpHeaders('authorization=Bearer%20abc, x-tenant=t1')).toEqual({ authorization: 'Bearer abc', 'x-tenant': 't1' });
    expect(parseOtlpHeaders(undefined)).toEqual({});
  });

  it('refuses a malformed endpoint or sampler ratio with what to fix', () => {
    const endpoint = TracingConfigSchema.safeParse({ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' });
    expect(endpoint.error?.issues[0]?.message).toMatch(/http\(s\) URL/);
    const ratio = TracingConfigSchema.safeParse({ OTEL_TRACES_SAMPLER_ARG: '2' });
    expect(ratio.error?.issues[0]?.message).toMatch(/between 0 and 1/);
  });
});
