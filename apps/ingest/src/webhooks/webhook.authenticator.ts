import type { WebhookVerdict } from './webhook-rejection.js';
import type { WebhookJwtVerifier } from './webhook-jwt.verifier.js';
import type { WebhookUrlKeyMatcher } from './webhook-url-key.matcher.js';

/**
 * Decides how a delivery proves it comes from Gong: a key in the URL ("URL includes key") when one
 * is present, otherwise the signed JWT in `Authorization`. Whatever is not configured is refused.
 */
export class WebhookAuthenticator {
  constructor(
    private readonly jwt: WebhookJwtVerifier | undefined,
    private readonly urlKey: WebhookUrlKeyMatcher,
  ) {}

  async authenticate(authorization: string | undefined, urlKey: string | undefined, rawBody: Buffer): Promise<WebhookVerdict> {
    if (urlKey !== undefined) {
      if (!this.urlKey.configured) return { ok: false, reason: 'url-key-not-configured' };
      return this.urlKey.matches(urlKey) ? { ok: true, method: 'url-key' } : { ok: false, reason: 'bad-url-key' };
    }
    if (!this.jwt) return { ok: false, reason: authorization ? 'jwt-not-configured' : 'missing-token' };
    return this.jwt.verify(authorization, rawBody);
  }
}
