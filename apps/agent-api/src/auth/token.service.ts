import { AppError, ErrorCode, type Clock } from '@gong-connector/contracts';
import type { ApiTokenRecord, ApiTokenRepository } from '@gong-connector/persistence';
import { createHash, randomBytes, randomUUID } from 'node:crypto';

/** Prefix of every agent API token (makes leaked tokens easy to find with secret scanners). */
export const TOKEN_PREFIX = 'gca_';

export interface CreateTokenInput {
  kind: 'user' | 'service';
  name?: string | undefined;
  /** A Gong user id (digits) or email address; required for user tokens. */
  user?: string | undefined;
  /** Service tokens: may act for the user named in X-Gong-User. */
  actAs?: boolean | undefined;
  expiresInMs?: number | undefined;
}

export const hashToken = (secret: string): string => createHash('sha256').update(secret).digest('hex');

/**
 * Creates, verifies, lists and revokes bearer tokens. A token is 32 random bytes (base64url) behind
 * `gca_`; only its sha256 is stored, and the secret is returned once, by `create`. Verified tokens
 * are trusted for `cacheMs` (a revocation takes effect within that).
 */
export class TokenService {
  private readonly cache = new Map<string, { at: number; record: ApiTokenRecord | undefined }>();
  private readonly touched = new Set<string>();

  constructor(
    private readonly repo: ApiTokenRepository,
    private readonly clock: Clock,
    private readonly cacheMs: number,
  ) {}

  async create(input: CreateTokenInput): Promise<{ token: string; record: ApiTokenRecord }> {
    if (input.kind === 'user' && !input.user) {
      throw new AppError(ErrorCode.VALIDATION_FAILED, 'Invalid token: user: a user token needs the Gong user (email or id) it acts for', {
        details: [{ path: 'user', message: 'required for user tokens' }],
      });
    }
    const user = input.user?.trim();
    const isId = user !== undefined && /^\d{1,20}$/.test(user);
    const secret = `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
    const record = await this.repo.create({
      id: randomUUID(),
      tokenHash: hashToken(secret),
      kind: input.kind,
      name: input.name ?? (input.kind === 'user' ? `token for ${user}` : 'service token'),
      userId: isId ? user : null,
      userEmail: user !== undefined && !isId ? user.toLowerCase() : null,
      actAs: input.kind === 'service' && input.actAs === true,
      expiresAt: input.expiresInMs === undefined ? null : new Date(this.clock.now() + input.expiresInMs),
    });
    return { token: secret, record };
  }

  /** The active token for a presented secret, or undefined (unknown, expired or revoked). */
  async verify(secret: string): Promise<ApiTokenRecord | undefined> {
    const hash = hashToken(secret);
    const now = this.clock.now();
    let entry = this.cache.get(hash);
    if (!entry || now - entry.at > this.cacheMs) {
      entry = { at: now, record: await this.repo.findByHash(hash) };
      if (this.cache.size > 10_000) this.cache.clear();
      this.cache.set(hash, entry);
    }
    const r = entry.record;
    if (!r || r.revokedAt !== null || (r.expiresAt !== null && Date.parse(r.expiresAt) <= now)) return undefined;
    this.touched.add(r.id);
    return r;
  }

  /** Writes last-used times gathered since the previous flush. */
  async flushUsage(): Promise<void> {
    const ids = [...this.touched];
    this.touched.clear();
    await this.repo.touch(ids, new Date(this.clock.now()));
  }

  list(includeInactive = false): Promise<ApiTokenRecord[]> {
    return this.repo.list({ includeInactive });
  }

  async revoke(id: string): Promise<ApiTokenRecord> {
    await this.repo.revoke(id);
    this.cache.clear();
    return this.mustGet(id);
  }

  async expire(id: string, at: Date): Promise<ApiTokenRecord> {
    if (!(await this.repo.expire(id, at))) throw notFound(id);
    this.cache.clear();
    return this.mustGet(id);
  }

  private async mustGet(id: string): Promise<ApiTokenRecord> {
    const record = await this.repo.get(id);
    if (!record) throw notFound(id);
    return record;
  }
}

const notFound = (id: string): AppError => new AppError(ErrorCode.NOT_FOUND, `No token with id ${id}`);

/** Parses `30d`, `12h`, `45m`, `90s` or plain milliseconds. */
export function parseDuration(text: string): number | undefined {
  const m = /^(\d+)\s*(ms|s|m|h|d|w)?$/.exec(text.trim());
  if (!m) return undefined;
  const unit = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 }[(m[2] ?? 'ms') as 'ms'];
  return Number(m[1]) * unit;
}
