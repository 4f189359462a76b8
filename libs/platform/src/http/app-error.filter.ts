import { Catch, HttpException, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { AppError, ErrorCode } from '@gong-connector/contracts';
import type { FastifyReply } from 'fastify';
import type { Logger } from '../logging/create-logger.js';
import { DEPENDENCY_RETRY_AFTER_MS, dependencyDown, dependencyName } from './dependency-failure.js';

const STATUS: Partial<Record<ErrorCode, number>> = {
  VALIDATION_FAILED: 400,
  UNAUTHENTICATED: 401,
  ACCESS_DENIED: 403,
  NOT_FOUND: 404,
  RATE_LIMITED: 429,
  QUOTA_EXHAUSTED: 429,
  QUOTA_DEADLINE_EXCEEDED: 503,
  QUOTA_PAUSED: 503,
  QUOTA_BREAKER_OPEN: 503,
  QUOTA_BROKER_UNAVAILABLE: 503,
  ACCESS_STALE: 503,
  DEPENDENCY_UNAVAILABLE: 503,
  GONG_RATE_LIMITED: 503,
  GONG_SERVER_ERROR: 502,
  GONG_BAD_RESPONSE: 502,
  GONG_TIMEOUT: 504,
  WEBHOOK_UNVERIFIED: 401,
  GONG_CREDITS_EXHAUSTED: 402,
};

export function httpStatusOf(code: ErrorCode): number {
  return STATUS[code] ?? 500;
}

/**
 * Every error leaves as `{ error: { code, message, details } }` with a stable code. An error that
 * says a dependency is down (PostgreSQL, NATS, Elasticsearch) is 503 DEPENDENCY_UNAVAILABLE with
 * `Retry-After` and the dependency in `details`; other unexpected errors are logged and answered
 * with a generic message (never internals or secrets).
 */
@Catch()
export class AppErrorFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    if (exception instanceof AppError) {
      if (exception.retryAfterMs !== undefined) reply.header('retry-after', String(Math.ceil(exception.retryAfterMs / 1000)));
      void reply.status(httpStatusOf(exception.code)).send({ error: exception.toJSON() });
      return;
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const code = status === 404 ? ErrorCode.NOT_FOUND : status === 401 ? ErrorCode.UNAUTHENTICATED : status < 500 ? ErrorCode.VALIDATION_FAILED : ErrorCode.INTERNAL;
      void reply.status(status).send({ error: { code, message: exception.message, details: [] } });
      return;
    }
    const err = exception as { statusCode?: number; message?: string };
    if (typeof err?.statusCode === 'number' && err.statusCode >= 400 && err.statusCode < 500) {
      // Fastify's own errors: body too large (413), malformed JSON (400), unsupported media type (415).
      void reply.status(err.statusCode).send({
        error: { code: ErrorCode.VALIDATION_FAILED, message: err.message ?? 'Bad request', details: [] },
      });
      return;
    }
    const down = dependencyDown(exception);
    if (down) {
      this.logger.warn({ dependency: down }, 'dependency unavailable');
      reply.header('retry-after', String(Math.ceil(DEPENDENCY_RETRY_AFTER_MS / 1000)));
      void reply.status(503).send({
        error: { code: ErrorCode.DEPENDENCY_UNAVAILABLE, message: `${dependencyName(down)} is unavailable; retry later`, details: [{ path: 'dependency', message: down }] },
      });
      return;
    }
    this.logger.error({ err: exception instanceof Error ? exception.message : String(exception) }, 'unhandled error');
    void reply.status(500).send({ error: { code: ErrorCode.INTERNAL, message: 'Internal error', details: [] } });
  }
}
