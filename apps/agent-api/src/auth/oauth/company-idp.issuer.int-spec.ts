import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { AppError, ErrorCode } from '@gong-connector/contracts';
import { FakeClock, TestIdentityProvider } from '@gong-connector/testing';
import { AccessTokenVerifier } from './access-token.verifier.js';
import { companyIdpIssuer } from './company-idp.issuer.js';

const AUD = 'https://connector.example/mcp';

describe('companyIdpIssuer: keys of the company IdP from its discovery document (a real oidc-provider)', () => {
  let idp: TestIdentityProvider;
  const clock = new FakeClock(Date.now());

  beforeAll(async () => {
    idp = await TestIdentityProvider.start({ accounts: [] });
  });

  afterAll(async () => {
    await idp?.stop();
  });

  const claims = () => ({ iss: idp.issuer, aud: AUD, sub: 's', exp: Math.floor(clock.now() / 1000) + 300 });
  const verifierWith = (cooldownMs: number, fetchFn?: typeof fetch) => {
    const issuers = [companyIdpIssuer({ issuer: idp.issuer, userClaim: 'email', cooldownMs, cacheMs: 600_000, ...(fetchFn ? { fetch: fetchFn } : {}) })];
    return new AccessTokenVerifier(() => issuers, clock, 0);
  };
  const outcome = (p: Promise<unknown>): Promise<string> => p.then(() => 'ok', (e: unknown) => (AppError.is(e) ? e.code : String(e)));

  it('fetches the JWKS once for many tokens', async () => {
    const verifier = verifierWith(30_000);
    const before = idp.jwksRequests;
    for (let i = 0; i < 20; i++) await expect(outcome(verifier.verify(await idp.signAccessToken(claims()), [AUD]))).resolves.toBe('ok');
    expect(idp.jwksRequests - before).toBe(1);
  });

  it('picks up a rotated key by refetching, but not again within the cooldown', async () => {
    const verifier = verifierWith(60_000);
    await expect(outcome(verifier.verify(await idp.signAccessToken(claims()), [AUD]))).resolves.toBe('ok');
    await idp.rotateKeys();
    const before = idp.jwksRequests;
    // Within the cooldown of the first fetch, an unknown kid is refused without asking the IdP.
    await expect(outcome(verifier.verify(await idp.signAccessToken(claims()), [AUD]))).resolves.toBe(ErrorCode.UNAUTHENTICATED);
    expect(idp.jwksRequests).toBe(before);
    // With no cooldown the new key is fetched at once.
    const eager = verifierWith(0);
    await expect(outcome(eager.verify(await idp.signAccessToken(claims()), [AUD]))).resolves.toBe('ok');
    await idp.rotateKeys();
    await expect(outcome(eager.verify(await idp.signAccessToken(claims()), [AUD]))).resolves.toBe('ok');
  });

  it('answers DEPENDENCY_UNAVAILABLE (not 401) when the discovery document is unusable, and asks again next time', async () => {
    let calls = 0;
    const broken: typeof fetch = async (input, init) => {
      calls++;
      if (calls <= 2) return new Response(JSON.stringify({ issuer: 'https://someone-else.example', jwks_uri: idp.jwksUri }), { status: 200 });
      return fetch(input, init);
    };
    const verifier = verifierWith(0, broken);
    await expect(outcome(verifier.verify(await idp.signAccessToken(claims()), [AUD]))).resolves.toBe(ErrorCode.DEPENDENCY_UNAVAILABLE);
    await expect(outcome(verifier.verify(await idp.signAccessToken(claims()), [AUD]))).resolves.toBe('ok');
  });
});
