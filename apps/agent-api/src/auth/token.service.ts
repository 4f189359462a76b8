import { AppError, ErrorCode, type Clock } from '@gong-connector/contracts';
import type { ApiTokenRecord, ApiTokenRepository } from '@gong-connector/persistence';
import { LRUCache } from 'lru-cache';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { GONG_SCOPES, TOOL_TAGS, type ToolGrant } from './tool-access.js';

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
  /** Default ['gong:read']. */
  scopes?: readonly string[] | undefined;
  /** Limit to these MCP tools (names). */
  tools?: readonly string[] | undefined;
  /** Limit to tools with these tags. */
  toolTags?: readonly string[] | undefined;
  readOnly?: boolean | undefined;
  /** Writes run without the confirmation step (trusted automations). */
  autoConfirm?: boolean | undefined;
}

/** What a token may use: its scopes (read-only keeps gong:read only) and its tool/tag limits. */
export function grantOfToken(token: Pick<ApiTokenRecord, 'scopes' | 'tools' | 'toolTags' | 'readOnly'> & Partial<Pick<ApiTokenRecord, 'autoConfirm'>>): ToolGrant {
  const scopes = token.readOnly ? token.scopes.filter((s) => s === 'gong:read') : token.scopes;
  return {
    scopes: new Set(scopes),
    tools: token.tools === null ? undefined : new Set(token.tools),
    tags: token.toolTags === null ? undefined : new Set(token.toolTags),
    ...(token.autoConfirm === true && !token.readOnly ? { autoConfirm: true } : {}),
  };
}

export const hashToken = (secret: string): string => createHash('sha256').update(secret).digest('hex');

/**
 * Creates, verifies, lists and revokes bearer tokens. A token is 32 random bytes (base64url) behind
 * `gca_`; only its sha256 is stored, and the secret is returned once, by `create`. Verified tokens
 * are trusted for `cacheMs` (a revocation takes effect within that).
 */
export class TokenService {
  /** Lookups by token hash, the least recently used forgotten first beyond 10,000 (never all at once). */
  private readonly cache = new LRUCache<string, { at: number; record: ApiTokenRecord | undefined }>({ max: 10_000 });
  private readonly touched = new Set<string>();

  constructor(
    private readonly repo: ApiTokenRepository,
    private readonly clock: Clock,
    private readonly cacheMs: number,
    /** Names of the MCP tools a token may be limited to (empty: names are not checked). */
    private readonly knownTools: readonly string[] = [],
  ) {}

  async create(input: CreateTokenInput): Promise<{ token: string; record: ApiTokenRecord }> {
    if (input.kind === 'user' && !input.user) {
      throw new AppError(ErrorCode.VALIDATION_FAILED, 'Invalid token: user: a user token needs the Gong user (email or id) it acts for', {
        details: [{ path: 'user', message: 'required for user tokens' }],
      });
    }
    const limits = validateLimits(input, this.knownTools);
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
      ...limits,
      autoConfirm: input.autoConfirm === true,
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

function validateLimits(
  input: CreateTokenInput,
  knownTools: readonly string[],
): { scopes: string[]; tools: string[] | null; toolTags: string[] | null; readOnly: boolean } {
  const details: { path: string; message: string }[] = [];
  const scopes = [...new Set(input.scopes ?? ['gong:read'])];
  const badScopes = scopes.filter((s) => !(GONG_SCOPES as readonly string[]).includes(s));
  if (badScopes.length > 0) details.push({ path: 'scopes', message: `unknown scope ${badScopes.join(', ')}; known: ${GONG_SCOPES.join(', ')}` });
  if (scopes.length === 0) details.push({ path: 'scopes', message: `at least one scope is needed (${GONG_SCOPES.join(', ')})` });
  const tools = input.tools === undefined ? null : [...new Set(input.tools)];
  const badTools = knownTools.length === 0 ? [] : (tools ?? []).filter((t) => !knownTools.includes(t));
  if (badTools.length > 0) details.push({ path: 'tools', message: `unknown tool ${badTools.join(', ')}; known: ${knownTools.join(', ')}` });
  if (tools !== null && tools.length === 0) details.push({ path: 'tools', message: 'an empty tool list would allow nothing: leave it out for no limit' });
  const toolTags = input.toolTags === undefined ? null : [...new Set(input.toolTags)];
  const badTags = (toolTags ?? []).filter((t) => !(TOOL_TAGS as readonly string[]).includes(t));
  if (badTags.length > 0) details.push({ path: 'toolTags', message: `unknown tag ${badTags.join(', ')}; known: ${TOOL_TAGS.join(', ')}` });
  if (toolTags !== null && toolTags.length === 0) details.push({ path: 'toolTags', message: 'an empty tag list would allow nothing: leave it out for no limit' });
  if (input.readOnly === true && scopes.length > 0 && !scopes.includes('gong:read')) {
    details.push({ path: 'readOnly', message: 'a read-only token needs the gong:read scope' });
  }
  if (details.length > 0) {
    throw new AppError(ErrorCode.VALIDATION_FAILED, `Invalid token: ${details.map((d) => `${d.path}: ${d.message}`).join('; ')}`, { details });
  }
  return { scopes, tools, toolTags, readOnly: input.readOnly === true };
}

const notFound = (id: string): AppError => new AppError(ErrorCode.NOT_FOUND, `No token with id ${id}`);

/** Parses `30d`, `12h`, `45m`, `90s` or plain milliseconds. */
export function parseDuration(text: string): number | undefined {
  const m = /^(\d+)\s*(ms|s|m|h|d|w)?$/.exec(text.trim());
  if (!m) return undefined;
  const unit = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 }[(m[2] ?? 'ms') as 'ms'];
  return Number(m[1]) * unit;
}
