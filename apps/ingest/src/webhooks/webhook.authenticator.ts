import type { WebhookVerdict } from './webhook-rejection.js';
import type { WebhookJwtVerifier } from './webhook-jwt.verifier.js';
import type { WebhookUrlKeyMatcher } from './webhook-url-key.matcher.js';

/**
 * Decides how a delivery proves it comes from Gong: a key in the URL ("URL includes key") when one
 * is present, otherwise the signed JWT in `Authorization`. Whatever is not configured is refused.
 * A JWT that comes with a right URL key is still verified (signature, `body_sha256`, expiry,
 * lifetime, `webhook_url`): a forged or mismatched one refuses the delivery, never is ignored; one
 * that cannot be verified (no public key configured) refuses it too.
 */
export class WebhookAuthenticator {
  constructor(
    private readonly jwt: WebhookJwtVerifier | undefined,
    private readonly urlKey: WebhookUrlKeyMatcher,
    private readonly publicUrl: string,
  ) {}

  /** The URLs a delivery with this key may have been sent to: the key as the last path segment, or as `?key=`. */
  private urlsWithKey(key: string): string[] {
    try {
      const inPath = new URL(this.publicUrl);
      inPath.pathname = `${inPath.pathname.replace(/\/+$/, '')}/${encodeURIComponent(key)}`;
      const inQuery = new URL(this.publicUrl);
      inQuery.searchParams.set('key', key);
      return [inPath.toString(), inQuery.toString()];
    } catch {
      return [];
    }
  }

  async authenticate(authorization: string | undefined, urlKey: string | undefined, rawBody: Buffer): Promise<WebhookVerdict> {
    if (urlKey !== undefined) {
      if (!this.urlKey.configured) return { ok: false, reason: 'url-key-not-configured' };
      if (!this.urlKey.matches(urlKey)) return { ok: false, reason: 'bad-url-key' };
      if (authorization === undefined || authorization.trim() === '') return { ok: true, method: 'url-key' };
      if (!this.jwt) return { ok: false, reason: 'jwt-not-configured' };
      const verdict = await this.jwt.verify(authorization, rawBody, this.urlsWithKey(urlKey));
      return verdict.ok ? { ok: true, method: 'url-key' } : verdict;
    }
    if (!this.jwt) return { ok: false, reason: authorization ? 'jwt-not-configured' : 'missing-token' };
    return this.jwt.verify(authorization, rawBody);
  }
}
