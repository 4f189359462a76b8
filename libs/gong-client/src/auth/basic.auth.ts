import type { AuthGrant, GongAuth } from './gong-auth.port.js';

/** A Gong access key and its secret (Admin center > Settings > Ecosystem > API). */
export interface BasicCredentials {
  accessKey: string;
  accessKeySecret: string;
}

/** `Authorization: Basic base64(accessKey:accessKeySecret)`. A 401 is final. */
export class BasicAuth implements GongAuth {
  readonly refreshable = false;
  private readonly grant: AuthGrant;
  private readonly encoded: string;

  constructor(
    private readonly credentials: BasicCredentials,
    baseUrl: string,
  ) {
    this.encoded = Buffer.from(`${credentials.accessKey}:${credentials.accessKeySecret}`).toString('base64');
    this.grant = { baseUrl, authorization: `Basic ${this.encoded}`, version: 0 };
  }

  async authorize(): Promise<AuthGrant> {
    return this.grant;
  }

  async refresh(): Promise<void> {
    // Nothing to refresh: the transport fails with GONG_AUTH_FAILED.
  }

  secrets(): string[] {
    return [this.credentials.accessKeySecret, this.credentials.accessKey, this.encoded];
  }
}
