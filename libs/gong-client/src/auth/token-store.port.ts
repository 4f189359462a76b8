/** The OAuth grant of one Gong company, as persisted by the app. */
export interface OAuthTokens {
  accessToken: string;
  /** Single-use: Gong rotates it on every refresh. */
  refreshToken: string;
  /** When the access token expires (epoch ms), if known; refreshed shortly before. */
  expiresAt?: number;
  /** `api_base_url_for_customer`: the tenant API host every API call goes to. */
  apiBaseUrl?: string;
  scope?: string;
}

/**
 * Where the OAuth tokens live. Refresh tokens are single-use, so `save` must be durable and atomic
 * before it resolves: the client awaits it before it uses the new access token. Services sharing one
 * grant should share one store (the client re-reads it before refreshing, to adopt a rotation done
 * by another process).
 */
export interface TokenStore {
  load(): Promise<OAuthTokens>;
  save(tokens: OAuthTokens): Promise<void>;
  /**
   * Runs `work` (re-read, refresh, save) while no other holder of the same grant does: a store
   * shared by several processes must provide it, or two processes refreshing at once spend the same
   * single-use refresh token and the second one kills the grant. Optional for one-process stores.
   */
  exclusive?<T>(work: () => Promise<T>): Promise<T>;
}
