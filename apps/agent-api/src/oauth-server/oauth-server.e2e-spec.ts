import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  discoverAuthorizationServerMetadata,
  exchangeAuthorization,
  refreshAuthorization,
  registerClient,
  startAuthorization,
  type AuthorizationServerMetadata,
} from '@modelcontextprotocol/client';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { OAuthClientProvider } from '@modelcontextprotocol/sdk/client/auth.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { OAuthClientInformationMixed, OAuthTokens } from '@modelcontextprotocol/sdk/shared/auth.js';
import { bootstrapService, createLogger, type ServiceHandle } from '@gong-connector/platform';
import { LogCapture, TestBrowser, TestIdentityProvider } from '@gong-connector/testing';
import { decodeProtectedHeader, jwtVerify, type JWTPayload } from 'jose';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CALLS, startAgentApi, USERS, type AgentApiTestApp, ADMIN_TOKEN } from '../../test/agent-api.fixture.js';
import { AgentApiModule } from '../agent-api.module.js';
import { BUILTIN_TRUSTED_ISSUER, type TrustedIssuer } from '../auth/oauth/trusted-issuer.js';

const UPSTREAM_CLIENT = { id: 'gong-connector', secret: 'upstream-client-secret-0123456789' };

interface ClientHost {
  server: Server;
  url: string;
  set(doc: Record<string, unknown>): void;
  /** The next request to /callback (the authorization response), answered with a short page. */
  nextCallback(): Promise<URL>;
}

/** A loopback server of the test, like a native MCP client's: its redirect target and its Client ID Metadata Document. */
async function startClientHost(): Promise<ClientHost> {
  let document: Record<string, unknown> | undefined;
  const waiting: ((url: URL) => void)[] = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname === '/client.json' && document) {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(document));
      return;
    }
    if (url.pathname === '/callback') {
      res.setHeader('content-type', 'text/html');
      res.end('<!doctype html><title>Signed in</title><p id="done">You can close this window.</p>');
      waiting.shift()?.(url);
      return;
    }
    res.statusCode = 404;
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    server,
    url,
    set: (doc) => {
      document = doc;
    },
    nextCallback: () => new Promise<URL>((resolve) => waiting.push(resolve)),
  };
}

describe('built-in authorization server: MCP SDK OAuth client, upstream sign-in in Chromium', () => {
  let idp: TestIdentityProvider;
  let clientHost: ClientHost;
  let app: AgentApiTestApp;
  let issuer: string;
  let metadata: AuthorizationServerMetadata;
  let trusted: TrustedIssuer;
  let redirect: string;
  let cimdId: string;
  const extra: ServiceHandle[] = [];

  beforeAll(async () => {
    idp = await TestIdentityProvider.start({
      accounts: [{ email: USERS.alice.email, name: 'Alice' }, { email: USERS.bob.email, name: 'Bob' }],
      clients: [
        {
          client_id: UPSTREAM_CLIENT.id,
          client_secret: UPSTREAM_CLIENT.secret,
          // native: the loopback redirect URI matches whatever port the agent API got.
          application_type: 'native',
          redirect_uris: ['http://127.0.0.1/oauth/callback'],
          grant_types: ['authorization_code'],
          response_types: ['code'],
          token_endpoint_auth_method: 'client_secret_basic',
        },
      ],
    });
    clientHost = await startClientHost();
    redirect = `${clientHost.url}/callback`;
    // oidc-provider accepts only https client ids and refuses to fetch loopback addresses: in this
    // test only, the https id of the document is fetched over plain http from the test's server.
    const cimdFetch = ((url: string | URL, init?: RequestInit) => {
      const { dispatcher: _ignored, ...rest } = (init ?? {}) as RequestInit & { dispatcher?: unknown };
      return fetch(String(url).replace(/^https:\/\/127\.0\.0\.1:/, 'http://127.0.0.1:'), rest);
    }) as typeof fetch;
    app = await startAgentApi(
      {
        AGENT_API_OAUTH_SERVER: 'builtin',
        AGENT_API_OIDC_ISSUER: idp.issuer,
        AGENT_API_OIDC_CLIENT_ID: UPSTREAM_CLIENT.id,
        AGENT_API_OIDC_CLIENT_SECRET: UPSTREAM_CLIENT.secret,
      },
      { oauthServer: { cimdFetch } },
    );
    issuer = `${app.service.url}/oauth`;
    cimdId = `https://127.0.0.1:${new URL(clientHost.url).port}/client.json`;
    clientHost.set({
      client_id: cimdId,
      client_name: 'CIMD Test Agent',
      redirect_uris: [redirect],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
    });
    trusted = app.service.app.get<TrustedIssuer>(BUILTIN_TRUSTED_ISSUER);
    metadata = (await discoverAuthorizationServerMetadata(issuer))!;
  }, 60_000);

  afterAll(async () => {
    for (const s of extra) await s.shutdown();
    await app?.close();
    clientHost?.server.closeAllConnections();
    await new Promise((r) => clientHost?.server.close(r));
    await idp?.stop();
  });

  /** Runs the browser part: sign-in at the company IdP, then our consent page; the code. */
  async function signInAndConsent(authorizationUrl: URL, email: string, expectClient: RegExp): Promise<{ code: string; consentText: string }> {
    const browser = await TestBrowser.launch();
    try {
      const page = await browser.newPage();
      const redirected = clientHost.nextCallback();
      await page.goto(authorizationUrl.href);
      expect(page.url().startsWith(idp.issuer)).toBe(true);
      await idp.signIn(page, email);
      await page.waitForSelector('#client-host', { timeout: 15_000 }).catch(async (error: unknown) => {
        throw new Error(`no consent page at ${page.url()}: ${(await page.locator('body').innerText().catch(() => '')).slice(0, 500)} (${String(error)})`);
      });
      const consentText = await page.locator('body').innerText();
      expect(await page.locator('#client-name').innerText()).toMatch(expectClient);
      await Promise.all([page.waitForEvent('framenavigated'), page.click('#allow')]);
      const back = await redirected;
      expect(back.searchParams.get('error')).toBeNull();
      expect(back.searchParams.get('iss')).toBe(issuer);
      return { code: back.searchParams.get('code')!, consentText };
    } finally {
      await browser.close();
    }
  }

  async function verify(accessToken: string, audience = `${app.service.url}/mcp`): Promise<JWTPayload> {
    const { payload } = await jwtVerify(accessToken, trusted.keys, { issuer: trusted.issuer, audience, typ: trusted.requireTyp! });
    return payload;
  }

  /** The MCP SDK client's own OAuth: an in-memory OAuthClientProvider whose "browser" is Chromium. */
  class BrowserOAuthProvider implements OAuthClientProvider {
    info: OAuthClientInformationMixed | undefined;
    saved: OAuthTokens | undefined;
    verifier = '';
    authorizationUrl: URL | undefined;
    constructor(readonly clientMetadataUrl?: string) {}
    get redirectUrl(): string {
      return redirect;
    }
    get clientMetadata() {
      return { client_name: 'SDK Test Agent', redirect_uris: [redirect], grant_types: ['authorization_code', 'refresh_token'], response_types: ['code'], token_endpoint_auth_method: 'none' };
    }
    clientInformation() {
      return this.info;
    }
    saveClientInformation(info: OAuthClientInformationMixed) {
      this.info = info;
    }
    tokens() {
      return this.saved;
    }
    saveTokens(tokens: OAuthTokens) {
      this.saved = tokens;
    }
    redirectToAuthorization(url: URL) {
      this.authorizationUrl = url;
    }
    saveCodeVerifier(verifier: string) {
      this.verifier = verifier;
    }
    codeVerifier() {
      return this.verifier;
    }
  }

  async function connectWithOAuth(provider: BrowserOAuthProvider, email: string, clientName: RegExp): Promise<Client> {
    const url = new URL(`${app.service.url}/mcp`);
    const first = new StreamableHTTPClientTransport(url, { authProvider: provider });
    await expect(new Client({ name: 'oauth-e2e', version: '1.0.0' }).connect(first)).rejects.toThrow(/Unauthorized/i);
    expect(provider.authorizationUrl?.href.startsWith(`${issuer}/auth`)).toBe(true);
    const { code } = await signInAndConsent(provider.authorizationUrl!, email, clientName);
    await first.finishAuth(code);
    const client = new Client({ name: 'oauth-e2e', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(url, { authProvider: provider }));
    return client;
  }

  const callIds = async (client: Client): Promise<Set<string>> => {
    const result = (await client.callTool({ name: 'search_calls', arguments: { q: 'budget', limit: 10 } })) as { structuredContent?: { passages: { callId: string }[] }; isError?: boolean };
    expect(result.isError).toBeFalsy();
    return new Set(result.structuredContent!.passages.map((p) => p.callId));
  };

  let aliceSdk: BrowserOAuthProvider;

  it('an MCP SDK client with no token discovers, registers (DCR), signs alice in and sees exactly her calls', async () => {
    const provider = new BrowserOAuthProvider();
    aliceSdk = provider;
    const client = await connectWithOAuth(provider, USERS.alice.email, /SDK Test Agent/);
    try {
      expect(provider.info?.client_id).toBeDefined();
      expect(await callIds(client)).toEqual(new Set([CALLS.aliceAcme]));
    } finally {
      await client.close();
    }
  }, 90_000);

  it('an MCP SDK client registers by Client ID Metadata Document; bob sees exactly his calls', async () => {
    const provider = new BrowserOAuthProvider(cimdId);
    const client = await connectWithOAuth(provider, USERS.bob.email, /CIMD Test Agent/);
    try {
      expect(provider.info?.client_id).toBe(cimdId);
      expect(await callIds(client)).toEqual(new Set([CALLS.bobAcme, CALLS.bobGlobex]));
    } finally {
      await client.close();
    }
  }, 90_000);

  it('publishes RFC 8414 metadata: S256 only, registration, CIMD, revocation', async () => {
    expect(metadata).toBeDefined();
    expect(metadata.issuer).toBe(issuer);
    expect(trusted.issuer).toBe(issuer);
    expect(metadata.code_challenge_methods_supported).toEqual(['S256']);
    expect(metadata.registration_endpoint).toBe(`${issuer}/reg`);
    expect(String((metadata as Record<string, unknown>)['revocation_endpoint'])).toBe(`${issuer}/token/revocation`);
    expect((metadata as Record<string, unknown>)['client_id_metadata_document_supported']).toBe(true);
    const direct = await fetch(`${app.service.url}/.well-known/oauth-authorization-server/oauth`);
    expect(direct.status).toBe(200);
  });

  let dcrClient: { client_id: string };
  let refreshToken: string;

  it('refuses to register a confidential client (its secret would be kept in clear): public clients only', async () => {
    const res = await fetch(`${issuer}/reg`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ client_name: 'Confidential', redirect_uris: [redirect], token_endpoint_auth_method: 'client_secret_basic' }),
    });
    expect(res.status).toBe(400);
    await expect(res.json()).resolves.toMatchObject({ error: 'invalid_client_metadata' });
  });

  it('registers dynamically (RFC 7591), signs alice in upstream, consents, and issues an audience-bound at+jwt', async () => {
    dcrClient = await registerClient(issuer, {
      metadata,
      clientMetadata: { client_name: 'DCR Test Agent', redirect_uris: [redirect], grant_types: ['authorization_code', 'refresh_token'], response_types: ['code'], token_endpoint_auth_method: 'none' },
    });
    const resource = new URL(`${app.service.url}/mcp`);
    const { authorizationUrl, codeVerifier } = await startAuthorization(issuer, { metadata, clientInformation: dcrClient, redirectUrl: redirect, scope: 'gong:read', resource, state: 'st-1' });
    const { code, consentText } = await signInAndConsent(authorizationUrl, USERS.alice.email, /DCR Test Agent/);
    expect(consentText).toContain(USERS.alice.email);
    expect(consentText).toContain('Read the Gong calls');
    expect(consentText).toContain('registered dynamically');
    const tokens = await exchangeAuthorization(issuer, { metadata, clientInformation: dcrClient, authorizationCode: code, iss: issuer, codeVerifier, redirectUri: redirect, resource });
    expect(tokens.refresh_token).toBeDefined();
    refreshToken = tokens.refresh_token!;
    expect(decodeProtectedHeader(tokens.access_token).typ).toBe('at+jwt');
    const claims = await verify(tokens.access_token);
    expect(claims).toMatchObject({ sub: USERS.alice.id, email: USERS.alice.email, email_verified: true, client_id: dcrClient.client_id, scope: 'gong:read' });
    expect(claims.jti).toBeDefined();
    expect(claims.gong_tools).toBeUndefined();
    const stored: { n: string }[] = await app.db.database.query('SELECT count(*) AS n FROM oauth_models WHERE payload::text LIKE $1', [`%${refreshToken}%`]);
    expect(Number(stored[0]!.n)).toBe(0);
  }, 90_000);

  it('rotates the refresh token on every use; a second replica on the same schema accepts it; admin limits reach the token', async () => {
    const second = await bootstrapService(
      AgentApiModule.forRoot({ ...app.config, AGENT_API_PUBLIC_URL: app.service.url }, { logger: createLogger({ name: 'agent-api-2', level: 'warn', destination: new LogCapture() }), liveCallSource: null }),
      { port: 0, host: '127.0.0.1', handleSignals: false },
    );
    extra.push(second);
    const limit = await fetch(`${app.service.url}/admin/oauth/clients/limits`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ clientId: dcrClient.client_id, toolTags: ['calls', 'search'], readOnly: true }),
    });
    expect(limit.status).toBe(200);
    // The refresh lands on the second replica (its token endpoint, same issuer).
    const rotated = await refreshAuthorization(issuer, { metadata: { ...metadata, token_endpoint: `${second.url}/oauth/token` }, clientInformation: dcrClient, refreshToken, resource: new URL(`${app.service.url}/mcp`) });
    expect(rotated.refresh_token).toBeDefined();
    expect(rotated.refresh_token).not.toBe(refreshToken);
    const claims = await verify(rotated.access_token);
    expect(claims).toMatchObject({ sub: USERS.alice.id, gong_tool_tags: ['calls', 'search'], gong_read_only: true });
    const bad = await fetch(`${app.service.url}/admin/oauth/clients/limits`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ clientId: dcrClient.client_id, toolTags: ['everything'] }),
    });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toContain('toolTags');

    // Reuse detection: the used refresh token again revokes the grant, so the rotated one dies too.
    await expect(refreshAuthorization(issuer, { metadata, clientInformation: dcrClient, refreshToken })).rejects.toThrow(/invalid_grant|already used|grant/i);
    await expect(refreshAuthorization(issuer, { metadata, clientInformation: dcrClient, refreshToken: rotated.refresh_token! })).rejects.toThrow(/invalid_grant|grant/i);
  }, 60_000);

  it('registers by Client ID Metadata Document, names it on the consent page, and revokes (RFC 7009)', async () => {
    const clientInformation = { client_id: cimdId };
    const resource = new URL(`${app.service.url}/mcp`);
    const { authorizationUrl, codeVerifier } = await startAuthorization(issuer, { metadata, clientInformation, redirectUrl: redirect, scope: 'gong:read', resource, state: 'st-2' });
    const { code, consentText } = await signInAndConsent(authorizationUrl, USERS.bob.email, /CIMD Test Agent/);
    expect(consentText).toContain(`127.0.0.1:${new URL(clientHost.url).port}`);
    const tokens = await exchangeAuthorization(issuer, { metadata, clientInformation, authorizationCode: code, iss: issuer, codeVerifier, redirectUri: redirect, resource });
    expect(await verify(tokens.access_token)).toMatchObject({ sub: USERS.bob.id, client_id: cimdId });

    const grants = await fetch(`${app.service.url}/admin/oauth/clients/grants?clientId=${encodeURIComponent(cimdId)}`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    // Bob allowed this client twice (by the SDK client above, and here): two grants, both his.
    expect(new Set(((await grants.json()) as { grants: { accountId: string }[] }).grants.map((g) => g.accountId))).toEqual(new Set([USERS.bob.id]));

    const revoked = await fetch(`${issuer}/token/revocation`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: tokens.refresh_token!, token_type_hint: 'refresh_token', client_id: cimdId }),
    });
    expect(revoked.status).toBe(200);
    await expect(refreshAuthorization(issuer, { metadata, clientInformation, refreshToken: tokens.refresh_token! })).rejects.toThrow(/invalid_grant|grant/i);
  }, 90_000);

  it('admin: lists clients with their limits and grants, revokes a grant (then 404), and needs the admin token', async () => {
    const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };
    const listed = (await (await fetch(`${app.service.url}/admin/oauth/clients`, { headers: admin })).json()) as { clients: { clientId: string; limits: { readOnly: boolean } | null; grants: number }[] };
    expect(listed.clients.find((c) => c.clientId === dcrClient.client_id)?.limits).toMatchObject({ readOnly: true });
    expect(listed.clients.find((c) => c.clientId === cimdId)?.grants).toBeGreaterThanOrEqual(1);
    const grants = (await (await fetch(`${app.service.url}/admin/oauth/clients/grants?clientId=${encodeURIComponent(cimdId)}`, { headers: admin })).json()) as { grants: { grantId: string }[] };
    const grantId = grants.grants[0]!.grantId;
    const first = await fetch(`${app.service.url}/admin/oauth/clients/grants/${grantId}`, { method: 'DELETE', headers: admin });
    expect(first.status).toBe(200);
    const again = await fetch(`${app.service.url}/admin/oauth/clients/grants/${grantId}`, { method: 'DELETE', headers: admin });
    expect(again.status).toBe(404);
    expect(((await again.json()) as { error: { code: string } }).error.code).toBe('NOT_FOUND');
    expect((await fetch(`${app.service.url}/admin/oauth/clients`)).status).toBe(401);
  });

  it('refuses plain PKCE and a resource that is not this API', async () => {
    const base = { client_id: dcrClient.client_id, response_type: 'code', redirect_uri: redirect, scope: 'gong:read', state: 's' };
    const plain = await fetch(`${metadata.authorization_endpoint}?${new URLSearchParams({ ...base, code_challenge: 'a'.repeat(43), code_challenge_method: 'plain' })}`, { redirect: 'manual' });
    expect(new URL(plain.headers.get('location')!).searchParams.get('error')).toBe('invalid_request');
    const other = await fetch(
      `${metadata.authorization_endpoint}?${new URLSearchParams({ ...base, code_challenge: 'a'.repeat(43), code_challenge_method: 'S256', resource: 'https://elsewhere.example/mcp' })}`,
      { redirect: 'manual' },
    );
    expect(new URL(other.headers.get('location')!).searchParams.get('error')).toBe('invalid_target');
  });

  it('a person with no Gong user gets a clear 403 page after the upstream sign-in', async () => {
    const { authorizationUrl } = await startAuthorization(issuer, { metadata, clientInformation: dcrClient, redirectUrl: redirect, scope: 'gong:read', resource: new URL(`${app.service.url}/mcp`), state: 'st-3' });
    const browser = await TestBrowser.launch();
    try {
      const page = await browser.newPage();
      const callback = page.waitForResponse((r) => r.url().startsWith(`${issuer}/callback`));
      await page.goto(authorizationUrl.href);
      await idp.signIn(page, TestIdentityProvider.NO_GONG_USER_EMAIL);
      const response = await callback;
      expect(response.status()).toBe(403);
      await page.waitForSelector('#error');
      expect(await page.locator('#error').innerText()).toContain(`no active Gong user has this email address`);
    } finally {
      await browser.close();
    }
  }, 60_000);

  it('a sign-in started in one browser cannot be completed by a person in another (login CSRF)', async () => {
    const { authorizationUrl } = await startAuthorization(issuer, { metadata, clientInformation: dcrClient, redirectUrl: redirect, scope: 'gong:read', resource: new URL(`${app.service.url}/mcp`), state: 'st-5' });
    const attacker = await TestBrowser.launch();
    const victim = await TestBrowser.launch();
    try {
      const page = await attacker.newPage();
      const toIdp = page.waitForResponse((r) => r.url().startsWith(`${issuer}/interaction/`) && r.status() === 302);
      await page.goto(authorizationUrl.href);
      const upstreamUrl = (await toIdp).headers()['location']!;
      expect(upstreamUrl.startsWith(idp.issuer)).toBe(true);
      const victimPage = await victim.newPage();
      const callback = victimPage.waitForResponse((r) => r.url().startsWith(`${issuer}/callback`));
      await victimPage.goto(upstreamUrl);
      await idp.signIn(victimPage, USERS.bob.email);
      expect((await callback).status()).toBe(403);
      expect(await victimPage.locator('#error').innerText()).toContain('started in another browser');
    } finally {
      await attacker.close();
      await victim.close();
    }
  }, 60_000);

  it('Deny on the consent page sends the client access_denied and no code', async () => {
    const { authorizationUrl } = await startAuthorization(issuer, { metadata, clientInformation: dcrClient, redirectUrl: redirect, scope: 'gong:read', resource: new URL(`${app.service.url}/mcp`), state: 'st-4' });
    const browser = await TestBrowser.launch();
    try {
      const page = await browser.newPage();
      const redirected = clientHost.nextCallback();
      await page.goto(authorizationUrl.href);
      await idp.signIn(page, USERS.bob.email);
      await page.waitForSelector('#deny');
      await Promise.all([page.waitForEvent('framenavigated'), page.click('#deny')]);
      const back = await redirected;
      expect(back.searchParams.get('error')).toBe('access_denied');
      expect(back.searchParams.get('code')).toBeNull();
    } finally {
      await browser.close();
    }
  }, 60_000);

  it('a refresh token stops working once its Gong user is deactivated', async () => {
    const active = await refreshAuthorization(issuer, { metadata, clientInformation: aliceSdk.info!, refreshToken: aliceSdk.saved!.refresh_token! });
    expect(active.refresh_token).toBeDefined();
    await app.db.database.query('UPDATE gong_users SET active = false WHERE id = $1', [USERS.alice.id]);
    await expect(refreshAuthorization(issuer, { metadata, clientInformation: aliceSdk.info!, refreshToken: active.refresh_token! })).rejects.toThrow(/invalid_grant|grant/i);
  });
});
