import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { AppError, ErrorCode } from '@gong-connector/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { RateLimiter } from '../rate-limit/rate-limiter.js';
import { AuthService } from './auth.service.js';
import type { Principal } from './principal.js';

export type AuthedRequest = FastifyRequest & { principal?: Principal };

/**
 * Authenticates the bearer token (401 without a valid one), applies the token's rate limit with
 * `RateLimit` / `RateLimit-Policy` headers (429 with Retry-After past it), and puts the Principal
 * on the request for `@CurrentPrincipal()`.
 */
@Injectable()
export class BearerAuthGuard implements CanActivate {
  constructor(
    @Inject(AuthService) private readonly auth: AuthService,
    @Inject(RateLimiter) private readonly limiter: RateLimiter,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const http = context.switchToHttp();
    const request = http.getRequest<AuthedRequest>();
    const reply = http.getResponse<FastifyReply>();
    const principal = await this.auth.authenticate(request.headers.authorization, request.headers['x-gong-user']);
    const decision = this.limiter.take(principal.tokenId);
    for (const [name, value] of Object.entries(RateLimiter.headers(decision))) void reply.header(name, value);
    if (!decision.allowed) {
      throw new AppError(
        ErrorCode.RATE_LIMITED,
        `Rate limit of ${decision.limit} requests per ${decision.windowSeconds} s reached for this token; retry in ${decision.resetSeconds} s`,
        { retryAfterMs: decision.resetSeconds * 1000 },
      );
    }
    request.principal = principal;
    return true;
  }
}
