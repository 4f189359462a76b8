import { AppError, ErrorCode, type Clock } from '@gong-connector/contracts';
import { decodeJwt, decodeProtectedHeader, errors, jwtVerify, type JWTPayload } from 'jose';
import type { TrustedIssuer } from './trusted-issuer.js';

/** Signature algorithms accepted: asymmetric only (no HS*: a public key must never verify as a shared secret). */
export const ACCEPTED_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];

export interface VerifiedAccessToken {
  issuer: TrustedIssuer;
  claims: JWTPayload;
}

const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/** Whether a bearer looks like a compact JWS (three base64url parts), i.e. may be an OAuth access token. */
export const looksLikeJwt = (token: string): boolean => JWT_SHAPE.test(token);

/**
 * Verifies an OAuth 2.1 JWT access token against the trusted issuers: the issuer is picked by the
 * token's exact `iss`, then signature (issuer keys, asymmetric algorithms), `aud` (one of ours),
 * `exp`/`nbf`/`iat` on the injected clock with a small skew, and `typ` where the issuer requires it.
 * Every refusal is UNAUTHENTICATED with a reason a person can act on; the token never appears in it.
 */
export class AccessTokenVerifier {
  constructor(
    private readonly issuers: () => readonly TrustedIssuer[],
    private readonly clock: Clock,
    private readonly skewMs: number,
  ) {}

  /** Whether any issuer is trusted (OAuth is on). */
  get enabled(): boolean {
    return this.issuers().length > 0;
  }

  async verify(token: string, audiences: readonly string[]): Promise<VerifiedAccessToken> {
    let iss: string | undefined;
    try {
      decodeProtectedHeader(token);
      iss = decodeJwt(token).iss;
    } catch {
      throw invalid('The bearer token is neither a token of this API (gca_…) nor a well-formed JWT access token');
    }
    const issuer = this.issuers().find((i) => i.issuer === iss);
    if (!issuer) throw invalid(`The access token's issuer ${JSON.stringify(iss ?? null)} is not trusted by this API`);
    try {
      const { payload } = await jwtVerify(token, issuer.keys, {
        issuer: issuer.issuer,
        audience: [...audiences],
        currentDate: new Date(this.clock.now()),
        clockTolerance: Math.floor(this.skewMs / 1000),
        algorithms: ACCEPTED_ALGORITHMS,
        requiredClaims: ['exp'],
        ...(issuer.requireTyp ? { typ: issuer.requireTyp } : {}),
      });
      return { issuer, claims: payload };
    } catch (error) {
      throw refusal(error);
    }
  }
}

const invalid = (message: string): AppError => new AppError(ErrorCode.UNAUTHENTICATED, message);

function refusal(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof errors.JWTExpired) return invalid('The access token has expired: get a new one (refresh or sign in again)');
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'aud') return invalid('The access token is for another audience: request it for this API (resource parameter = this server\'s /mcp URL)');
    if (error.claim === 'nbf') return invalid('The access token is not valid yet (nbf in the future)');
    if (error.claim === 'iat') return invalid('The access token was issued in the future (iat)');
    if (error.claim === 'typ') return invalid('The access token has the wrong type (typ header): an access token (at+jwt) is needed, not an ID token');
    if (error.claim === 'exp') return invalid('The access token has no expiry (exp)');
    return invalid(`The access token's ${error.claim} claim is not acceptable: ${error.reason}`);
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) return invalid('The access token\'s signature does not verify');
  if (error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSMultipleMatchingKeys) return invalid('The access token is signed with a key its issuer does not publish');
  if (error instanceof errors.JOSEAlgNotAllowed) return invalid('The access token is signed with an algorithm this API does not accept (asymmetric only)');
  if (error instanceof errors.JWKSTimeout || (error instanceof errors.JOSEError && error.code === 'ERR_JOSE_GENERIC')) {
    return new AppError(ErrorCode.DEPENDENCY_UNAVAILABLE, 'The token issuer\'s keys could not be fetched; try again shortly');
  }
  if (error instanceof errors.JOSEError) return invalid('The access token is not valid');
  return new AppError(ErrorCode.DEPENDENCY_UNAVAILABLE, 'The token issuer\'s keys could not be fetched; try again shortly');
}
