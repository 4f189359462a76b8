import { context as otelContext, SpanKind, SpanStatusCode, trace, type Span } from '@opentelemetry/api';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { TRACER_NAME } from './span-runner.js';
import { extractTraceContext } from './trace-context.js';

const spans = new WeakMap<FastifyRequest, Span>();

/**
 * A server span per HTTP request (health and metrics excluded), a child of the caller's W3C
 * `traceparent` when it sends one. Named and attributed by the route template, never the URL: paths
 * and queries can hold secrets (the webhook URL key) or ids. The span is made active for the
 * handler from `preHandler` on (after the body is read, whose stream events run outside it).
 */
export function traceHttpServer(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (request, _reply, done) => {
    const route = request.routeOptions?.url;
    if (route === undefined || route.startsWith('/health') || route === '/metrics') return done();
    const parent = extractTraceContext((name) => {
      const value = request.headers[name];
      return Array.isArray(value) ? value[0] : value;
    });
    const span = trace.getTracer(TRACER_NAME).startSpan(
      `${request.method} ${route}`,
      {
        kind: SpanKind.SERVER,
        attributes: {
          'http.request.method': request.method,
          'http.route': route,
          'url.scheme': request.protocol,
          'network.protocol.version': request.raw.httpVersion,
        },
      },
      parent,
    );
    spans.set(request, span);
    done();
  });
  fastify.addHook('preHandler', (request, _reply, done) => {
    const span = spans.get(request);
    if (!span) return done();
    otelContext.with(trace.setSpan(otelContext.active(), span), done);
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    const span = spans.get(request);
    if (span) {
      spans.delete(request);
      span.setAttribute('http.response.status_code', reply.statusCode);
      if (reply.statusCode >= 500) {
        span.setAttribute('error.type', String(reply.statusCode));
        span.setStatus({ code: SpanStatusCode.ERROR });
      }
      span.end();
    }
    done();
  });
}
