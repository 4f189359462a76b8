import { createHash } from 'node:crypto';
import type { Database } from '../database/database.js';
import { returningRows } from '../database/returning-rows.js';
import type { OAuthGrantRecord, OAuthModelPayload } from './oauth-records.js';

interface ModelRow {
  payload: OAuthModelPayload;
  consumed_at: Date | null;
}

const sha256 = (value: string): string => createHash('sha256').update(value).digest('hex');
const epoch = (d: Date): number => Math.floor(new Date(d).getTime() / 1000);

export interface OAuthModelWrite {
  grantId?: string | undefined;
  uid?: string | undefined;
  userCode?: string | undefined;
  expiresAt: Date | null;
}

/**
 * The models of the built-in authorization server (oidc-provider's adapter contract), one table
 * for all of them. A model's id is a token value (a refresh token, an authorization code, a
 * session cookie), so only its sha256 is stored, and the payload is stored without it (`jti`);
 * every lookup hashes the id it is given. Expired rows are never returned.
 */
export class OAuthModelRepository {
  constructor(private readonly db: Database) {}

  async upsert(model: string, id: string, payload: OAuthModelPayload, write: OAuthModelWrite): Promise<void> {
    const { jti: _jti, ...rest } = payload;
    await this.db.query(
      `INSERT INTO oauth_models (model, id_sha256, payload, grant_id, uid, user_code, expires_at)
       VALUES ($1, $2, $3::jsonb, $4, $5, $6, $7)
       ON CONFLICT (model, id_sha256) DO UPDATE SET payload = EXCLUDED.payload, grant_id = EXCLUDED.grant_id,
         uid = EXCLUDED.uid, user_code = EXCLUDED.user_code, expires_at = EXCLUDED.expires_at`,
      [model, sha256(id), JSON.stringify(rest), write.grantId ?? null, write.uid ?? null, write.userCode ?? null, write.expiresAt],
    );
  }

  /** The payload with its id restored (`jti`), plus `consumed` (epoch seconds) once consumed. */
  async find(model: string, id: string): Promise<OAuthModelPayload | undefined> {
    const rows: ModelRow[] = await this.db.query(
      `SELECT payload, consumed_at FROM oauth_models
       WHERE model = $1 AND id_sha256 = $2 AND (expires_at IS NULL OR expires_at > now())`,
      [model, sha256(id)],
    );
    return rows[0] ? restore(rows[0], id) : undefined;
  }

  /** By a secondary key (a session's uid); the payload comes without its id, which only the holder knows. */
  async findByUid(model: string, uid: string): Promise<OAuthModelPayload | undefined> {
    return this.findBy(model, 'uid', uid);
  }

  async findByUserCode(model: string, userCode: string): Promise<OAuthModelPayload | undefined> {
    return this.findBy(model, 'user_code', userCode);
  }

  /** Marks the model consumed (a used code, a rotated refresh token); true when it existed. */
  async consume(model: string, id: string): Promise<boolean> {
    const rows: unknown[] = returningRows(
      await this.db.query(
        'UPDATE oauth_models SET consumed_at = COALESCE(consumed_at, now()) WHERE model = $1 AND id_sha256 = $2 RETURNING model',
        [model, sha256(id)],
      ),
    );
    return rows.length > 0;
  }

  async destroy(model: string, id: string): Promise<void> {
    await this.db.query('DELETE FROM oauth_models WHERE model = $1 AND id_sha256 = $2', [model, sha256(id)]);
  }

  /** Deletes every model of this kind issued under the grant. */
  async revokeByGrantId(model: string, grantId: string): Promise<void> {
    await this.db.query('DELETE FROM oauth_models WHERE model = $1 AND grant_id = $2', [model, grantId]);
  }

  /** Deletes the grant and everything issued under it (codes, refresh tokens); true when it existed. */
  async revokeGrant(grantId: string): Promise<boolean> {
    const rows: unknown[] = returningRows(
      await this.db.query("DELETE FROM oauth_models WHERE grant_id = $1 OR (model = 'Grant' AND id_sha256 = $2) RETURNING model", [grantId, sha256(grantId)]),
    );
    return rows.length > 0;
  }

  /** Live grants, newest first; optionally only those of one client. */
  async listGrants(clientId?: string): Promise<OAuthGrantRecord[]> {
    const rows: { grant_id: string; payload: OAuthModelPayload; created_at: Date; expires_at: Date | null }[] = await this.db.query(
      `SELECT grant_id, payload, created_at, expires_at FROM oauth_models
       WHERE model = 'Grant' AND grant_id IS NOT NULL AND (expires_at IS NULL OR expires_at > now())
         AND ($1::text IS NULL OR payload->>'clientId' = $1)
       ORDER BY created_at DESC, grant_id`,
      [clientId ?? null],
    );
    return rows.map((r) => ({
      grantId: r.grant_id,
      clientId: typeof r.payload['clientId'] === 'string' ? r.payload['clientId'] : null,
      accountId: typeof r.payload['accountId'] === 'string' ? r.payload['accountId'] : null,
      createdAt: new Date(r.created_at).toISOString(),
      expiresAt: r.expires_at ? new Date(r.expires_at).toISOString() : null,
    }));
  }

  /** Removes rows past their expiry; how many. */
  async deleteExpired(now: Date): Promise<number> {
    const rows: unknown[] = returningRows(
      await this.db.query('DELETE FROM oauth_models WHERE expires_at IS NOT NULL AND expires_at <= $1 RETURNING model', [now]),
    );
    return rows.length;
  }

  private async findBy(model: string, column: 'uid' | 'user_code', value: string): Promise<OAuthModelPayload | undefined> {
    const rows: ModelRow[] = await this.db.query(
      `SELECT payload, consumed_at FROM oauth_models
       WHERE model = $1 AND ${column} = $2 AND (expires_at IS NULL OR expires_at > now()) LIMIT 1`,
      [model, value],
    );
    return rows[0] ? restore(rows[0], undefined) : undefined;
  }
}

function restore(row: ModelRow, id: string | undefined): OAuthModelPayload {
  return {
    ...row.payload,
    ...(id !== undefined ? { jti: id } : {}),
    ...(row.consumed_at ? { consumed: epoch(row.consumed_at) } : {}),
  };
}
