import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTestSim, type TestSim, type Body } from '../../test/gong-sim.fixture.js';

let t: TestSim;
beforeAll(async () => {
  t = await createTestSim();
});
afterAll(async () => {
  await t.sim.close();
});

const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;

async function authorize(scope?: string): Promise<string> {
  const q = new URLSearchParams({ client_id: t.sim.credentials.oauthClientId, response_type: 'code', redirect_uri: 'https://app.example/callback', state: 'xyz', ...(scope ? { scope } : {}) });
  const res = await fetch(`${t.sim.baseUrl}/oauth2/authorize?${q}`, { redirect: 'manual' });
  expect(res.status).toBe(302);
  const location = new URL(res.headers.get('location')!);
  expect(location.origin + location.pathname).toBe('https://app.example/callback');
  expect(location.searchParams.get('state')).toBe('xyz');
  return location.searchParams.get('code')!;
}

function token(params: Record<string, string>, asForm = false) {
  const client = basic(t.sim.credentials.oauthClientId, t.sim.credentials.oauthClientSecret);
  if (asForm) {
    return fetch(`${t.sim.baseUrl}/oauth2/generate-customer-token`, {
      method: 'POST',
      headers: { authorization: client, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(params).toString(),
    });
  }
  return fetch(`${t.sim.baseUrl}/oauth2/generate-customer-token?${new URLSearchParams(params)}`, { method: 'POST', headers: { authorization: client } });
}

describe('OAuth', () => {
  it('runs the code flow, returns api_base_url_for_customer, and the token calls the API', async () => {
    const code = await authorize('api:calls:read:basic api:users:read');
    const res = await token({ grant_type: 'authorization_code', code, redirect_uri: 'https://app.example/callback' });
    expect(res.status).toBe(200);
    const tokens = (await res.json()) as Body;
    expect(tokens).toEqual({
      access_token: expect.any(String),
      refresh_token: expect.any(String),
      scope: 'api:calls:read:basic api:users:read',
      token_type: 'bearer',
      expires_in: 86400,
      api_base_url_for_customer: t.sim.baseUrl,
    });
    const api = await t.request('GET', '/v2/calls', undefined, { authorization: `Bearer ${tokens.access_token}` });
    expect(api.status).toBe(200);
    const reuse = await token({ grant_type: 'authorization_code', code });
    expect(reuse.status).toBe(400);
    expect(((await reuse.json()) as Body).error).toBe('invalid_grant');
  });

  it('rotates single-use refresh tokens (form body or query string)', async () => {
    const first = (await (await token({ grant_type: 'authorization_code', code: await authorize() })).json()) as Body;
    const second = await token({ grant_type: 'refresh_token', refresh_token: first.refresh_token }, true);
    expect(second.status).toBe(200);
    const rotated = (await second.json()) as Body;
    expect(rotated.refresh_token).not.toBe(first.refresh_token);
    const again = await token({ grant_type: 'refresh_token', refresh_token: first.refresh_token });
    expect(again.status).toBe(400);
    expect(await again.json()).toEqual({ error: 'invalid_grant', error_description: 'Refresh token has already been used' });
    expect((await token({ grant_type: 'refresh_token', refresh_token: rotated.refresh_token })).status).toBe(200);
  });

  it('rejects bad client credentials and unknown clients', async () => {
    const res = await fetch(`${t.sim.baseUrl}/oauth2/generate-customer-token?grant_type=refresh_token&refresh_token=x`, {
      method: 'POST',
      headers: { authorization: basic(t.sim.credentials.oauthClientId, 'wrong') },
    });
    expect(res.status).toBe(401);
    expect(((await res.json()) as Body).error).toBe('invalid_client');
    const q = new URLSearchParams({ client_id: 'other', response_type: 'code', redirect_uri: 'https://x.example/cb' });
    expect((await fetch(`${t.sim.baseUrl}/oauth2/authorize?${q}`, { redirect: 'manual' })).status).toBe(400);
  });
});
