import { AppError, ErrorCode } from '@gong-connector/contracts';
import { createRemoteJWKSet, type JWTVerifyGetKey } from 'jose';
import type { TrustedIssuer } from './trusted-issuer.js';

export interface CompanyIdpSettings {
  issuer: string;
  userClaim: string;
  /** Least time between two JWKS fetches when a token names an unknown kid. */
  cooldownMs: number;
  /** How long fetched keys are used before they are fetched again. */
  cacheMs: number;
  fetch?: typeof fetch;
}

/**
 * The company identity provider as a trusted issuer. Its discovery document (OpenID Connect, else
 * RFC 8414) is read on the first token, not at boot (an IdP outage must not stop the API), and
 * names the JWKS, which jose's remote key set caches: an unknown `kid` refetches it (at most once
 * per cooldown), so rotated keys are picked up without a restart.
 */
export function companyIdpIssuer(settings: CompanyIdpSettings): TrustedIssuer {
  const fetchFn = settings.fetch ?? fetch;
  let remote: Promise<JWTVerifyGetKey> | undefined;
  const discover = async (): Promise<JWTVerifyGetKey> => {
    const jwksUri = await discoverJwksUri(settings.issuer, fetchFn);
    return createRemoteJWKSet(new URL(jwksUri), { cooldownDuration: settings.cooldownMs, cacheMaxAge: settings.cacheMs, timeoutDuration: 5_000 });
  };
  const keys: JWTVerifyGetKey = async (header, token) => {
    if (!remote) {
      remote = discover();
      remote.catch(() => {
        remote = undefined; // asked again by the next token
      });
    }
    return (await remote)(header, token);
  };
  return { issuer: settings.issuer, keys, userClaim: settings.userClaim };
}

async function discoverJwksUri(issuer: string, fetchFn: typeof fetch): Promise<string> {
  const documents = [`${issuer}/.well-known/openid-configuration`, wellKnownOf(issuer, 'oauth-authorization-server')];
  for (const url of documents) {
    let res: Response;
    try {
      res = await fetchFn(url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(5_000) });
    } catch {
      continue;
    }
    if (!res.ok) continue;
    const doc = (await res.json().catch(() => undefined)) as { issuer?: unknown; jwks_uri?: unknown } | undefined;
    if (doc && doc.issuer === issuer && typeof doc.jwks_uri === 'string' && /^https?:\/\//.test(doc.jwks_uri)) return doc.jwks_uri;
  }
  throw new AppError(
    ErrorCode.DEPENDENCY_UNAVAILABLE,
    `The identity provider ${issuer} has no usable discovery document (issuer and jwks_uri); check AGENT_API_OAUTH_ISSUER`,
  );
}

/** RFC 8414 section 3.1: the well-known segment goes between the host and the issuer's path. */
function wellKnownOf(issuer: string, suffix: string): string {
  const url = new URL(issuer);
  const path = url.pathname === '/' ? '' : url.pathname;
  return `${url.origin}/.well-known/${suffix}${path}`;
}
