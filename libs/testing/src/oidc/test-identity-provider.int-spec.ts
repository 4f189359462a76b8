import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { TestBrowser } from '../browser/chromium.js';
import { TestIdentityProvider } from './test-identity-provider.js';

const RESOURCE = 'http://127.0.0.1:9/mcp';
const REDIRECT = 'http://127.0.0.1:9/callback';

describe('TestIdentityProvider (a real oidc-provider) driven in Chromium', () => {
  let idp: TestIdentityProvider;
  let browser: TestBrowser;

  beforeAll(async () => {
    idp = await TestIdentityProvider.start({ accounts: [{ email: 'Alice.Rep@ourco.example', name: 'Alice' }] });
    browser = await TestBrowser.launch();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await idp?.stop();
  });

  async function register(): Promise<{ client_id: string }> {
    const res = await fetch(`${idp.issuer}/reg`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        client_name: 'Test MCP client',
        redirect_uris: [REDIRECT],
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        token_endpoint_auth_method: 'none',
      }),
    });
    expect(res.status).toBe(201);
    return (await res.json()) as { client_id: string };
  }

  async function authorize(clientId: string, email: string, password?: string): Promise<{ code: string; verifier: string }> {
    const verifier = randomBytes(32).toString('base64url');
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    const url = new URL(`${idp.issuer}/auth`);
    url.search = new URLSearchParams({
      response_type: 'code',
      client_id: clientId,
      redirect_uri: REDIRECT,
      scope: 'gong:read',
      resource: RESOURCE,
      code_challenge: challenge,
      code_challenge_method: 'S256',
      state: 'st-1',
    }).toString();
    await browser.clearCookies();
    const page = await browser.newPage();
    try {
      const redirected = browser.captureRedirect(REDIRECT);
      await page.goto(url.href);
      await idp.signIn(page, email, password);
      const back = await redirected;
      expect(back.searchParams.get('state')).toBe('st-1');
      const code = back.searchParams.get('code');
      if (!code) throw new Error(`no code in ${back.href}`);
      return { code, verifier };
    } finally {
      await page.close();
    }
  }

  async function token(body: Record<string, string>): Promise<{ access_token: string; refresh_token?: string; scope?: string }> {
    const res = await fetch(`${idp.issuer}/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(body) });
    const json = (await res.json()) as { access_token: string; refresh_token?: string };
    expect({ status: res.status, json }).toMatchObject({ status: 200 });
    return json;
  }

  it('signs a person in through its login and consent pages and issues a JWT access token for the resource, then refreshes it', async () => {
    const client = await register();
    const { code, verifier } = await authorize(client.client_id, 'alice.rep@ourco.example');
    const tokens = await token({ grant_type: 'authorization_code', code, code_verifier: verifier, redirect_uri: REDIRECT, client_id: client.client_id, resource: RESOURCE });
    expect(decodeProtectedHeader(tokens.access_token).typ).toBe('at+jwt');
    const jwks = createRemoteJWKSet(new URL(idp.jwksUri));
    const { payload } = await jwtVerify(tokens.access_token, jwks, { issuer: idp.issuer, audience: RESOURCE, typ: 'at+jwt' });
    expect(payload).toMatchObject({ sub: 'alice.rep@ourco.example', email: 'alice.rep@ourco.example', email_verified: true, client_id: client.client_id, scope: 'gong:read' });
    expect(tokens.refresh_token).toEqual(expect.any(String));

    const refreshed = await token({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token!, client_id: client.client_id, resource: RESOURCE });
    const again = await jwtVerify(refreshed.access_token, jwks, { issuer: idp.issuer, audience: RESOURCE });
    expect(again.payload.email).toBe('alice.rep@ourco.example');
    expect(again.payload.jti).not.toBe(payload.jti);
  }, 60_000);

  it('refuses a wrong password on its login page', async () => {
    const client = await register();
    await expect(authorize(client.client_id, 'alice.rep@ourco.example', 'wrong')).rejects.toThrow('Unknown email or wrong password');
  }, 60_000);

  it('publishes a rotated key next to the old one and signs with the new one', async () => {
    const before = idp.currentKid;
    const after = await idp.rotateKeys();
    expect(after).not.toBe(before);
    const res = await fetch(idp.jwksUri);
    const kids = ((await res.json()) as { keys: { kid: string }[] }).keys.map((k) => k.kid);
    expect(kids).toEqual(expect.arrayContaining([before, after]));
    const minted = await idp.signAccessToken({ iss: idp.issuer, aud: RESOURCE, sub: 'x', exp: Math.floor(Date.now() / 1000) + 60 });
    expect(decodeProtectedHeader(minted).kid).toBe(after);
  });
});
