import type { JWTVerifyGetKey } from 'jose';

/**
 * An authorization server whose JWT access tokens this resource server accepts: the company IdP
 * (AGENT_API_OAUTH_ISSUER, keys from its discovery document's jwks_uri) and, when it is on, the
 * built-in authorization server mounted under /oauth.
 */
export interface TrustedIssuer {
  /** The exact `iss` of its tokens. */
  issuer: string;
  /** Where its verification keys come from, e.g. createRemoteJWKSet(...) or createLocalJWKSet(publicJwks). */
  keys: JWTVerifyGetKey;
  /** The claim naming the user: 'email' (then email_verified must be true) or a configured one. */
  userClaim: string;
  /** The JWT `typ` header its access tokens must carry ('at+jwt' for the built-in AS). */
  requireTyp?: string;
}

/** Nest token: the built-in authorization server provides its TrustedIssuer under it when enabled. */
export const BUILTIN_TRUSTED_ISSUER = Symbol('BUILTIN_TRUSTED_ISSUER');
