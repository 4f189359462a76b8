import type { Database } from '../database/database.js';
import { returningRows } from '../database/returning-rows.js';
import type { ApiTokenRecord } from './api-token.record.js';

interface TokenRow {
  id: string;
  kind: 'user' | 'service';
  name: string;
  user_id: string | null;
  user_email: string | null;
  act_as: boolean;
  scopes: string[];
  tools: string[] | null;
  tool_tags: string[] | null;
  read_only: boolean;
  auto_confirm: boolean;
  created_at: Date;
  expires_at: Date | null;
  revoked_at: Date | null;
  last_used_at: Date | null;
}

const iso = (d: Date | null): string | null => (d === null ? null : new Date(d).toISOString());

const toRecord = (r: TokenRow): ApiTokenRecord => ({
  id: r.id,
  kind: r.kind,
  name: r.name,
  userId: r.user_id,
  userEmail: r.user_email,
  actAs: r.act_as,
  scopes: r.scopes,
  tools: r.tools,
  toolTags: r.tool_tags,
  readOnly: r.read_only,
  autoConfirm: r.auto_confirm,
  createdAt: new Date(r.created_at).toISOString(),
  expiresAt: iso(r.expires_at),
  revokedAt: iso(r.revoked_at),
  lastUsedAt: iso(r.last_used_at),
});

export interface NewApiToken {
  id: string;
  tokenHash: string;
  kind: 'user' | 'service';
  name: string;
  userId: string | null;
  userEmail: string | null;
  actAs: boolean;
  expiresAt: Date | null;
  /** Default ['gong:read']. */
  scopes?: readonly string[];
  tools?: readonly string[] | null;
  toolTags?: readonly string[] | null;
  readOnly?: boolean;
  autoConfirm?: boolean;
}

/** Agent API bearer tokens, looked up by the sha256 of the presented secret. */
export class ApiTokenRepository {
  constructor(private readonly db: Database) {}

  async create(token: NewApiToken): Promise<ApiTokenRecord> {
    const rows: TokenRow[] = await this.db.query(
      `INSERT INTO api_tokens (id, token_hash, kind, name, user_id, user_email, act_as, expires_at, scopes, tools, tool_tags, read_only, auto_confirm)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING *`,
      [
        token.id,
        token.tokenHash,
        token.kind,
        token.name,
        token.userId,
        token.userEmail,
        token.actAs,
        token.expiresAt,
        [...(token.scopes ?? ['gong:read'])],
        token.tools ? [...token.tools] : null,
        token.toolTags ? [...token.toolTags] : null,
        token.readOnly ?? false,
        token.autoConfirm ?? false,
      ],
    );
    return toRecord(rows[0]!);
  }

  /** The token with this hash, whatever its state (callers check expiry and revocation). */
  async findByHash(tokenHash: string): Promise<ApiTokenRecord | undefined> {
    const rows: TokenRow[] = await this.db.query('SELECT * FROM api_tokens WHERE token_hash = $1', [tokenHash]);
    return rows[0] ? toRecord(rows[0]) : undefined;
  }

  async get(id: string): Promise<ApiTokenRecord | undefined> {
    const rows: TokenRow[] = await this.db.query('SELECT * FROM api_tokens WHERE id = $1', [id]);
    return rows[0] ? toRecord(rows[0]) : undefined;
  }

  async list(options: { includeInactive?: boolean } = {}): Promise<ApiTokenRecord[]> {
    const rows: TokenRow[] = await this.db.query(
      options.includeInactive
        ? 'SELECT * FROM api_tokens ORDER BY created_at DESC, id'
        : 'SELECT * FROM api_tokens WHERE revoked_at IS NULL AND (expires_at IS NULL OR expires_at > now()) ORDER BY created_at DESC, id',
    );
    return rows.map(toRecord);
  }

  /** Revokes at once; true when the token existed and was not revoked before. */
  async revoke(id: string): Promise<boolean> {
    const rows: unknown[] = returningRows(await this.db.query(
      'UPDATE api_tokens SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL RETURNING id', [id]));
    return rows.length > 0;
  }

  /** Sets (or clears) the expiry; true when the token exists. */
  async expire(id: string, at: Date): Promise<boolean> {
    const rows: unknown[] = returningRows(await this.db.query(
      'UPDATE api_tokens SET expires_at = $2 WHERE id = $1 RETURNING id', [id, at]));
    return rows.length > 0;
  }

  async touch(ids: readonly string[], at: Date): Promise<void> {
    if (ids.length === 0) return;
    await this.db.query('UPDATE api_tokens SET last_used_at = $2 WHERE id = ANY($1::text[])', [[...ids], at]);
  }
}
