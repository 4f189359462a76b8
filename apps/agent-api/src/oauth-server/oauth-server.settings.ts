import { AppError, ErrorCode } from '@gong-connector/contracts';
import type { AgentApiConfig } from '../config.js';

type OAuthConfig = Pick<
  AgentApiConfig,
  | 'AGENT_API_OAUTH_SERVER'
  | 'AGENT_API_OAUTH_SIGNING_KEY'
  | 'AGENT_API_OAUTH_ACCESS_TOKEN_TTL_MS'
  | 'AGENT_API_OAUTH_REFRESH_TOKEN_TTL_MS'
  | 'AGENT_API_OIDC_ISSUER'
  | 'AGENT_API_OIDC_CLIENT_ID'
  | 'AGENT_API_OIDC_CLIENT_SECRET'
  | 'AGENT_API_PUBLIC_URL'
>;

/** The built-in authorization server's settings, checked once at boot. */
export interface OAuthServerSettings {
  /** Configured public base URL of the agent API; undefined: http://127.0.0.1:<bound port>. */
  publicUrl: string | undefined;
  signingKey: Record<string, unknown> | undefined;
  accessTokenTtlS: number;
  refreshTokenTtlS: number;
  upstream: { issuer: string; clientId: string; clientSecret: string | undefined };
}

const seconds = (ms: number): number => Math.max(1, Math.floor(ms / 1000));

/** Settings of the built-in authorization server, or a CONFIG_INVALID error naming what to set. */
export function oauthServerSettings(config: OAuthConfig): OAuthServerSettings {
  const missing = (['AGENT_API_OIDC_ISSUER', 'AGENT_API_OIDC_CLIENT_ID'] as const).filter((k) => !config[k]);
  if (missing.length > 0) {
    throw new AppError(
      ErrorCode.CONFIG_INVALID,
      `AGENT_API_OAUTH_SERVER=builtin signs people in through the company OIDC provider: set ${missing.join(' and ')} (and AGENT_API_OIDC_CLIENT_SECRET for a confidential client)`,
      { details: missing.map((path) => ({ path, message: 'required when AGENT_API_OAUTH_SERVER=builtin' })) },
    );
  }
  let signingKey: Record<string, unknown> | undefined;
  if (config.AGENT_API_OAUTH_SIGNING_KEY !== undefined) {
    const problem = { path: 'AGENT_API_OAUTH_SIGNING_KEY', message: 'must be a private JWK (JSON object with kty and d)' };
    try {
      signingKey = JSON.parse(config.AGENT_API_OAUTH_SIGNING_KEY) as Record<string, unknown>;
    } catch {
      throw new AppError(ErrorCode.CONFIG_INVALID, `Invalid configuration: ${problem.path}: ${problem.message}`, { details: [problem] });
    }
    if (typeof signingKey !== 'object' || signingKey === null || typeof signingKey['kty'] !== 'string' || typeof signingKey['d'] !== 'string') {
      throw new AppError(ErrorCode.CONFIG_INVALID, `Invalid configuration: ${problem.path}: ${problem.message}`, { details: [problem] });
    }
  }
  return {
    publicUrl: config.AGENT_API_PUBLIC_URL,
    signingKey,
    accessTokenTtlS: seconds(config.AGENT_API_OAUTH_ACCESS_TOKEN_TTL_MS),
    refreshTokenTtlS: seconds(config.AGENT_API_OAUTH_REFRESH_TOKEN_TTL_MS),
    upstream: { issuer: config.AGENT_API_OIDC_ISSUER!, clientId: config.AGENT_API_OIDC_CLIENT_ID!, clientSecret: config.AGENT_API_OIDC_CLIENT_SECRET },
  };
}
