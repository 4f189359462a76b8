import { afterEach, describe, expect, it } from '@jest/globals';
import { inspect } from 'node:util';
import { InMemoryTokenStore } from '../auth/in-memory.token-store.js';
import { GongClient } from '../client/gong.client.js';
import { sendJson, startFakeGong, type FakeGong, type FakeHandler } from '../../test/fake-gong.server.js';
import { RecordingPermits } from '../../test/recording.permits.js';
import { ACCESS_KEY_SECRET, testClient, rejectionOf } from '../../test/test-client.factory.js';
import { GongError } from './gong.error.js';
import { redactSecrets } from './secret.redactor.js';

const BASIC_HEADER = `Basic ${Buffer.from(`AKEY-4f1c2d3e4f5a6b7c:${ACCESS_KEY_SECRET}`).toString('base64')}`;
const CLIENT_SECRET = 'oauth-client-secret-31337';
const ACCESS_TOKEN = 'oauth-access-token-AAAA1111';
const REFRESH_TOKEN = 'oauth-refresh-token-BBBB2222';
const NEW_ACCESS_TOKEN = 'oauth-new-access-token-CCCC3333';
const NEW_REFRESH_TOKEN = 'oauth-new-refresh-token-DDDD4444';
const SECRETS = [ACCESS_KEY_SECRET, BASIC_HEADER, CLIENT_SECRET, ACCESS_TOKEN, REFRESH_TOKEN, NEW_ACCESS_TOKEN, NEW_REFRESH_TOKEN];

/** Every way an error can end up in a log. */
function everythingLoggable(error: unknown): string {
  const e = error as Error;
  return [String(e.message), String(e.stack), JSON.stringify(error), inspect(error, { depth: 10, showHidden: true })].join('\n');
}

function expectNoSecrets(error: unknown): void {
  expect(error).toBeInstanceOf(GongError);
  const text = everythingLoggable(error);
  for (const secret of SECRETS) {
    for (const form of [secret, encodeURIComponent(secret), Buffer.from(secret).toString('base64')]) {
      expect(text).not.toContain(form);
    }
  }
  expect(text).not.toContain(BASIC_HEADER.slice('Basic '.length));
}

/** Gong echoing whatever it got (a worst case): the Authorization header and the query string. */
const echo = (status: number): FakeHandler => (req, reply) =>
  sendJson(reply, status, {
    requestId: 'r',
    errors: [`denied for ${String(req.headers.authorization)}`, `query ${JSON.stringify(req.query)}`, ACCESS_KEY_SECRET],
  });

let servers: FakeGong[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});
async function fake(handler: FakeHandler): Promise<FakeGong> {
  const server = await startFakeGong(handler);
  servers.push(server);
  return server;
}

function oauthClient(
  apiBaseUrl: string,
  oauthBaseUrl: string,
  expiresAt?: number,
  fetch?: typeof globalThis.fetch,
): GongClient {
  return new GongClient({
    baseUrl: apiBaseUrl,
    auth: {
      kind: 'oauth',
      clientId: 'oauth-client-id',
      clientSecret: CLIENT_SECRET,
      oauthBaseUrl,
      tokenStore: new InMemoryTokenStore({
        accessToken: ACCESS_TOKEN,
        refreshToken: REFRESH_TOKEN,
        ...(expiresAt === undefined ? {} : { expiresAt }),
      }),
    },
    permits: new RecordingPermits(),
    priority: 'sync',
    sleep: async () => undefined,
    timeoutMs: 2000,
    ...(fetch === undefined ? {} : { fetch }),
  });
}

describe('secrets never appear in errors', () => {
  it.each([401, 403, 400, 404, 429, 500])('Basic auth, Gong echoes the credentials with %i', async (status) => {
    const server = await fake(echo(status));
    const { client } = testClient(server.baseUrl, { retry: { maxAttempts: 2 } });
    const error = await rejectionOf(client.listWorkspaces());
    expect((error as GongError).message).toContain('[redacted]');
    expectNoSecrets(error);
  });

  it('Basic auth, network error', async () => {
    const server = await fake(echo(200));
    await server.close();
    servers = [];
    const { client } = testClient(server.baseUrl, { retry: { maxAttempts: 1 } });
    expectNoSecrets(await rejectionOf(client.listWorkspaces()));
  });

  it('OAuth: the API and then the token endpoint echo tokens and client credentials', async () => {
    const server = await fake(echo(401));
    const error = await rejectionOf(oauthClient(server.baseUrl, server.baseUrl).listWorkspaces());
    expect(error).toMatchObject({ code: 'GONG_AUTH_FAILED' });
    expectNoSecrets(error);
  });

  it('OAuth: token endpoint unreachable (its URL carries the refresh token)', async () => {
    const api = await fake(echo(401));
    const closed = await startFakeGong(echo(200));
    await closed.close();
    const error = await rejectionOf(oauthClient(api.baseUrl, closed.baseUrl).listWorkspaces());
    expect(error).toMatchObject({ kind: 'network' });
    expectNoSecrets(error);
  });

  it('OAuth: fetch fails with the token URL in its message', async () => {
    const api = await fake(echo(401));
    const client = oauthClient(api.baseUrl, api.baseUrl, 0, async (input) => {
      throw new TypeError(`Failed to parse URL from ${String(input)}`, { cause: new Error(String(input)) });
    });
    const error = await rejectionOf(client.listWorkspaces());
    expect(error).toMatchObject({ kind: 'network' });
    expectNoSecrets(error);
  });

  it.each([
    ['truncated JSON', `{"access_token":"${NEW_ACCESS_TOKEN}","refresh_token":"${NEW_REFRESH_TOKEN}`],
    ['wrong shape', { access_token: 42, refresh_token: NEW_REFRESH_TOKEN, api_base_url_for_customer: NEW_ACCESS_TOKEN }],
    ['server error echoing', { errors: [`refresh ${REFRESH_TOKEN} with ${NEW_ACCESS_TOKEN}`] }],
  ])('OAuth: bad token answer (%s)', async (_name, body) => {
    const server = await fake((req, reply) =>
      req.path.startsWith('/oauth2') ? sendJson(reply, typeof body === 'object' && 'errors' in body ? 503 : 200, body) : echo(401)(req, reply),
    );
    const error = await rejectionOf(oauthClient(server.baseUrl, server.baseUrl, 0).listWorkspaces());
    expectNoSecrets(error);
  });
});

describe('redactSecrets', () => {
  it('removes raw, URL-encoded and base64 forms and shortens long text', () => {
    const secret = 'p@ss/word+1';
    const text = `a ${secret} b ${encodeURIComponent(secret)} c ${Buffer.from(secret).toString('base64')} d`;
    expect(redactSecrets(text, [secret])).toBe('a [redacted] b [redacted] c [redacted] d');
    expect(redactSecrets('x'.repeat(1000), [])).toHaveLength(301);
  });
});
