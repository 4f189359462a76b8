import { beforeAll, describe, expect, it } from '@jest/globals';
import { AppError, ErrorCode } from '@gong-connector/contracts';
import { FakeClock } from '@gong-connector/testing';
import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT, type JWTPayload } from 'jose';
import { AccessTokenVerifier, looksLikeJwt } from './access-token.verifier.js';
import type { TrustedIssuer } from './trusted-issuer.js';

const ISS = 'https://idp.example';
const AUD = 'https://connector.example/mcp';
const clock = new FakeClock(Date.UTC(2026, 0, 15, 12, 0, 0));
const nowS = (): number => Math.floor(clock.now() / 1000);

let sign: (claims: JWTPayload, header?: { typ?: string; alg?: string; kid?: string }) => Promise<string>;
let issuer: TrustedIssuer;
let hsToken: string;

beforeAll(async () => {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const other = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256' };
  issuer = { issuer: ISS, keys: createLocalJWKSet({ keys: [jwk] }), userClaim: 'email' };
  sign = (claims, header = {}) =>
    new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: header.kid ?? 'k1', typ: header.typ ?? 'at+jwt' }).sign(header.kid === 'other' ? other.privateKey : privateKey);
  hsToken = await new SignJWT({ iss: ISS, aud: AUD, exp: nowS() + 60 }).setProtectedHeader({ alg: 'HS256', kid: 'k1' }).sign(new TextEncoder().encode('x'.repeat(32)));
});

const base = (over: JWTPayload = {}): JWTPayload => ({ iss: ISS, aud: AUD, sub: 'u1', exp: nowS() + 300, iat: nowS(), ...over });

async function outcome(token: string, issuers: TrustedIssuer[] = [issuer]): Promise<string> {
  try {
    await new AccessTokenVerifier(() => issuers, clock, 30_000).verify(token, [AUD, 'https://connector.example']);
    return 'ok';
  } catch (error) {
    return AppError.is(error) ? `${error.code}: ${error.message}` : `thrown: ${String(error)}`;
  }
}

describe('AccessTokenVerifier', () => {
  it.each<[string, () => Promise<string>, string]>([
    ['a valid token', () => sign(base()), 'ok'],
    ['the API itself as audience', () => sign(base({ aud: 'https://connector.example' })), 'ok'],
    ['one of several audiences', () => sign(base({ aud: ['https://other.example', AUD] })), 'ok'],
    ['expired within the skew', () => sign(base({ exp: nowS() - 20 })), 'ok'],
    ['expired past the skew', () => sign(base({ exp: nowS() - 31 })), 'has expired'],
    ['not valid yet (nbf past the skew)', () => sign(base({ nbf: nowS() + 120 })), 'not valid yet'],
    ['nbf within the skew', () => sign(base({ nbf: nowS() + 10 })), 'ok'],
    ['another audience', () => sign(base({ aud: 'https://other.example/mcp' })), 'another audience'],
    ['no exp', () => sign(base({ exp: undefined })), 'exp'],
    ['an untrusted issuer', () => sign(base({ iss: 'https://evil.example' })), 'is not trusted'],
    ['an unknown key', () => sign(base(), { kid: 'other' }), 'key its issuer does not publish'],
    ['a forged signature under a known kid', async () => {
      const t = await sign(base());
      const forged = await sign(base(), { kid: 'other' });
      return `${t.split('.').slice(0, 2).join('.')}.${forged.split('.')[2]}`;
    }, 'signature does not verify'],
    ['a changed payload', async () => {
      const [h, , s] = (await sign(base())).split('.');
      const p = Buffer.from(JSON.stringify(base({ sub: 'someone-else' }))).toString('base64url');
      return `${h}.${p}.${s}`;
    }, 'signature does not verify'],
    ['an HMAC token (alg confusion)', async () => hsToken, 'UNAUTHENTICATED'],
    ['not a JWT', async () => 'abc.def', 'well-formed'],
  ])('%s', async (_, mint, expected) => {
    const result = await outcome(await mint());
    if (expected === 'ok') expect(result).toBe('ok');
    else {
      expect(result).toContain(expected);
      expect(result.startsWith('UNAUTHENTICATED')).toBe(true);
    }
  });

  it('requires the typ the issuer asks for (at+jwt for the built-in AS)', async () => {
    const strict = { ...issuer, requireTyp: 'at+jwt' };
    await expect(outcome(await sign(base(), { typ: 'JWT' }), [strict])).resolves.toContain('wrong type');
    await expect(outcome(await sign(base()), [strict])).resolves.toBe('ok');
  });

  it('picks the issuer by the exact iss, and is off without issuers', async () => {
    await expect(outcome(await sign(base({ iss: `${ISS}/` })))).resolves.toContain('is not trusted');
    expect(new AccessTokenVerifier(() => [], clock, 0).enabled).toBe(false);
  });

  it('answers 503-class DEPENDENCY_UNAVAILABLE when the issuer keys cannot be had, not 401', async () => {
    const down: TrustedIssuer = { issuer: ISS, userClaim: 'email', keys: async () => { throw new TypeError('fetch failed'); } };
    await expect(outcome(await sign(base()), [down])).resolves.toMatch(new RegExp(`^${ErrorCode.DEPENDENCY_UNAVAILABLE}`));
  });

  it('never puts the token in its message', async () => {
    const token = await sign(base({ aud: 'https://other.example' }));
    expect(await outcome(token)).not.toContain(token.split('.')[1]!.slice(0, 20));
  });

  it.each([
    ['a.b.c', true],
    ['gca_abc', false],
    ['a.b', false],
    ['a.b.c.d.e', false],
  ])('looksLikeJwt(%s) = %s', (token, expected) => expect(looksLikeJwt(token)).toBe(expected));
});
