import { createHash, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { AppError, ErrorCode } from '@gong-connector/contracts';
import type { FastifyRequest } from 'fastify';
import type { IngestConfig } from '../config.js';
import { INGEST_CONFIG } from '../ingest.tokens.js';

/** The admin API's guard: `Authorization: Bearer <INGEST_ADMIN_TOKEN>`, compared in constant time. */
@Injectable()
export class AdminTokenGuard implements CanActivate {
  private readonly expected: Buffer | undefined;

  constructor(@Inject(INGEST_CONFIG) config: IngestConfig) {
    this.expected = config.INGEST_ADMIN_TOKEN === undefined ? undefined : digest(config.INGEST_ADMIN_TOKEN);
  }

  canActivate(context: ExecutionContext): boolean {
    if (!this.expected) {
      throw new AppError(ErrorCode.UNAUTHENTICATED, 'The admin API is disabled: set INGEST_ADMIN_TOKEN to use it');
    }
    const header = context.switchToHttp().getRequest<FastifyRequest>().headers.authorization ?? '';
    const token = /^Bearer\s+(.+)$/i.exec(header)?.[1]?.trim();
    if (!token || !timingSafeEqual(digest(token), this.expected)) {
      throw new AppError(ErrorCode.UNAUTHENTICATED, 'Missing or wrong admin token (Authorization: Bearer <INGEST_ADMIN_TOKEN>)');
    }
    return true;
  }
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}
