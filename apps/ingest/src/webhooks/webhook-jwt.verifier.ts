import { createHash, createPublicKey, timingSafeEqual, type KeyObject } from 'node:crypto';
import { AppError, ErrorCode, type Clock } from '@gong-connector/contracts';
import { errors, importSPKI, jwtVerify, type CryptoKey } from 'jose';
import type { WebhookVerdict } from './webhook-rejection.js';

export interface WebhookJwtVerifierOptions {
  /** PEM (SPKI or PKCS#1), or the bare base64 DER Gong's rule editor shows. */
  publicKey: string;
  /** The webhook URL as configured in Gong; the `webhook_url` claim must name it. */
  publicUrl: string;
  clockSkewMs: number;
  /** Longest lifetime accepted: `exp - iat`, and `exp` at most this far ahead of now (a ten-year token is refused). */
  maxLifetimeMs: number;
  clock: Clock;
}

/**
 * Verifies Gong's "Signed JWT header" webhooks: an RS256 JWT in `Authorization` (an optional
 * `Bearer ` prefix is stripped) whose signature checks out with the rule's public key, that has not
 * expired (`exp`, with a small clock skew), whose `body_sha256` is the lower-case hex SHA-256 of the
 * raw body, whose `webhook_url` is our public webhook URL (or, for a delivery that also carries the
 * URL key, that URL with the key), and whose lifetime is at most `maxLifetimeMs` (`exp - iat`, and
 * `exp - now`, so a missing or forged `iat` does not lengthen it).
 */
export class WebhookJwtVerifier {
  private constructor(
    private readonly key: CryptoKey,
    private readonly publicUrl: string,
    private readonly options: WebhookJwtVerifierOptions,
  ) {}

  static async create(options: WebhookJwtVerifierOptions): Promise<WebhookJwtVerifier> {
    const spki = WebhookJwtVerifier.readKey(options.publicKey).export({ type: 'spki', format: 'pem' }).toString();
    const key = await importSPKI(spki, 'RS256');
    return new WebhookJwtVerifier(key, normalizeUrl(options.publicUrl), options);
  }

  /** `alsoAcceptedUrls`: other URLs the `webhook_url` claim may name (the public URL with the URL key the delivery came with). */
  async verify(authorization: string | undefined, rawBody: Buffer, alsoAcceptedUrls: readonly string[] = []): Promise<WebhookVerdict> {
    const token = authorization?.replace(/^Bearer\s+/i, '').trim();
    if (!token) return { ok: false, reason: 'missing-token' };
    let claims: Record<string, unknown>;
    try {
      const result = await jwtVerify(token, this.key, {
        algorithms: ['RS256'],
        clockTolerance: Math.round(this.options.clockSkewMs / 1000),
        currentDate: new Date(this.options.clock.now()),
        requiredClaims: ['exp'],
      });
      claims = result.payload as Record<string, unknown>;
    } catch (error) {
      if (error instanceof errors.JWTExpired) return { ok: false, reason: 'expired' };
      if (error instanceof errors.JOSEAlgNotAllowed || error instanceof errors.JOSENotSupported) return { ok: false, reason: 'bad-algorithm' };
      if (error instanceof errors.JWSSignatureVerificationFailed) return { ok: false, reason: 'bad-signature' };
      if (error instanceof errors.JWTClaimValidationFailed) return { ok: false, reason: 'missing-claim' };
      return { ok: false, reason: 'malformed-token' };
    }
    if (this.tooLong(claims)) return { ok: false, reason: 'lifetime-too-long' };
    const bodyClaim = claims.body_sha256;
    const urlClaim = claims.webhook_url;
    if (typeof bodyClaim !== 'string' || typeof urlClaim !== 'string') return { ok: false, reason: 'missing-claim' };
    const actual = Buffer.from(createHash('sha256').update(rawBody).digest('hex'));
    const claimed = Buffer.from(bodyClaim.toLowerCase());
    if (claimed.length !== actual.length || !timingSafeEqual(claimed, actual)) return { ok: false, reason: 'body-mismatch' };
    const url = normalizeUrl(urlClaim);
    if (url !== this.publicUrl && !alsoAcceptedUrls.some((u) => normalizeUrl(u) === url)) return { ok: false, reason: 'url-mismatch' };
    return { ok: true, method: 'jwt' };
  }

  /** Whether the token lives longer than allowed: `exp - iat`, or `exp` further ahead of now than that (clock skew allowed). */
  private tooLong(claims: Record<string, unknown>): boolean {
    const exp = claims.exp as number;
    const maxS = this.options.maxLifetimeMs / 1000;
    if (typeof claims.iat === 'number' && exp - claims.iat > maxS) return true;
    return exp - this.options.clock.now() / 1000 > maxS + this.options.clockSkewMs / 1000;
  }

  /** An RSA public key from PEM or bare base64 DER; a configuration error names what is wrong. */
  static readKey(text: string): KeyObject {
    const trimmed = text.trim();
    let key: KeyObject;
    try {
      key = trimmed.includes('-----BEGIN')
        ? createPublicKey(trimmed.replace(/\\n/g, '\n'))
        : createPublicKey({ key: Buffer.from(trimmed.replace(/\s+/g, ''), 'base64'), format: 'der', type: 'spki' });
    } catch {
      throw new AppError(ErrorCode.CONFIG_INVALID, 'GONG_WEBHOOK_PUBLIC_KEY is not a public key (expected PEM or Gong’s base64 DER)', {
        details: [{ path: 'GONG_WEBHOOK_PUBLIC_KEY', message: 'not a readable public key' }],
      });
    }
    if (key.asymmetricKeyType !== 'rsa') {
      throw new AppError(ErrorCode.CONFIG_INVALID, 'GONG_WEBHOOK_PUBLIC_KEY must be an RSA key (Gong signs with RS256)', {
        details: [{ path: 'GONG_WEBHOOK_PUBLIC_KEY', message: `got a ${key.asymmetricKeyType ?? 'unknown'} key` }],
      });
    }
    return key;
  }
}

function normalizeUrl(url: string): string {
  try {
    return new URL(url).toString();
  } catch {
    return url;
  }
}
