import { AppError, ErrorCode } from '@gong-connector/contracts';
import type { JWTPayload } from 'jose';
import type { AccessFilterSource } from '../../access/access-filter.source.js';
import type { Principal } from '../principal.js';
import type { ToolGrant } from '../tool-access.js';
import type { VerifiedAccessToken } from './access-token.verifier.js';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * The Principal of a verified OAuth access token: the user named by the issuer's user claim (an
 * email: with the `email` claim, `email_verified` must be true), mapped to an ACTIVE Gong user with
 * that email, with the grant of the token's scopes and gong_* limit claims. A person without an
 * active Gong user is refused (403), never given someone else's view or an empty one.
 */
export class OAuthPrincipalResolver {
  constructor(private readonly access: AccessFilterSource) {}

  async resolve({ issuer, claims }: VerifiedAccessToken): Promise<Principal> {
    const value = claims[issuer.userClaim];
    if (typeof value !== 'string' || !EMAIL.test(value.trim())) {
      throw new AppError(
        ErrorCode.ACCESS_DENIED,
        `The access token has no ${issuer.userClaim} claim with an email address naming the user: configure the identity provider to include it (or set AGENT_API_OAUTH_USER_CLAIM)`,
      );
    }
    if (issuer.userClaim === 'email' && claims['email_verified'] !== true) {
      throw new AppError(ErrorCode.ACCESS_DENIED, 'The access token\'s email is not verified by the identity provider (email_verified is not true)');
    }
    const email = value.trim().toLowerCase();
    const reply = await this.access.filterFor({ email });
    if (!reply.user || !reply.user.active) {
      throw new AppError(
        ErrorCode.ACCESS_DENIED,
        `No active Gong user has the email ${email}: ask a Gong admin to add or activate the user (answers are only given in a Gong user's view)`,
      );
    }
    const clientId = typeof claims['client_id'] === 'string' ? claims['client_id'] : typeof claims['azp'] === 'string' ? claims['azp'] : 'unknown-client';
    return {
      tokenId: `oauth:${clientId}:${claims.sub ?? email}`,
      tokenKind: 'user',
      user: reply.user,
      subject: email,
      filter: reply.filter,
      domains: reply.domains,
      dataAsOf: reply.dataAsOf,
      grant: grantFromClaims(claims),
    };
  }
}

/** Scopes from `scope` (space-delimited) or `scp` (array or string: Okta, Entra ID); limits from gong_* claims. */
export function grantFromClaims(claims: JWTPayload): ToolGrant {
  const raw = claims['scope'] ?? claims['scp'];
  const list = Array.isArray(raw) ? raw.filter((s): s is string => typeof s === 'string') : typeof raw === 'string' ? raw.split(/\s+/) : [];
  let scopes = new Set(list.filter((s) => s.length > 0));
  const readOnly = claims['gong_read_only'];
  if (readOnly !== undefined && readOnly !== null && readOnly !== false) scopes = new Set([...scopes].filter((s) => s === 'gong:read'));
  // A limit claim of an odd shape limits more, never less: a string is one name, anything else allows nothing.
  const strings = (v: unknown): ReadonlySet<string> | undefined =>
    v === undefined || v === null
      ? undefined
      : Array.isArray(v)
        ? new Set(v.filter((s): s is string => typeof s === 'string'))
        : typeof v === 'string'
          ? new Set([v])
          : new Set<string>();
  return { scopes, tools: strings(claims['gong_tools']), tags: strings(claims['gong_tool_tags']) };
}
