import type { OAuthTokens, TokenStore } from './token-store.port.js';

/** A TokenStore in memory, for tests and one-off local tools (tokens are lost on exit). */
export class InMemoryTokenStore implements TokenStore {
  private tokens: OAuthTokens;

  constructor(initial: OAuthTokens) {
    this.tokens = { ...initial };
  }

  async load(): Promise<OAuthTokens> {
    return { ...this.tokens };
  }

  async save(tokens: OAuthTokens): Promise<void> {
    this.tokens = { ...tokens };
  }
}
