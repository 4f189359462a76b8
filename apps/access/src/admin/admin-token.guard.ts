import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { AppError, ErrorCode } from '@gong-connector/contracts';
import { createHash, timingSafeEqual } from 'node:crypto';
import { ACCESS_CONFIG } from '../access.tokens.js';
import type { AccessConfig } from '../config.js';

const digest = (value: string): Buffer => createHash('sha256').update(value).digest();

/**
 * Admits a request carrying `Authorization: Bearer <ACCESS_ADMIN_TOKEN>` (compared in constant
 * time). Without a configured token every admin request is refused: the endpoints are off.
 */
@Injectable()
export class AdminTokenGuard implements CanActivate {
  private readonly expected: Buffer | undefined;

  constructor(@Inject(ACCESS_CONFIG) config: Pick<AccessConfig, 'ACCESS_ADMIN_TOKEN'>) {
    this.expected = config.ACCESS_ADMIN_TOKEN === undefined ? undefined : digest(config.ACCESS_ADMIN_TOKEN);
  }

  canActivate(context: ExecutionContext): boolean {
    if (this.expected === undefined) {
      throw new AppError(ErrorCode.ACCESS_DENIED, 'Admin endpoints are off: set ACCESS_ADMIN_TOKEN to use them');
    }
    const header = context.switchToHttp().getRequest<{ headers: Record<string, string | string[] | undefined> }>().headers.authorization;
    const match = typeof header === 'string' ? /^Bearer (.+)$/i.exec(header.trim()) : null;
    if (match === null) {
      throw new AppError(ErrorCode.UNAUTHENTICATED, 'Admin endpoints need an Authorization: Bearer <ACCESS_ADMIN_TOKEN> header');
    }
    if (!timingSafeEqual(digest(match[1]), this.expected)) {
      throw new AppError(ErrorCode.UNAUTHENTICATED, 'The admin token is not valid');
    }
    return true;
  }
}
