import { createHash } from 'node:crypto';
import { exportPKCS8, exportSPKI, generateKeyPair, importPKCS8, importSPKI, SignJWT, type CryptoKey } from 'jose';

export interface WebhookClaims {
  webhook_url: string;
  body_sha256: string;
  iat: number;
  exp: number;
}

/**
 * Signs webhook deliveries like Gong's "Signed JWT header" option: an RS256 JWT whose claims carry
 * the destination URL (`webhook_url`), the lower-case hex SHA-256 of the raw body (`body_sha256`)
 * and an expiry (`exp`). One key pair per simulated tenant.
 */
export class WebhookSigner {
  private constructor(
    private readonly privateKey: CryptoKey,
    readonly publicKeyPem: string,
    private readonly ttlSeconds: number,
  ) {}

  static async create(options: { privateKeyPem?: string; ttlSeconds?: number } = {}): Promise<WebhookSigner> {
    const ttl = options.ttlSeconds ?? 300;
    if (options.privateKeyPem) {
      const privateKey = await importPKCS8(options.privateKeyPem, 'RS256', { extractable: true });
      const { createPublicKey } = await import('node:crypto');
      const spki = createPublicKey(options.privateKeyPem).export({ type: 'spki', format: 'pem' }).toString();
      await importSPKI(spki, 'RS256');
      return new WebhookSigner(privateKey, spki, ttl);
    }
    const { privateKey, publicKey } = await generateKeyPair('RS256', { modulusLength: 2048, extractable: true });
    return new WebhookSigner(privateKey, await exportSPKI(publicKey), ttl);
  }

  /** The public key as Gong's UI shows it: bare base64 DER, no PEM armour. */
  get publicKeyBase64Der(): string {
    return this.publicKeyPem.replace(/-----(BEGIN|END) PUBLIC KEY-----/g, '').replace(/\s+/g, '');
  }

  async privateKeyPem(): Promise<string> {
    return exportPKCS8(this.privateKey);
  }

  async sign(webhookUrl: string, rawBody: string, nowMs: number): Promise<string> {
    const iat = Math.floor(nowMs / 1000);
    return new SignJWT({ webhook_url: webhookUrl, body_sha256: sha256Hex(rawBody) })
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT' })
      .setIssuedAt(iat)
      .setExpirationTime(iat + this.ttlSeconds)
      .sign(this.privateKey);
  }
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
