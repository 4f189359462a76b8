import { createLocalJWKSet } from 'jose';
import type { TrustedIssuer } from '../auth/oauth/trusted-issuer.js';
import type { OAuthServer } from './oauth-server.js';
import type { OAuthSigningKeys } from './signing-key.loader.js';

/**
 * The resource server's view of the built-in authorization server: its issuer (known once the API
 * listens when AGENT_API_PUBLIC_URL is unset), its public key, the user named by the verified
 * `email`, and RFC 9068's `at+jwt` header type.
 */
export function builtinTrustedIssuer(server: OAuthServer, keys: OAuthSigningKeys): TrustedIssuer {
  const jwks = createLocalJWKSet({ keys: [keys.publicJwk] });
  return {
    get issuer(): string {
      return server.issuer;
    },
    keys: jwks,
    userClaim: 'email',
    requireTyp: 'at+jwt',
  };
}
