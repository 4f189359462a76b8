import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AppError, ErrorCode } from '@gong-connector/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { RateLimiter } from '../rate-limit/rate-limiter.js';
import { AuthService } from './auth.service.js';
import { OAuthResource } from './oauth/oauth-resource.js';
import type { Principal } from './principal.js';
import { REQUIRES_GRANT } from './requires-grant.decorator.js';
import { decideToolAccess, type ToolAccessTarget } from './tool-access.js';

export type AuthedRequest = FastifyRequest & { principal?: Principal };

/**
 * Authenticates the bearer token (a token of ours or an OAuth access token for this resource; 401
 * with `WWW-Authenticate: Bearer resource_metadata=…` without a valid one), checks the route's
 * `@RequiresGrant` (403 with `error="insufficient_scope"` for a missing scope, 403 naming the limit
 * for a tool-limited token), applies the token's rate limit with `RateLimit` / `RateLimit-Policy`
 * headers (429 with Retry-After past it), and puts the Principal on the request.
 */
@Injectable()
export class BearerAuthGuard implements CanActivate {
  constructor(
    @Inject(AuthService) private readonly auth: AuthService,
    @Inject(RateLimiter) private readonly limiter: RateLimiter,
    @Inject(OAuthResource) private readonly resource: OAuthResource,
    @Inject(Reflector) private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const http = context.switchToHttp();
    const request = http.getRequest<AuthedRequest>();
    const reply = http.getResponse<FastifyReply>();
    const base = this.resource.baseUrl(request.raw.socket.localPort);
    let principal: Principal;
    try {
      principal = await this.auth.authenticate(request.headers.authorization, request.headers['x-gong-user'], this.resource.audiences(base));
    } catch (error) {
      if (AppError.is(error, ErrorCode.UNAUTHENTICATED)) {
        void reply.header('www-authenticate', this.resource.unauthorizedChallenge(base, request.headers.authorization !== undefined));
      }
      throw error;
    }
    const needs = this.reflector.getAllAndOverride<ToolAccessTarget[] | undefined>(REQUIRES_GRANT, [context.getHandler(), context.getClass()]);
    if (needs && needs.length > 0) {
      const decisions = needs.map((target) => decideToolAccess(principal, target));
      if (!decisions.some((d) => d.allowed)) {
        const missing = decisions.find((d) => !d.allowed && d.missingScope !== undefined);
        if (missing && !missing.allowed && missing.missingScope) {
          void reply.header('www-authenticate', this.resource.insufficientScopeChallenge(base, missing.missingScope));
          throw new AppError(ErrorCode.ACCESS_DENIED, `This token lacks the scope ${missing.missingScope} this operation needs`);
        }
        throw new AppError(ErrorCode.ACCESS_DENIED, `This token is limited to other tools or tags: this operation is the ${needs.map((n) => n.name).join(' / ')} tool (tags ${[...new Set(needs.flatMap((n) => n.tags))].join(', ') || 'none'})`);
      }
    }
    const decision = await this.limiter.take(principal.tokenId);
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
