import type { Database } from '../database/database.js';
import { SecretBox } from '../crypto/secret-box.js';

const PURPOSE = 'oauth_signing_keys.jwk';

type Stored = Record<string, unknown>;
const sealedOf = (jwk: Stored): string | null => (typeof jwk['sealed'] === 'string' ? jwk['sealed'] : null);

/**
 * The built-in authorization server's signing key when none is configured: generated once by
 * whichever replica starts first and shared by all (the first insert wins, the others read it).
 * A private key: sealed with SECRETS_ENCRYPTION_KEYS when set (`{"sealed": …}` in the jsonb
 * column), otherwise the table is as secret as the configured key would be.
 */
export class OAuthSigningKeyRepository {
  constructor(
    private readonly db: Database,
    private readonly box: SecretBox = SecretBox.plain,
  ) {}

  /** The stored key of this name, or `generated` stored as it when there is none yet. */
  async getOrCreate(name: string, generated: Record<string, unknown>): Promise<Record<string, unknown>> {
    await this.db.query('INSERT INTO oauth_signing_keys (name, jwk) VALUES ($1, $2::jsonb) ON CONFLICT (name) DO NOTHING', [name, this.seal(generated)]);
    const rows: { jwk: Stored }[] = await this.db.query('SELECT jwk FROM oauth_signing_keys WHERE name = $1', [name]);
    return this.open(rows[0]!.jwk);
  }

  /** Seals every stored key that is in clear or under an older key; the number resealed. */
  async reseal(): Promise<number> {
    if (!this.box.enabled) return 0;
    const rows: { name: string; jwk: Stored }[] = await this.db.query('SELECT name, jwk FROM oauth_signing_keys');
    let n = 0;
    for (const row of rows) {
      const sealed = sealedOf(row.jwk);
      if (sealed !== null && !this.box.needsReseal(sealed)) continue;
      await this.db.query('UPDATE oauth_signing_keys SET jwk = $2::jsonb WHERE name = $1 AND jwk = $3::jsonb', [row.name, this.seal(this.open(row.jwk)), JSON.stringify(row.jwk)]);
      n += 1;
    }
    return n;
  }

  private seal(jwk: Stored): string {
    return JSON.stringify(this.box.enabled ? { sealed: this.box.seal(JSON.stringify(jwk), PURPOSE) } : jwk);
  }

  private open(stored: Stored): Stored {
    const sealed = sealedOf(stored);
    return sealed === null ? stored : (JSON.parse(this.box.open(sealed, PURPOSE)) as Stored);
  }
}
