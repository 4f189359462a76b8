import { createHash, createPublicKey } from 'node:crypto';
import { exportPKCS8, exportSPKI, generateKeyPair, importPKCS8, SignJWT, type CryptoKey } from 'jose';

export interface WebhookClaims {
  webhook_url: string;
  body_sha256: string;
  iat: number;
  exp: number;
}

/** Generated once per process (RSA generation is the slow part of starting a simulator). */
let processKeyPair: Promise<{ privateKey: CryptoKey; publicKeyPem: string }> | undefined;

/**
 * Signs webhook deliveries like Gong's "Signed JWT header" option: an RS256 JWT whose claims carry
 * the destination URL (`webhook_url`), the lower-case hex SHA-256 of the raw body (`body_sha256`)
 * and an expiry (`exp`). Without a given key, simulators of one process share one generated key.
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
      const spki = createPublicKey(options.privateKeyPem).export({ type: 'spki', format: 'pem' }).toString();
      return new WebhookSigner(privateKey, spki, ttl);
    }
    processKeyPair ??= generateKeyPair('RS256', { modulusLength: 2048, extractable: true }).then(async ({ privateKey, publicKey }) => ({
      privateKey,
      publicKeyPem: await exportSPKI(publicKey),
    }));
    const { privateKey, publicKeyPem } = await processKeyPair;
    return new WebhookSigner(privateKey, publicKeyPem, ttl);
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
