import { describe, expect, it } from '@jest/globals';
import { AppError, ErrorCode } from '@gong-connector/contracts';
import { oauthServerSettings } from './oauth-server.settings.js';

const base = {
  AGENT_API_OAUTH_SERVER: 'builtin' as const,
  AGENT_API_OAUTH_SIGNING_KEY: undefined,
  AGENT_API_OAUTH_ACCESS_TOKEN_TTL_MS: 3_600_000,
  AGENT_API_OAUTH_REFRESH_TOKEN_TTL_MS: 86_400_000,
  AGENT_API_OIDC_ISSUER: 'https://idp.example',
  AGENT_API_OIDC_CLIENT_ID: 'gong-connector',
  AGENT_API_OIDC_CLIENT_SECRET: 'shh-secret-value',
  AGENT_API_PUBLIC_URL: 'https://gong.example',
};

const failure = (fn: () => unknown): AppError => {
  try {
    fn();
  } catch (error) {
    if (error instanceof AppError) return error;
  }
  throw new Error('expected an AppError');
};

describe('oauthServerSettings', () => {
  it('turns milliseconds into seconds and keeps the upstream client', () => {
    expect(oauthServerSettings(base)).toMatchObject({
      publicUrl: 'https://gong.example',
      accessTokenTtlS: 3600,
      refreshTokenTtlS: 86_400,
      upstream: { issuer: 'https://idp.example', clientId: 'gong-connector', clientSecret: 'shh-secret-value' },
      signingKey: undefined,
    });
  });

  it.each([
    [{ AGENT_API_OIDC_ISSUER: undefined }, 'AGENT_API_OIDC_ISSUER'],
    [{ AGENT_API_OIDC_CLIENT_ID: undefined }, 'AGENT_API_OIDC_CLIENT_ID'],
  ])('names the missing upstream setting %j', (change, key) => {
    const error = failure(() => oauthServerSettings({ ...base, ...change }));
    expect(error.code).toBe(ErrorCode.CONFIG_INVALID);
    expect(error.message).toContain(key);
    expect(error.details.map((d) => d.path)).toEqual([key]);
  });

  it.each(['not json', '{"kty":"EC"}', '[1,2]', 'null'])('refuses a signing key that is no private JWK (%s) without echoing it', (value) => {
    const error = failure(() => oauthServerSettings({ ...base, AGENT_API_OAUTH_SIGNING_KEY: value }));
    expect(error.code).toBe(ErrorCode.CONFIG_INVALID);
    expect(error.message).toContain('AGENT_API_OAUTH_SIGNING_KEY');
    expect(error.message).not.toContain(value);
  });

  it('accepts a private JWK', () => {
    const key = { kty: 'EC', crv: 'P-256', x: 'x', y: 'y', d: 'd' };
    expect(oauthServerSettings({ ...base, AGENT_API_OAUTH_SIGNING_KEY: JSON.stringify(key) }).signingKey).toEqual(key);
  });
});
