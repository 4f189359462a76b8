import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { AppError, ErrorCode } from '@gong-connector/contracts';
import { createHash, timingSafeEqual } from 'node:crypto';
import { AGENT_API_CONFIG } from '../agent-api.tokens.js';
import type { AgentApiConfig } from '../config.js';

const digest = (value: string): Buffer => createHash('sha256').update(value).digest();

/** Admits `Authorization: Bearer <AGENT_API_ADMIN_TOKEN>` (constant time); without the setting the admin API is off. */
@Injectable()
export class AdminTokenGuard implements CanActivate {
  private readonly expected: Buffer | undefined;

  constructor(@Inject(AGENT_API_CONFIG) config: Pick<AgentApiConfig, 'AGENT_API_ADMIN_TOKEN'>) {
    this.expected = config.AGENT_API_ADMIN_TOKEN === undefined ? undefined : digest(config.AGENT_API_ADMIN_TOKEN);
  }

  canActivate(context: ExecutionContext): boolean {
    if (this.expected === undefined) {
      throw new AppError(ErrorCode.ACCESS_DENIED, 'The admin API is off: set AGENT_API_ADMIN_TOKEN to use it');
    }
    const header = context.switchToHttp().getRequest<{ headers: Record<string, string | string[] | undefined> }>().headers.authorization;
    const match = typeof header === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
    if (match === null) throw new AppError(ErrorCode.UNAUTHENTICATED, 'The admin API needs Authorization: Bearer <AGENT_API_ADMIN_TOKEN>');
    if (!timingSafeEqual(digest(match[1]!), this.expected)) throw new AppError(ErrorCode.UNAUTHENTICATED, 'The admin token is not valid');
    return true;
  }
}
