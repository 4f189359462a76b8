import { GONG_SCOPES } from '../tool-access.js';
import type { TrustedIssuer } from './trusted-issuer.js';

export interface OAuthResourceSettings {
  /** AGENT_API_PUBLIC_URL; unset: http://127.0.0.1:<the port the request came in on>. */
  publicUrl: string | undefined;
  /** Extra accepted audiences (AGENT_API_OAUTH_AUDIENCES). */
  extraAudiences: readonly string[];
  /** Trusted issuers: the company IdP first, then the built-in authorization server when on. */
  issuers: readonly TrustedIssuer[];
  /** The built-in authorization server's issuer when it is on (advertised instead of the company IdP). */
  builtinIssuer?: string | undefined;
}

/**
 * This API as an OAuth protected resource (RFC 9728, RFC 8707): its resource identifiers and
 * accepted audiences, its metadata document, and the WWW-Authenticate challenges of 401 and 403.
 * The public URL comes from configuration; unset, it is the loopback address of the port the
 * request arrived on (never the Host header, which a client controls).
 */
export class OAuthResource {
  constructor(private readonly settings: OAuthResourceSettings) {}

  get issuers(): readonly TrustedIssuer[] {
    return this.settings.issuers;
  }

  baseUrl(localPort: number | undefined): string {
    return this.settings.publicUrl ?? `http://127.0.0.1:${localPort ?? 8080}`;
  }

  /** Audiences a token must carry one of: `${base}/mcp`, `${base}` and the configured extras. */
  audiences(base: string): string[] {
    return [`${base}/mcp`, base, ...this.settings.extraAudiences];
  }

  metadataUrl(base: string): string {
    return `${base}/.well-known/oauth-protected-resource/mcp`;
  }

  /** 401: where to find how to get a token; `invalid_token` when one was sent and refused. */
  unauthorizedChallenge(base: string, tokenSent: boolean): string {
    return `Bearer ${tokenSent ? 'error="invalid_token", ' : ''}resource_metadata="${this.metadataUrl(base)}"`;
  }

  /** 403 for a token without the scope an operation needs (RFC 6750 section 3.1). */
  insufficientScopeChallenge(base: string, scope: string): string {
    return `Bearer error="insufficient_scope", scope="${scope}", resource_metadata="${this.metadataUrl(base)}"`;
  }

  /** The RFC 9728 document of the resource `${base}${path}` ('' for the API, '/mcp' for MCP). */
  metadata(base: string, path: '' | '/mcp'): Record<string, unknown> {
    const authorizationServers = this.settings.builtinIssuer
      ? [this.settings.builtinIssuer]
      : this.settings.issuers.map((i) => i.issuer);
    return {
      resource: `${base}${path}`,
      authorization_servers: authorizationServers,
      scopes_supported: [...GONG_SCOPES],
      bearer_methods_supported: ['header'],
      resource_name: 'Gong agent connector',
      resource_documentation: `${base}/docs`,
    };
  }
}
