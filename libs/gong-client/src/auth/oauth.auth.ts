import { issuesToDetails, type Clock } from '@gong-connector/contracts';
import { gongErrorFor } from '../errors/gong-error.factory.js';
import { GongError } from '../errors/gong.error.js';
import type { ExchangeContext, PermittedFetcher } from '../http/permitted.fetcher.js';
import { parseGongJson } from '../json/gong-json.parser.js';
import { OAuthTokenResponseSchema } from '../schemas/oauth-token.schema.js';
import type { AuthGrant, GongAuth } from './gong-auth.port.js';
import type { OAuthTokens, TokenStore } from './token-store.port.js';

/** An OAuth app's client credentials and where its company's tokens are kept. */
export interface OAuthCredentials {
  clientId: string;
  clientSecret: string;
  tokenStore: TokenStore;
  /** Host of the token endpoint (default `https://app.gong.io`, whatever the tenant's API host). */
  oauthBaseUrl?: string;
  /** Refresh this long before a known expiry (default 60 s). */
  refreshSkewMs?: number;
}

export const DEFAULT_OAUTH_BASE_URL = 'https://app.gong.io';
const TOKEN_ENDPOINT = 'POST /oauth2/generate-customer-token';

/**
 * `Authorization: Bearer <access token>` against `api_base_url_for_customer`. On a 401 (or shortly
 * before a known expiry) it refreshes through `POST {oauthBaseUrl}/oauth2/generate-customer-token`
 * with `grant_type=refresh_token&refresh_token=…` in the query and the client credentials as Basic
 * auth. Refresh tokens are single-use, so:
 * - one refresh at a time (single-flight): concurrent 401s wait for the same refresh, and a 401 on a
 *   token that was already replaced just retries with the new one;
 * - the store is re-read first, to adopt tokens another process already rotated, inside the store's
 *   `exclusive` section when it has one (so processes sharing the grant refresh one at a time);
 * - the new tokens are saved (awaited) before the new access token is used.
 */
export class OAuthAuth implements GongAuth {
  readonly refreshable = true;
  private tokens: OAuthTokens | undefined;
  private loading: Promise<OAuthTokens> | undefined;
  private refreshing: Promise<void> | undefined;
  private version = 0;
  private readonly seenSecrets = new Set<string>();
  private readonly clientBasic: string;
  private readonly oauthBaseUrl: string;
  private readonly refreshSkewMs: number;

  constructor(
    private readonly credentials: OAuthCredentials,
    private readonly defaultApiBaseUrl: string,
    private readonly fetcher: PermittedFetcher,
    private readonly clock: Clock,
  ) {
    this.clientBasic = Buffer.from(`${credentials.clientId}:${credentials.clientSecret}`).toString('base64');
    this.oauthBaseUrl = trimSlash(credentials.oauthBaseUrl ?? DEFAULT_OAUTH_BASE_URL);
    this.refreshSkewMs = credentials.refreshSkewMs ?? 60_000;
    this.seenSecrets.add(credentials.clientSecret);
    this.seenSecrets.add(this.clientBasic);
  }

  async authorize(context: ExchangeContext): Promise<AuthGrant> {
    let tokens = await this.current();
    if (this.isExpired(tokens)) {
      await this.refresh({ baseUrl: '', authorization: '', version: this.version }, context);
      tokens = await this.current();
    }
    return {
      baseUrl: trimSlash(tokens.apiBaseUrl ?? this.defaultApiBaseUrl),
      authorization: `Bearer ${tokens.accessToken}`,
      version: this.version,
    };
  }

  refresh(grant: AuthGrant, context: ExchangeContext): Promise<void> {
    if (grant.version !== this.version) return Promise.resolve(); // already replaced since that request
    this.refreshing ??= this.doRefresh(context).finally(() => {
      this.refreshing = undefined;
    });
    return this.refreshing;
  }

  secrets(): string[] {
    return [...this.seenSecrets];
  }

  private async current(): Promise<OAuthTokens> {
    if (this.tokens !== undefined) return this.tokens;
    this.loading ??= this.credentials.tokenStore.load().finally(() => {
      this.loading = undefined;
    });
    const loaded = await this.loading;
    if (this.tokens === undefined) this.adopt(loaded);
    return this.tokens ?? loaded;
  }

  private doRefresh(context: ExchangeContext): Promise<void> {
    const store = this.credentials.tokenStore;
    return store.exclusive ? store.exclusive(() => this.refreshFromStore(context)) : this.refreshFromStore(context);
  }

  /** Adopts tokens another process rotated meanwhile, or refreshes the stored grant and saves it. */
  private async refreshFromStore(context: ExchangeContext): Promise<void> {
    const stored = await this.credentials.tokenStore.load();
    this.remember(stored);
    if (this.tokens !== undefined && stored.accessToken !== this.tokens.accessToken && !this.isExpired(stored)) {
      this.adopt(stored); // another process rotated the grant already
      return;
    }
    const url =
      `${this.oauthBaseUrl}/oauth2/generate-customer-token` +
      `?grant_type=refresh_token&refresh_token=${encodeURIComponent(stored.refreshToken)}`;
    // The caller's abort signal is not passed on: others may be waiting for this refresh.
    const result = await this.fetcher.exchange(
      {
        method: 'POST',
        url,
        endpoint: TOKEN_ENDPOINT,
        headers: { authorization: `Basic ${this.clientBasic}`, accept: 'application/json' },
      },
      { priority: context.priority, ...(context.deadlineMs === undefined ? {} : { deadlineMs: context.deadlineMs }) },
    );
    if (result.kind !== 'response' || result.status < 200 || result.status >= 300) {
      const error = gongErrorFor(result, {
        endpoint: TOKEN_ENDPOINT,
        secrets: this.secrets(),
        attempts: 1,
        quoteOutside: false,
      });
      if (result.kind === 'response' && (result.status === 400 || result.status === 401)) {
        throw new GongError({
          kind: 'auth',
          endpoint: TOKEN_ENDPOINT,
          status: result.status,
          ...(error.requestId === undefined ? {} : { requestId: error.requestId }),
          message: `Gong refused to refresh the OAuth token (${result.status}); the refresh token is no longer valid, re-authorize the app`,
        });
      }
      throw error;
    }
    let body: unknown;
    try {
      body = parseGongJson(result.text);
    } catch {
      throw new GongError({
        kind: 'bad-response',
        endpoint: TOKEN_ENDPOINT,
        status: result.status,
        message: `Gong's OAuth token answer is not valid JSON (${result.text.length} characters)`,
      });
    }
    const parsed = OAuthTokenResponseSchema.safeParse(body);
    if (!parsed.success) {
      const details = issuesToDetails(parsed.error.issues, 'response');
      throw new GongError({
        kind: 'bad-response',
        endpoint: TOKEN_ENDPOINT,
        status: result.status,
        details,
        message: `Gong's OAuth token answer does not have the expected shape: ${details.map((d) => `${d.path}: ${d.message}`).join('; ')}`,
      });
    }
    const answer = parsed.data;
    const apiBaseUrl = answer.api_base_url_for_customer ?? stored.apiBaseUrl;
    const scope = answer.scope ?? stored.scope;
    const next: OAuthTokens = {
      accessToken: answer.access_token,
      refreshToken: answer.refresh_token ?? stored.refreshToken,
      ...(answer.expires_in === undefined ? {} : { expiresAt: this.clock.now() + answer.expires_in * 1000 }),
      ...(apiBaseUrl === undefined ? {} : { apiBaseUrl: trimSlash(apiBaseUrl) }),
      ...(scope === undefined ? {} : { scope }),
    };
    this.remember(next);
    // Persist before use: the old refresh token is dead once Gong answered.
    await this.credentials.tokenStore.save(next);
    this.adopt(next);
  }

  private adopt(tokens: OAuthTokens): void {
    this.remember(tokens);
    this.tokens = tokens;
    this.version += 1;
  }

  private remember(tokens: OAuthTokens): void {
    this.seenSecrets.add(tokens.accessToken);
    this.seenSecrets.add(tokens.refreshToken);
  }

  private isExpired(tokens: OAuthTokens): boolean {
    return tokens.expiresAt !== undefined && this.clock.now() >= tokens.expiresAt - this.refreshSkewMs;
  }
}

function trimSlash(url: string): string {
  return url.replace(/\/+$/, '');
}
