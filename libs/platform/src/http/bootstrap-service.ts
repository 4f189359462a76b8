import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { HealthRegistry } from '../health/health.registry.js';
import { MetricsRegistry } from '../metrics/metrics.registry.js';
import type { Logger } from '../logging/create-logger.js';
import { PinoNestLogger } from '../logging/pino-nest-logger.js';
import { LOGGER } from '../platform.tokens.js';
import { traceHttpServer } from '../tracing/http-server.tracing.js';
import { shutdownTracing } from '../tracing/start-tracing.js';
import { AppErrorFilter } from './app-error.filter.js';

export interface BootstrapOptions {
  port: number;
  host?: string;
  /** Largest accepted request body in bytes (413 beyond it). */
  bodyLimit?: number;
  /** Keep the raw body on requests (webhook signatures are over the exact bytes). */
  rawBody?: boolean;
  /** Time between turning not-ready and closing, so load balancers stop sending traffic. */
  shutdownGraceMs?: number;
  /** Install SIGTERM/SIGINT handlers (off in tests, which call shutdown() themselves). */
  handleSignals?: boolean;
}

export interface ServiceHandle {
  app: NestFastifyApplication;
  url: string;
  /** Turns not-ready at once, waits the grace period, then drains and closes. Idempotent. */
  shutdown(signal?: string): Promise<void>;
}

/** Starts a Nest service on Fastify with the platform's logger, error filter and graceful shutdown. */
export async function bootstrapService(module: unknown, options: BootstrapOptions): Promise<ServiceHandle> {
  const app = await NestFactory.create<NestFastifyApplication>(
    module as never,
    new FastifyAdapter({ bodyLimit: options.bodyLimit ?? 1024 * 1024, logger: false }),
    { rawBody: options.rawBody ?? false, bufferLogs: true },
  );
  const logger = app.get<Logger>(LOGGER);
  app.useLogger(new PinoNestLogger(logger));
  app.useGlobalFilters(new AppErrorFilter(logger));
  instrumentHttp(app);
  await app.listen(options.port, options.host ?? '0.0.0.0');
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const url = `http://${options.host && options.host !== '0.0.0.0' ? options.host : '127.0.0.1'}:${port}`;

  let closing: Promise<void> | undefined;
  const shutdown = (signal?: string): Promise<void> => {
    closing ??= (async () => {
      logger.info({ signal }, 'shutting down: not ready, draining');
      app.get(HealthRegistry).markShuttingDown();
      const grace = options.shutdownGraceMs ?? 0;
      if (grace > 0) await new Promise((r) => setTimeout(r, grace));
      await (app as INestApplication).close();
      // The last spans (the shutdown's own work) go out before the process exits.
      await shutdownTracing();
    })();
    return closing;
  };
  if (options.handleSignals !== false) {
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      process.once(signal, () => {
        void shutdown(signal).then(
          () => process.exit(0),
          (error: unknown) => {
            logger.error({ err: String(error) }, 'shutdown failed');
            process.exit(1);
          },
        );
      });
    }
  }
  logger.info({ url }, 'listening');
  return { app, url, shutdown };
}

/** `http_requests_total` and `http_request_duration_seconds` by method, route template and status. */
function instrumentHttp(app: NestFastifyApplication): void {
  const metrics = app.get(MetricsRegistry);
  const duration = metrics.histogram(
    'http_request_duration_seconds',
    'HTTP request latency by method, route template and status (health and metrics endpoints excluded)',
    ['method', 'route', 'status'],
  );
  const total = metrics.counter('http_requests_total', 'HTTP requests by method, route template and status', ['method', 'route', 'status']);
  const fastify = app.getHttpAdapter().getInstance();
  traceHttpServer(fastify);
  fastify.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions?.url ?? 'unmatched';
    if (!route.startsWith('/health') && route !== '/metrics') {
      const labels = { method: request.method, route, status: String(reply.statusCode) };
      total.inc(labels);
      duration.observe(labels, reply.elapsedTime / 1000);
    }
    done();
  });
}
