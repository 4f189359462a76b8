import type { Clock } from '@gong-connector/contracts';
import type { OAuthClientLimitsRepository, OAuthModelRepository } from '@gong-connector/persistence';
import { createHash } from 'node:crypto';
import Provider, { errors, type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import { GONG_SCOPES } from '../auth/tool-access.js';
import type { GongAccountLookup } from './gong-account.lookup.js';
import { errorPage } from './oauth-pages.js';
import type { OAuthServerSettings } from './oauth-server.settings.js';
import { PostgresOidcAdapter } from './postgres-oidc.adapter.js';
import type { OAuthSigningKeys } from './signing-key.loader.js';

export interface OidcProviderDeps {
  settings: OAuthServerSettings;
  keys: OAuthSigningKeys;
  models: OAuthModelRepository;
  limits: OAuthClientLimitsRepository;
  accounts: GongAccountLookup;
  clock: Clock;
  /**
   * Fetch used for Client ID Metadata Documents. Unset: oidc-provider's own (https only, special-use
   * addresses such as loopback refused). Tests pass one that serves a loopback document.
   */
  cimdFetch?: typeof fetch | undefined;
}

/** The resource indicators (RFC 8707) tokens are issued for: the MCP endpoint and the API itself. */
export const resourcesOf = (publicUrl: string): string[] => [`${publicUrl}/mcp`, publicUrl];

/**
 * The built-in authorization server: oidc-provider configured for MCP clients. Authorization code
 * with PKCE (S256 only), client registration by Client ID Metadata Document or dynamically (RFC
 * 7591), JWT access tokens (RFC 9068) bound to this API's resource, refresh tokens rotated on every
 * use (a reused one revokes the whole grant: oidc-provider's own reuse detection), revocation.
 */
export function createOidcProvider(publicUrl: string, deps: OidcProviderDeps): Provider {
  const { settings, keys, models, limits, accounts } = deps;
  const issuer = `${publicUrl}/oauth`;
  const resources = resourcesOf(publicUrl);
  const secure = publicUrl.startsWith('https://');
  // Cookie keys every replica derives alike from the shared signing key (never stored apart).
  const cookieKey = createHash('sha256').update(`oauth-cookies:${String(keys.privateJwk.d ?? keys.privateJwk.kid)}`).digest('base64url');

  const configuration: Configuration = {
    adapter: PostgresOidcAdapter.factory(models, deps.clock),
    jwks: { keys: [keys.privateJwk as never] },
    cookies: {
      keys: [cookieKey],
      long: { signed: true, secure, sameSite: 'lax' },
      short: { signed: true, secure, sameSite: 'lax' },
    },
    // The gong:* scopes are the resource's (getResourceServerInfo); listed here too so that clients
    // registering with them (the MCP SDK copies scopes_supported) are accepted.
    scopes: ['openid', 'offline_access', 'email', ...GONG_SCOPES],
    claims: { openid: ['sub'], email: ['email', 'email_verified'] },
    responseTypes: ['code'],
    pkce: { required: () => true },
    // Public clients only (MCP clients are): a confidential client's secret would have to be kept
    // in clear for the library to compare, so registering one is refused (invalid_client_metadata).
    clientAuthMethods: ['none'],
    clientDefaults: {
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
      id_token_signed_response_alg: keys.alg as never,
    },
    enabledJWA: { idTokenSigningAlgValues: [keys.alg] } as never,
    rotateRefreshToken: true,
    issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    expiresWithSession: async () => false,
    ttl: {
      AccessToken: settings.accessTokenTtlS,
      AuthorizationCode: 60,
      Grant: settings.refreshTokenTtlS,
      IdToken: 3600,
      Interaction: 3600,
      RefreshToken: settings.refreshTokenTtlS,
      Session: 14 * 24 * 3600,
    },
    features: {
      devInteractions: { enabled: false },
      registration: { enabled: true },
      revocation: { enabled: true },
      clientIdMetadataDocument: { enabled: true, ack: 'draft-02' },
      resourceIndicators: {
        enabled: true,
        defaultResource: async (_ctx, _client, oneOf) => oneOf ?? resources[0]!,
        useGrantedResource: async () => true,
        getResourceServerInfo: async (_ctx, resource) => {
          if (!resources.includes(resource)) {
            throw new errors.InvalidTarget(`tokens are issued only for ${resources.join(' or ')}`);
          }
          return {
            scope: GONG_SCOPES.join(' '),
            audience: resource,
            accessTokenTTL: settings.accessTokenTtlS,
            accessTokenFormat: 'jwt',
            jwt: { sign: { alg: keys.alg } },
          };
        },
      },
    } as Configuration['features'],
    ...(deps.cimdFetch ? { fetch: deps.cimdFetch as never } : {}),
    interactions: { url: async (_ctx, interaction) => `/oauth/interaction/${interaction.uid}` },
    findAccount: async (_ctx, sub) => {
      const account = await accounts.byId(sub);
      if (!account) return undefined;
      return { accountId: account.id, claims: async () => ({ sub: account.id, email: account.email, email_verified: true }) };
    },
    extraTokenClaims: async (_ctx, token) => {
      const accountId = (token as { accountId?: string }).accountId;
      const clientId = (token as { clientId?: string }).clientId;
      if (!accountId) return undefined;
      const account = await accounts.byId(accountId);
      const claims: Record<string, unknown> = account ? { email: account.email, email_verified: true } : {};
      const limit = clientId ? await limits.get(clientId) : undefined;
      if (limit) {
        if (limit.tools) claims['gong_tools'] = limit.tools;
        if (limit.toolTags) claims['gong_tool_tags'] = limit.toolTags;
        if (limit.readOnly) claims['gong_read_only'] = true;
      }
      return claims;
    },
    renderError: async (ctx: KoaContextWithOIDC, out) => {
      ctx.type = 'html';
      ctx.body = errorPage('Sign-in could not continue', `${out.error}: ${out.error_description ?? 'start again from your MCP client'}`);
    },
  };
  const provider = new Provider(issuer, configuration);
  provider.proxy = true;
  return provider;
}
