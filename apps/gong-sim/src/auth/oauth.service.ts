import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Clock } from '@gong-connector/contracts';

/** Every scope the simulator knows (from the spec's endpoint descriptions). */
export const ALL_SCOPES = [
  'api:calls:read:basic',
  'api:calls:read:extensive',
  'api:calls:read:media-url',
  'api:calls:read:transcript',
  'api:calls:create',
  'api:users:read',
  'api:workspaces:read',
  'api:stats:user-actions',
  'api:stats:user-actions:detailed',
  'api:stats:interaction',
  'api:stats:scorecards',
  'api:settings:scorecards:read',
  'api:settings:trackers:read',
  'api:library:read',
  'api:call-user-access:read',
  'api:call-user-access:write',
  'api:crm:integrations:read',
  'api:crm:integration:register',
  'api:crm:integration:delete',
  'api:crm:upload',
  'api:flows:read',
  'api:flows:write',
  'api:tasks:read',
  'api:tasks:write',
  'api:permission-profile:read',
  'api:permission-profile:write',
] as const;

export interface OAuthSettings {
  clientId: string;
  clientSecret: string;
  accessTokenTtlSeconds: number;
  /** The tenant host returned as api_base_url_for_customer. */
  apiBaseUrl: () => string;
}

export interface TokenResponse {
  access_token: string;
  refresh_token: string;
  scope: string;
  token_type: 'bearer';
  expires_in: number;
  api_base_url_for_customer: string;
}

export class OAuthError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    readonly description: string,
  ) {
    super(description);
  }
}

interface Grant {
  scopes: string[];
}

/**
 * The OAuth 2.0 authorization-code flow as Gong runs it: an authorize step that redirects with a
 * code, a token endpoint (`/oauth2/generate-customer-token`) with HTTP Basic client auth, and
 * single-use refresh tokens that rotate on every refresh.
 */
export class OAuthService {
  private readonly codes = new Map<string, { grant: Grant; redirectUri: string; expiresAt: number }>();
  private readonly accessTokens = new Map<string, { grant: Grant; expiresAt: number }>();
  private readonly refreshTokens = new Map<string, { grant: Grant; used: boolean }>();

  constructor(
    private readonly settings: OAuthSettings,
    private readonly clock: Clock,
  ) {}

  /** Step 1: the technical administrator approves; answers the redirect location. */
  authorize(params: Record<string, string | undefined>): string {
    if (params.client_id !== this.settings.clientId) throw new OAuthError(400, 'invalid_client', 'Unknown client_id');
    if (params.response_type !== 'code') throw new OAuthError(400, 'unsupported_response_type', 'response_type must be code');
    const redirectUri = params.redirect_uri;
    if (!redirectUri || !/^https?:\/\//.test(redirectUri)) throw new OAuthError(400, 'invalid_request', 'redirect_uri is required');
    const scopes = this.parseScopes(params.scope);
    const code = token('c');
    this.codes.set(code, { grant: { scopes }, redirectUri, expiresAt: this.clock.now() + 10 * 60_000 });
    const url = new URL(redirectUri);
    url.searchParams.set('code', code);
    if (params.state !== undefined) url.searchParams.set('state', params.state);
    return url.toString();
  }

  /** Step 2 and refresh: `/oauth2/generate-customer-token`. */
  exchange(params: Record<string, string | undefined>, authorization: string | undefined): TokenResponse {
    this.authenticateClient(params, authorization);
    if (params.grant_type === 'authorization_code') {
      const entry = params.code ? this.codes.get(params.code) : undefined;
      if (!entry || entry.expiresAt <= this.clock.now()) throw new OAuthError(400, 'invalid_grant', 'Invalid or expired authorization code');
      this.codes.delete(params.code!);
      if (params.redirect_uri !== undefined && params.redirect_uri !== entry.redirectUri) {
        throw new OAuthError(400, 'invalid_grant', 'redirect_uri does not match the authorization request');
      }
      return this.issue(entry.grant);
    }
    if (params.grant_type === 'refresh_token') {
      const entry = params.refresh_token ? this.refreshTokens.get(params.refresh_token) : undefined;
      if (!entry) throw new OAuthError(400, 'invalid_grant', 'Invalid refresh token');
      if (entry.used) throw new OAuthError(400, 'invalid_grant', 'Refresh token has already been used');
      entry.used = true;
      return this.issue(entry.grant);
    }
    throw new OAuthError(400, 'unsupported_grant_type', 'grant_type must be authorization_code or refresh_token');
  }

  /** Scopes of a live access token, or undefined. */
  verifyAccessToken(accessToken: string): ReadonlySet<string> | undefined {
    const entry = this.accessTokens.get(accessToken);
    if (!entry || entry.expiresAt <= this.clock.now()) return undefined;
    return new Set(entry.grant.scopes);
  }

  /** Skips the browser step: tokens for tests (all scopes unless told). */
  issueForTests(scopes: readonly string[] = ALL_SCOPES): TokenResponse {
    return this.issue({ scopes: [...scopes] });
  }

  private issue(grant: Grant): TokenResponse {
    const access = token('a');
    const refresh = token('r');
    this.accessTokens.set(access, { grant, expiresAt: this.clock.now() + this.settings.accessTokenTtlSeconds * 1000 });
    this.refreshTokens.set(refresh, { grant, used: false });
    return {
      access_token: access,
      refresh_token: refresh,
      scope: grant.scopes.join(' '),
      token_type: 'bearer',
      expires_in: this.settings.accessTokenTtlSeconds,
      api_base_url_for_customer: this.settings.apiBaseUrl(),
    };
  }

  private authenticateClient(params: Record<string, string | undefined>, authorization: string | undefined): void {
    let id = params.client_id;
    let secret = params.client_secret;
    const basic = authorization && /^basic\s+(.+)$/i.exec(authorization.trim());
    if (basic) {
      const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
      const i = decoded.indexOf(':');
      id = decoded.slice(0, i);
      secret = decoded.slice(i + 1);
    }
    const ok = id === this.settings.clientId && secret !== undefined && safeEqual(secret, this.settings.clientSecret);
    if (!ok) throw new OAuthError(401, 'invalid_client', 'Client authentication failed');
  }

  private parseScopes(scope: string | undefined): string[] {
    if (!scope) return [...ALL_SCOPES];
    const scopes = scope.split(/[\s+]+/).filter(Boolean);
    const unknown = scopes.filter((s) => !(ALL_SCOPES as readonly string[]).includes(s));
    if (unknown.length) throw new OAuthError(400, 'invalid_scope', `Unknown scope(s): ${unknown.join(', ')}`);
    return scopes;
  }
}

function token(prefix: string): string {
  return `${prefix}${randomBytes(24).toString('base64url')}`;
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
