import { Inject, Injectable, Optional } from '@nestjs/common';
import { AppError, ErrorCode } from '@gong-connector/contracts';
import { ACCESS_FILTER_SOURCE } from '../agent-api.tokens.js';
import type { AccessFilterSource, AccessSubject } from '../access/access-filter.source.js';
import { AccessTokenVerifier, looksLikeJwt } from './oauth/access-token.verifier.js';
import { OAuthPrincipalResolver } from './oauth/oauth-principal.resolver.js';
import type { Principal } from './principal.js';
import { TOKEN_PREFIX, TokenService, grantOfToken } from './token.service.js';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Turns `Authorization: Bearer <token>`: a token of ours (`gca_…`) or, when OAuth is on, a JWT
 * access token of a trusted issuer for one of `audiences` (and, for service tokens with the act-as right,
 * `X-Gong-User: <email or id>`) into a Principal with that user's access filter. A missing or bad
 * token is UNAUTHENTICATED; the token itself never appears in an error or a log.
 */
@Injectable()
export class AuthService {
  private readonly oauthPrincipals: OAuthPrincipalResolver;

  constructor(
    @Inject(TokenService) private readonly tokens: TokenService,
    @Inject(ACCESS_FILTER_SOURCE) private readonly access: AccessFilterSource,
    @Optional() @Inject(AccessTokenVerifier) private readonly verifier?: AccessTokenVerifier,
  ) {
    this.oauthPrincipals = new OAuthPrincipalResolver(access);
  }

  async authenticate(
    authorization: string | string[] | undefined,
    actAsHeader: string | string[] | undefined,
    audiences: readonly string[] = [],
  ): Promise<Principal> {
    const header = Array.isArray(authorization) ? authorization[0] : authorization;
    const match = typeof header === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
    if (!match) {
      throw new AppError(ErrorCode.UNAUTHENTICATED, 'Missing bearer token: send Authorization: Bearer <token> (an admin-minted token or an OAuth access token)');
    }
    const secret = match[1]!;
    const named = (Array.isArray(actAsHeader) ? actAsHeader[0] : actAsHeader)?.trim();
    if (!secret.startsWith(TOKEN_PREFIX) && this.verifier?.enabled && looksLikeJwt(secret)) {
      if (named) throw new AppError(ErrorCode.ACCESS_DENIED, 'An OAuth access token acts for its own user only; X-Gong-User needs a service token with the actAs right');
      return this.oauthPrincipals.resolve(await this.verifier.verify(secret, audiences));
    }
    const token = await this.tokens.verify(secret);
    if (!token) throw new AppError(ErrorCode.UNAUTHENTICATED, 'The bearer token is not valid (unknown, expired or revoked)');
    let subject: AccessSubject;
    let label: string;
    if (token.kind === 'service') {
      if (!token.actAs) throw new AppError(ErrorCode.ACCESS_DENIED, 'This service token may not act for users (it lacks the actAs right)');
      if (!named) {
        throw new AppError(ErrorCode.VALIDATION_FAILED, 'Invalid headers: x-gong-user: a service token must name the end user (email or Gong user id)', {
          details: [{ path: 'x-gong-user', message: 'required with a service token' }],
        });
      }
      subject = parseSubject(named);
      label = named;
    } else {
      if (named) {
        throw new AppError(ErrorCode.ACCESS_DENIED, 'A user token acts for its own user only; X-Gong-User needs a service token with the actAs right');
      }
      subject = token.userId !== null ? { userId: token.userId } : { email: token.userEmail! };
      label = token.userId ?? token.userEmail!;
    }
    const reply = await this.access.filterFor(subject);
    return { tokenId: token.id, tokenKind: token.kind, user: reply.user, subject: label, filter: reply.filter, domains: reply.domains, dataAsOf: reply.dataAsOf, grant: grantOfToken(token) };
  }
}

function parseSubject(value: string): AccessSubject {
  if (/^\d{1,20}$/.test(value)) return { userId: value };
  if (EMAIL.test(value)) return { email: value.toLowerCase() };
  throw new AppError(ErrorCode.VALIDATION_FAILED, 'Invalid headers: x-gong-user: must be an email address or a Gong user id', {
    details: [{ path: 'x-gong-user', message: 'must be an email address or a Gong user id' }],
  });
}
