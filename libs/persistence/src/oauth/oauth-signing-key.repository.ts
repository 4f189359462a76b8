import type { Database } from '../database/database.js';

/**
 * The built-in authorization server's signing key when none is configured: generated once by
 * whichever replica starts first and shared by all (the first insert wins, the others read it).
 * A private key: the table is as secret as the configured key would be.
 */
export class OAuthSigningKeyRepository {
  constructor(private readonly db: Database) {}

  /** The stored key of this name, or `generated` stored as it when there is none yet. */
  async getOrCreate(name: string, generated: Record<string, unknown>): Promise<Record<string, unknown>> {
    await this.db.query('INSERT INTO oauth_signing_keys (name, jwk) VALUES ($1, $2::jsonb) ON CONFLICT (name) DO NOTHING', [name, JSON.stringify(generated)]);
    const rows: { jwk: Record<string, unknown> }[] = await this.db.query('SELECT jwk FROM oauth_signing_keys WHERE name = $1', [name]);
    return rows[0]!.jwk;
  }
}
