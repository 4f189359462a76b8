import { timingSafeEqual } from 'node:crypto';
import type { OAuthService } from './oauth.service.js';

export type AuthResult =
  | { ok: true; kind: 'basic' }
  | { ok: true; kind: 'bearer'; scopes: ReadonlySet<string> }
  | { ok: false; reason: string };

/**
 * Checks the Authorization header of a Gong API request: Basic with the configured access key and
 * secret, or Bearer with an access token from the simulated OAuth flow.
 */
export class CredentialsVerifier {
  private readonly expected: Buffer;

  constructor(
    accessKey: string,
    accessKeySecret: string,
    private readonly oauth: OAuthService,
  ) {
    this.expected = Buffer.from(`${accessKey}:${accessKeySecret}`, 'utf8');
  }

  verify(header: string | undefined): AuthResult {
    if (!header) return { ok: false, reason: 'missing Authorization header' };
    const [scheme, value = ''] = header.trim().split(/\s+/, 2);
    if (/^basic$/i.test(scheme)) {
      const given = Buffer.from(value, 'base64');
      const same = given.length === this.expected.length && timingSafeEqual(given, this.expected);
      return same ? { ok: true, kind: 'basic' } : { ok: false, reason: 'bad access key or secret' };
    }
    if (/^bearer$/i.test(scheme)) {
      const scopes = this.oauth.verifyAccessToken(value);
      return scopes ? { ok: true, kind: 'bearer', scopes } : { ok: false, reason: 'unknown or expired access token' };
    }
    return { ok: false, reason: `unsupported scheme ${scheme}` };
  }
}
