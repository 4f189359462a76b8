import type { JWTVerifyGetKey } from 'jose';
export interface TrustedIssuer {
  issuer: string;              // exact iss
  keys: JWTVerifyGetKey;       // e.g. createRemoteJWKSet(...) or createLocalJWKSet(publicJwks)
  userClaim: string;           // claim naming the user: 'email' (needs email_verified === true) or a configured one
  requireTyp?: string;         // 'at+jwt' for the built-in AS
}
/** Nest token: the built-in AS (helper `as`) provides its TrustedIssuer under it when enabled. */
export const BUILTIN_TRUSTED_ISSUER = Symbol('BUILTIN_TRUSTED_ISSUER');
