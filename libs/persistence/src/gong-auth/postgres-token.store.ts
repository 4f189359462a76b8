import { AppError, ErrorCode } from '@gong-connector/contracts';
import type { OAuthTokens, TokenStore } from '@gong-connector/gong-client';
import { createHash } from 'node:crypto';
import type { Database } from '../database/database.js';
import { SecretBox } from '../crypto/secret-box.js';
import { z } from 'zod';

const StoredTokensSchema = z.object({
  accessToken: z.string(),
  refreshToken: z.string().min(1),
  expiresAt: z.number().optional(),
  apiBaseUrl: z.string().optional(),
  scope: z.string().optional(),
});

/**
 * The company's Gong OAuth grant in PostgreSQL (`gong_oauth_grants`), one row per grant name,
 * shared by every process that calls Gong with it. `save` commits before it resolves (the OAuth
 * client awaits it before it uses a new access token), and `exclusive` holds a PostgreSQL advisory
 * lock for the grant on a connection of its own, so processes refresh one at a time and each one
 * that waited adopts the pair the other saved instead of spending the used refresh token again.
 * A process that dies mid-refresh loses its connection, and with it the lock.
 */
export class PostgresTokenStore implements TokenStore {
  constructor(
    private readonly db: Database,
    private readonly name = 'default',
    /** Seals the stored tokens (SECRETS_ENCRYPTION_KEYS); `{"sealed": …}` in the jsonb column. */
    private readonly box: SecretBox = SecretBox.plain,
  ) {}

  private static readonly PURPOSE = 'gong_oauth_grants.tokens';

  private sealed(tokens: unknown): string {
    return this.box.enabled ? JSON.stringify({ sealed: this.box.seal(JSON.stringify(tokens), PostgresTokenStore.PURPOSE) }) : JSON.stringify(tokens);
  }

  private opened(stored: unknown): unknown {
    if (typeof stored === 'object' && stored !== null && typeof (stored as { sealed?: unknown }).sealed === 'string') {
      return JSON.parse(this.box.open((stored as { sealed: string }).sealed, PostgresTokenStore.PURPOSE)) as unknown;
    }
    return stored;
  }

  /** Seals the stored grant with the active key when it is in clear or under an older key; true when it did. Never overwrites a concurrent refresh. */
  async reseal(): Promise<boolean> {
    if (!this.box.enabled) return false;
    const rows: { tokens: unknown }[] = await this.db.query('SELECT tokens FROM gong_oauth_grants WHERE name = $1', [this.name]);
    const stored = rows[0]?.tokens;
    if (stored === undefined) return false;
    const current = typeof stored === 'object' && stored !== null && typeof (stored as { sealed?: unknown }).sealed === 'string' ? (stored as { sealed: string }).sealed : null;
    if (current !== null && !this.box.needsReseal(current)) return false;
    const updated: unknown[] = await this.db.query(
      'UPDATE gong_oauth_grants SET tokens = $2::jsonb, updated_at = now() WHERE name = $1 AND tokens = $3::jsonb RETURNING name',
      [this.name, this.sealed(this.opened(stored)), JSON.stringify(stored)],
    );
    return unwrap(updated).length > 0;
  }

  /**
   * Stores the grant configured for this deployment (its refresh token) unless the stored one was
   * seeded from the same token: at the first start the grant is stored, on later starts the
   * rotated grant is kept, and after the app was authorized again (a new token configured) the new
   * grant replaces the old. True when it was stored.
   */
  async seed(initial: OAuthTokens): Promise<boolean> {
    const tokens = StoredTokensSchema.parse(initial);
    const rows: unknown[] = await this.db.query(
      `INSERT INTO gong_oauth_grants (name, tokens, seed_sha256) VALUES ($1, $2::jsonb, $3)
       ON CONFLICT (name) DO UPDATE SET tokens = EXCLUDED.tokens, seed_sha256 = EXCLUDED.seed_sha256,
         version = gong_oauth_grants.version + 1, updated_at = now()
       WHERE gong_oauth_grants.seed_sha256 IS DISTINCT FROM EXCLUDED.seed_sha256
       RETURNING name`,
      [this.name, this.sealed(tokens), createHash('sha256').update(tokens.refreshToken).digest('hex')],
    );
    return unwrap(rows).length > 0;
  }

  async load(): Promise<OAuthTokens> {
    const rows: { tokens: unknown }[] = await this.db.query('SELECT tokens FROM gong_oauth_grants WHERE name = $1', [this.name]);
    const row = rows[0];
    if (!row) {
      throw new AppError(
        ErrorCode.CONFIG_INVALID,
        `No Gong OAuth grant "${this.name}" is stored: set GONG_OAUTH_REFRESH_TOKEN to the refresh token of the app's authorization (it is stored at the next start and rotated from then on)`,
      );
    }
    const parsed = StoredTokensSchema.safeParse(this.opened(row.tokens));
    if (!parsed.success) {
      throw new AppError(ErrorCode.CONFIG_INVALID, `The stored Gong OAuth grant "${this.name}" is not readable (${parsed.error.issues.map((i) => i.path.join('.') || 'tokens').join(', ')}); re-authorize the app`);
    }
    return stripUndefined(parsed.data);
  }

  async save(tokens: OAuthTokens): Promise<void> {
    await this.db.query(
      `INSERT INTO gong_oauth_grants (name, tokens) VALUES ($1, $2::jsonb)
       ON CONFLICT (name) DO UPDATE SET tokens = EXCLUDED.tokens, version = gong_oauth_grants.version + 1, updated_at = now()`,
      [this.name, this.sealed(StoredTokensSchema.parse(tokens))],
    );
  }

  async exclusive<T>(work: () => Promise<T>): Promise<T> {
    const runner = this.db.dataSource.createQueryRunner();
    await runner.connect();
    const key = `gong-oauth-grant:${this.name}`;
    try {
      // Keyed by schema too: test schemas (and tenants in schemas of their own) never wait on each other.
      await runner.query('SELECT pg_advisory_lock(hashtextextended(current_schema() || $1, 0))', [`:${key}`]);
      try {
        return await work();
      } finally {
        await runner.query('SELECT pg_advisory_unlock(hashtextextended(current_schema() || $1, 0))', [`:${key}`]);
      }
    } finally {
      await runner.release();
    }
  }
}

function unwrap(rows: unknown[]): unknown[] {
  // TypeORM answers INSERT ... RETURNING with [rows, count] on some drivers.
  return Array.isArray(rows[0]) ? (rows[0] as unknown[]) : rows;
}

function stripUndefined(t: z.infer<typeof StoredTokensSchema>): OAuthTokens {
  return {
    accessToken: t.accessToken,
    refreshToken: t.refreshToken,
    ...(t.expiresAt === undefined ? {} : { expiresAt: t.expiresAt }),
    ...(t.apiBaseUrl === undefined ? {} : { apiBaseUrl: t.apiBaseUrl }),
    ...(t.scope === undefined ? {} : { scope: t.scope }),
  };
}
