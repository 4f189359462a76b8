import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { FakeClock } from '@gong-connector/testing';
import { exportSPKI, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import { WebhookJwtVerifier } from './webhook-jwt.verifier.js';
import { WebhookUrlKeyMatcher } from './webhook-url-key.matcher.js';
import { WebhookAuthenticator } from './webhook.authenticator.js';

const URL = 'https://ingest.example.com/webhooks/gong?tenant=acme';
const body = Buffer.from('{"callData":{"metaData":{"id":"7782342274025937895"}},"isTest":false}');
const sha = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

describe('WebhookJwtVerifier', () => {
  const clock = new FakeClock(Date.UTC(2026, 0, 15, 12));
  let key: CryptoKey;
  let other: CryptoKey;
  let pem: string;
  let verifier: WebhookJwtVerifier;

  const sign = (claims: Record<string, unknown>, options: { key?: CryptoKey; expSeconds?: number; iatSeconds?: number | null; alg?: string } = {}) => {
    const now = Math.floor(clock.now() / 1000);
    const jwt = new SignJWT({ webhook_url: URL, body_sha256: sha(body), ...claims }).setProtectedHeader({ alg: options.alg ?? 'RS256' });
    if (options.iatSeconds !== null) jwt.setIssuedAt(now + (options.iatSeconds ?? 0));
    return jwt.setExpirationTime(now + (options.expSeconds ?? 300)).sign(options.key ?? key);
  };

  beforeAll(async () => {
    const [a, b] = await Promise.all([generateKeyPair('RS256', { extractable: true }), generateKeyPair('RS256', { extractable: true })]);
    key = a.privateKey;
    other = b.privateKey;
    pem = await exportSPKI(a.publicKey);
    verifier = await WebhookJwtVerifier.create({ publicKey: pem, publicUrl: URL, clockSkewMs: 30_000, maxLifetimeMs: 3_600_000, clock });
  });

  it('accepts a token over the exact body and URL, with or without a Bearer prefix', async () => {
    const token = await sign({});
    await expect(verifier.verify(token, body)).resolves.toEqual({ ok: true, method: 'jwt' });
    await expect(verifier.verify(`Bearer ${token}`, body)).resolves.toEqual({ ok: true, method: 'jwt' });
  });

  it('reads the key as Gong shows it: bare base64 DER', async () => {
    const der = pem.replace(/-----(BEGIN|END) PUBLIC KEY-----/g, '').replace(/\s+/g, '');
    const fromDer = await WebhookJwtVerifier.create({ publicKey: der, publicUrl: URL, clockSkewMs: 0, maxLifetimeMs: 3_600_000, clock });
    await expect(fromDer.verify(await sign({}), body)).resolves.toEqual({ ok: true, method: 'jwt' });
  });

  it.each([
    ['a token signed by another key', () => sign({}, { key: other }), body, 'bad-signature'],
    ['an expired token (beyond the skew)', () => sign({}, { expSeconds: -31 }), body, 'expired'],
    ['a changed body', () => sign({}), Buffer.from(body.toString().replace('false', 'true')), 'body-mismatch'],
    ['a hash in upper case over another body', () => sign({ body_sha256: sha('x').toUpperCase() }), body, 'body-mismatch'],
    ['another webhook URL', () => sign({ webhook_url: 'https://ingest.example.com/webhooks/gong' }), body, 'url-mismatch'],
    ['no body hash', () => sign({ body_sha256: undefined }), body, 'missing-claim'],
    ['no token', async () => '', body, 'missing-token'],
    ['a token valid for ten years', () => sign({}, { expSeconds: 10 * 365 * 86_400 }), body, 'lifetime-too-long'],
    ['a token whose iat is forged next to a far exp', () => sign({}, { expSeconds: 10 * 365 * 86_400, iatSeconds: 10 * 365 * 86_400 - 60 }), body, 'lifetime-too-long'],
    ['a token without iat whose exp is far ahead', () => sign({}, { expSeconds: 2 * 3600, iatSeconds: null }), body, 'lifetime-too-long'],
    ['a token issued two hours before it expires, even if still valid', () => sign({}, { expSeconds: 600, iatSeconds: -7200 + 600 }), body, 'lifetime-too-long'],
    ['a token that is not a JWT', async () => 'abc.def', body, 'malformed-token'],
    ['an unsigned token', async () => `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify({ webhook_url: URL, body_sha256: sha(body), exp: 9e9 })).toString('base64url')}.`, body, 'bad-algorithm'],
  ])('refuses %s', async (_what, token, b, reason) => {
    await expect(verifier.verify(await token(), b)).resolves.toEqual({ ok: false, reason });
  });

  it('accepts a token living exactly the maximum, and one without iat expiring within it', async () => {
    await expect(verifier.verify(await sign({}, { expSeconds: 3600 }), body)).resolves.toEqual({ ok: true, method: 'jwt' });
    await expect(verifier.verify(await sign({}, { expSeconds: 600, iatSeconds: null }), body)).resolves.toEqual({ ok: true, method: 'jwt' });
  });

  it('takes the public URL with the delivery\'s URL key as webhook_url only when asked to', async () => {
    const withKey = 'https://ingest.example.com/webhooks/gong/the-key?tenant=acme';
    const token = await sign({ webhook_url: withKey });
    await expect(verifier.verify(token, body)).resolves.toEqual({ ok: false, reason: 'url-mismatch' });
    await expect(verifier.verify(token, body, [withKey])).resolves.toEqual({ ok: true, method: 'jwt' });
  });

  it('tolerates a little clock skew on exp', async () => {
    await expect(verifier.verify(await sign({}, { expSeconds: -20 }), body)).resolves.toEqual({ ok: true, method: 'jwt' });
  });

  it('refuses a key that is not an RSA public key, naming the setting', async () => {
    await expect(WebhookJwtVerifier.create({ publicKey: 'not a key', publicUrl: URL, clockSkewMs: 0, maxLifetimeMs: 3_600_000, clock })).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
      details: [{ path: 'GONG_WEBHOOK_PUBLIC_KEY' }],
    });
  });
});

describe('WebhookAuthenticator', () => {
  const matcher = new WebhookUrlKeyMatcher('url-key-0123456789abcdef');
  const KEY = 'url-key-0123456789abcdef';
  const clock = new FakeClock(Date.UTC(2026, 0, 15, 12));
  let key: CryptoKey;
  let other: CryptoKey;
  let verifier: WebhookJwtVerifier;
  const sign = async (claims: Record<string, unknown>, k?: CryptoKey, expSeconds = 300) => {
    const now = Math.floor(clock.now() / 1000);
    return new SignJWT({ webhook_url: `https://ingest.example.com/webhooks/gong/${KEY}`, body_sha256: sha(body), ...claims })
      .setProtectedHeader({ alg: 'RS256' })
      .setIssuedAt(now)
      .setExpirationTime(now + expSeconds)
      .sign(k ?? key);
  };

  beforeAll(async () => {
    const [a, b] = await Promise.all([generateKeyPair('RS256', { extractable: true }), generateKeyPair('RS256', { extractable: true })]);
    key = a.privateKey;
    other = b.privateKey;
    verifier = await WebhookJwtVerifier.create({ publicKey: await exportSPKI(a.publicKey), publicUrl: 'https://ingest.example.com/webhooks/gong', clockSkewMs: 0, maxLifetimeMs: 3_600_000, clock });
  });

  it('on the URL-key path still verifies a JWT that comes along, and refuses the delivery when it fails', async () => {
    const auth = new WebhookAuthenticator(verifier, matcher, 'https://ingest.example.com/webhooks/gong');
    await expect(auth.authenticate(await sign({}), KEY, body)).resolves.toEqual({ ok: true, method: 'url-key' });
    await expect(auth.authenticate(await sign({ webhook_url: `https://ingest.example.com/webhooks/gong?key=${KEY}` }), KEY, body)).resolves.toEqual({ ok: true, method: 'url-key' });
    await expect(auth.authenticate(await sign({}, other), KEY, body)).resolves.toEqual({ ok: false, reason: 'bad-signature' });
    await expect(auth.authenticate(await sign({ body_sha256: sha('another body') }), KEY, body)).resolves.toEqual({ ok: false, reason: 'body-mismatch' });
    await expect(auth.authenticate(await sign({}, key, 10 * 365 * 86_400), KEY, body)).resolves.toEqual({ ok: false, reason: 'lifetime-too-long' });
    await expect(auth.authenticate('Bearer garbage', KEY, body)).resolves.toEqual({ ok: false, reason: 'malformed-token' });
    await expect(auth.authenticate(await sign({ webhook_url: 'https://attacker.example/hook' }), KEY, body)).resolves.toEqual({ ok: false, reason: 'url-mismatch' });
    // A wrong key is refused before any token is looked at.
    await expect(auth.authenticate(await sign({}), 'url-key-0123456789abcdeF', body)).resolves.toEqual({ ok: false, reason: 'bad-url-key' });
  });

  it('on the URL-key path refuses a JWT it cannot verify (no public key configured)', async () => {
    const auth = new WebhookAuthenticator(undefined, matcher, 'https://ingest.example.com/webhooks/gong');
    await expect(auth.authenticate(await sign({}), KEY, body)).resolves.toEqual({ ok: false, reason: 'jwt-not-configured' });
    await expect(auth.authenticate('', KEY, body)).resolves.toEqual({ ok: true, method: 'url-key' });
  });

  it('accepts the right URL key in constant time and refuses others', async () => {
    const auth = new WebhookAuthenticator(undefined, matcher, 'https://ingest.example.com/webhooks/gong');
    await expect(auth.authenticate(undefined, 'url-key-0123456789abcdef', body)).resolves.toEqual({ ok: true, method: 'url-key' });
    await expect(auth.authenticate(undefined, 'url-key-0123456789abcdeF', body)).resolves.toEqual({ ok: false, reason: 'bad-url-key' });
    await expect(auth.authenticate(undefined, 'short', body)).resolves.toEqual({ ok: false, reason: 'bad-url-key' });
  });

  it('refuses what is not configured', async () => {
    const none = new WebhookAuthenticator(undefined, new WebhookUrlKeyMatcher(undefined), 'https://ingest.example.com/webhooks/gong');
    await expect(none.authenticate(undefined, 'anything', body)).resolves.toEqual({ ok: false, reason: 'url-key-not-configured' });
    await expect(none.authenticate('some.jwt.token', undefined, body)).resolves.toEqual({ ok: false, reason: 'jwt-not-configured' });
    await expect(none.authenticate(undefined, undefined, body)).resolves.toEqual({ ok: false, reason: 'missing-token' });
  });
});
