import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { UnauthorizedError, type OAuthClientProvider } from '@modelcontextprotocol/sdk/client/auth.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { OAuthClientInformationMixed, OAuthClientMetadata, OAuthTokens } from '@modelcontextprotocol/sdk/shared/auth.js';
import { FakeClock, TestBrowser, TestIdentityProvider } from '@gong-connector/testing';
import { CALLS, USERS, startAgentApi, type AgentApiTestApp } from '../../../test/agent-api.fixture.js';

const REDIRECT = 'http://127.0.0.1:9/oauth/callback';

/** The MCP client's side of OAuth as an app implements it: in memory; the sign-in page goes to Chromium. */
class BrowserOAuthClient implements OAuthClientProvider {
  info: OAuthClientInformationMixed | undefined;
  saved: OAuthTokens | undefined;
  verifier = '';
  authorizationUrl: URL | undefined;

  get redirectUrl(): string {
    return REDIRECT;
  }

  get clientMetadata(): OAuthClientMetadata {
    return {
      client_name: 'E2E MCP client',
      redirect_uris: [REDIRECT],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
    };
  }

  clientInformation(): OAuthClientInformationMixed | undefined {
    return this.info;
  }

  saveClientInformation(info: OAuthClientInformationMixed): void {
    this.info = info;
  }

  tokens(): OAuthTokens | undefined {
    return this.saved;
  }

  saveTokens(tokens: OAuthTokens): void {
    this.saved = tokens;
  }

  redirectToAuthorization(url: URL): void {
    this.authorizationUrl = url;
  }

  saveCodeVerifier(verifier: string): void {
    this.verifier = verifier;
  }

  codeVerifier(): string {
    return this.verifier;
  }
}

type ToolResult = { structuredContent?: Record<string, unknown>; content: { type: string; text?: string }[]; isError?: boolean };

describe('resource-server-only mode: the company IdP is the authorization server, the official MCP SDK client signs a rep in through Chromium', () => {
  let idp: TestIdentityProvider;
  let app: AgentApiTestApp;
  let browser: TestBrowser;
  const clients: Client[] = [];
  /** The API's clock: starts at the real time (the IdP signs with it), moved by one test. */
  const clock = new FakeClock(Date.now());

  beforeAll(async () => {
    idp = await TestIdentityProvider.start({
      accounts: [USERS.alice, USERS.bob, USERS.manager].map((u) => ({ email: u.email, name: `${u.firstName} ${u.lastName}` })),
    });
    app = await startAgentApi({ AGENT_API_OAUTH_ISSUER: idp.issuer, AGENT_API_OAUTH_JWKS_COOLDOWN_MS: '0' }, { clock });
    browser = await TestBrowser.launch();
  }, 90_000);

  afterAll(async () => {
    for (const c of clients) await c.close().catch(() => undefined);
    await browser?.close();
    await app?.close();
    await idp?.stop();
  });

  const mcpUrl = (): URL => new URL(`${app.service.url}/mcp`);

  /** The SDK's whole flow up to tokens: no token, 401, discovery, DCR, sign-in in Chromium, code exchange (PKCE). */
  async function authorizeWithSdk(email: string): Promise<BrowserOAuthClient> {
    const provider = new BrowserOAuthClient();
    const first = new Client({ name: 'e2e', version: '1.0.0' });
    await expect(first.connect(new StreamableHTTPClientTransport(mcpUrl(), { authProvider: provider }))).rejects.toBeInstanceOf(UnauthorizedError);
    expect(provider.info?.client_id).toEqual(expect.any(String)); // registered at the IdP (DCR)
    const authorizationUrl = provider.authorizationUrl!;
    expect(authorizationUrl.origin).toBe(new URL(idp.issuer).origin);
    expect(authorizationUrl.searchParams.get('resource')).toBe(`${app.service.url}/mcp`);
    expect(authorizationUrl.searchParams.get('code_challenge_method')).toBe('S256');

    await browser.clearCookies();
    const page = await browser.newPage();
    const redirected = browser.captureRedirect(REDIRECT);
    await page.goto(authorizationUrl.href);
    await idp.signIn(page, email);
    const back = await redirected;
    await page.close();
    const code = back.searchParams.get('code');
    if (!code) throw new Error(`no code: ${back.href}`);
    await new StreamableHTTPClientTransport(mcpUrl(), { authProvider: provider }).finishAuth(code);
    expect(provider.saved?.access_token).toEqual(expect.any(String));
    return provider;
  }

  async function signInWithSdk(email: string): Promise<{ client: Client; provider: BrowserOAuthClient }> {
    const provider = await authorizeWithSdk(email);
    const client = new Client({ name: 'e2e', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(mcpUrl(), { authProvider: provider }));
    clients.push(client);
    return { client, provider };
  }

  const searchedCalls = async (client: Client, q: string): Promise<Set<string>> => {
    const r = (await client.callTool({ name: 'search_calls', arguments: { q, limit: 25 } })) as ToolResult;
    expect(r.isError).toBeFalsy();
    return new Set((r.structuredContent!.passages as { callId: string }[]).map((p) => p.callId));
  };

  /** What the replica itself lets this user see, through a token of ours (another way in). */
  const replicaVisible = async (email: string): Promise<Set<string>> => {
    const token = await app.token({ user: email });
    const res = await fetch(`${app.service.url}/v1/calls?limit=100`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    return new Set(((await res.json()) as { calls: { id: string }[] }).calls.map((c) => c.id));
  };

  /** A JSON-RPC answer of /mcp, sent as JSON or (the v2 SDK's legacy serving) as one SSE message. */
  const rpc = async <T>(res: Response): Promise<T> => {
    const body = await res.text();
    const data = /^data: (.*)$/m.exec(body);
    return JSON.parse(data ? data[1]! : body) as T;
  };
  const post = (token: string | undefined, body: unknown): Promise<Response> =>
    fetch(mcpUrl(), {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
      },
      body: JSON.stringify(body),
    });
  const listTools = { jsonrpc: '2.0', id: 1, method: 'tools/list', params: {} };
  const searchCall = { jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'search_calls', arguments: { q: 'budget' } } };
  const metadataUrl = (): string => `${app.service.url}/.well-known/oauth-protected-resource/mcp`;
  const now = (): number => Math.floor(Date.now() / 1000);
  const claims = (over: Record<string, unknown> = {}): Record<string, unknown> => ({
    iss: idp.issuer,
    aud: `${app.service.url}/mcp`,
    sub: USERS.alice.email,
    client_id: 'minted-in-test',
    scope: 'gong:read',
    email: USERS.alice.email,
    email_verified: true,
    iat: now(),
    exp: now() + 300,
    jti: `jti-${Math.random()}`,
    ...over,
  });

  it('publishes RFC 9728 metadata naming the company IdP and answers 401 with where to find it', async () => {
    const res = await fetch(metadataUrl());
    expect(res.status).toBe(200);
    await expect(res.json()).resolves.toEqual({
      resource: `${app.service.url}/mcp`,
      authorization_servers: [idp.issuer],
      scopes_supported: ['gong:read', 'gong:engage:write', 'gong:tasks:write', 'gong:crm:write', 'gong:ai'],
      bearer_methods_supported: ['header'],
      resource_name: 'Gong agent connector',
      resource_documentation: `${app.service.url}/docs`,
    });
    const api = await fetch(`${app.service.url}/.well-known/oauth-protected-resource`);
    await expect(api.json()).resolves.toMatchObject({ resource: app.service.url });

    const anonymous = await post(undefined, listTools);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toBe(`Bearer resource_metadata="${metadataUrl()}"`);
  });

  it('a rep signs in through the SDK client and sees exactly their calls; refresh works', async () => {
    const { client, provider } = await signInWithSdk(USERS.alice.email);
    const seen = await searchedCalls(client, 'pricing');
    expect(seen).toEqual(await replicaVisible(USERS.alice.email));
    expect(seen).toEqual(new Set([CALLS.aliceAcme]));
    const who = (await client.callTool({ name: 'whoami', arguments: {} })) as ToolResult;
    expect(who.structuredContent).toMatchObject({ user: { id: USERS.alice.id } });

    // The access token stops working: the SDK refreshes with its refresh token and carries on.
    const firstAccess = provider.saved!.access_token;
    expect(provider.saved!.refresh_token).toEqual(expect.any(String));
    provider.saved = { ...provider.saved!, access_token: 'not-a-valid-token' };
    const again = new Client({ name: 'e2e', version: '1.0.0' });
    await again.connect(new StreamableHTTPClientTransport(mcpUrl(), { authProvider: provider }));
    clients.push(again);
    expect(await searchedCalls(again, 'pricing')).toEqual(new Set([CALLS.aliceAcme]));
    expect(provider.saved!.access_token).not.toBe(firstAccess);
    expect(provider.saved!.access_token).not.toBe('not-a-valid-token');
  }, 90_000);

  it('leak test: another rep signed in the same way never sees the first rep’s calls', async () => {
    const { client } = await signInWithSdk(USERS.bob.email);
    const expected = await replicaVisible(USERS.bob.email);
    expect(expected).toEqual(new Set([CALLS.bobAcme, CALLS.bobGlobex]));
    expect(await searchedCalls(client, 'pricing')).toEqual(expected);
    for (const word of ['rockets', 'discovery']) expect(await searchedCalls(client, word)).toEqual(new Set());
    const theirs = (await client.callTool({ name: 'get_call', arguments: { callId: CALLS.aliceAcme } })) as ToolResult;
    expect(theirs.isError).toBe(true);
    expect(JSON.stringify(theirs)).not.toContain('rockets');
  }, 90_000);

  it('the same OAuth token works on REST /v1', async () => {
    const token = await idp.signAccessToken(claims({ aud: app.service.url }));
    const res = await fetch(`${app.service.url}/v1/calls`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { calls: { id: string }[] }).calls.map((c) => c.id)).toEqual([CALLS.aliceAcme]);
  });

  it.each<[string, () => Promise<string>]>([
    ['a token for another audience', () => idp.signAccessToken(claims({ aud: 'https://other.example/mcp' }))],
    ['an expired token', () => idp.signAccessToken(claims({ iat: now() - 7200, exp: now() - 3600 }))],
    [
      'a tampered token (one byte of the signature changed)',
      async () => {
        const token = await idp.signAccessToken(claims());
        const [h, p, s] = token.split('.') as [string, string, string];
        const i = Math.floor(s.length / 2);
        return `${h}.${p}.${s.slice(0, i)}${s[i] === 'A' ? 'B' : 'A'}${s.slice(i + 1)}`;
      },
    ],
    ['a token of an untrusted issuer', () => idp.signAccessToken(claims({ iss: 'https://evil.example' }))],
    ['a token without exp', () => idp.signAccessToken(claims({ exp: undefined }))],
  ])('refuses %s with 401 invalid_token', async (_, mint) => {
    const res = await post(await mint(), listTools);
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe(`Bearer error="invalid_token", resource_metadata="${metadataUrl()}"`);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('UNAUTHENTICATED');
  });

  it('refuses a token with too few scopes with 403 insufficient_scope, on MCP and REST', async () => {
    const token = await idp.signAccessToken(claims({ scope: 'gong:tasks:write' }));
    const listed = await post(token, listTools);
    expect(listed.status).toBe(200);
    // Only the tool its one scope allows (a write of the user's to-dos); no read tool without gong:read.
    expect((await rpc<{ result: { tools: { name: string }[] } }>(listed)).result.tools.map((t) => t.name)).toEqual(['update_task']);
    const called = await post(token, searchCall);
    expect(called.status).toBe(403);
    expect(called.headers.get('www-authenticate')).toBe(`Bearer error="insufficient_scope", scope="gong:read", resource_metadata="${metadataUrl()}"`);
    await expect(called.json()).resolves.toMatchObject({ error: { code: 'ACCESS_DENIED', message: expect.stringContaining('gong:read') } });
    const rest = await fetch(`${app.service.url}/v1/search?q=budget`, { headers: { authorization: `Bearer ${await idp.signAccessToken(claims({ scope: '', aud: app.service.url }))}` } });
    expect(rest.status).toBe(403);
    expect(rest.headers.get('www-authenticate')).toContain('error="insufficient_scope", scope="gong:read"');
  });

  it('honours gong_* limit claims: a tool outside the limit is refused naming the limit', async () => {
    const token = await idp.signAccessToken(claims({ gong_tool_tags: ['accounts'] }));
    const listed = await rpc<{ result: { tools: { name: string }[] } }>(await post(token, listTools));
    expect(listed.result.tools.map((t) => t.name)).toEqual(['account_research', 'meeting_prep']);
    const called = await post(token, searchCall);
    expect(called.status).toBe(200);
    await expect(called.json()).resolves.toMatchObject({ id: 2, error: { code: -32003, message: expect.stringContaining('search_calls is not allowed for this token') } });
  });

  it('a person the IdP knows but Gong does not signs in and is refused with 403, naming why', async () => {
    const provider = await authorizeWithSdk(TestIdentityProvider.NO_GONG_USER_EMAIL);
    const res = await post(provider.saved!.access_token, listTools);
    expect(res.status).toBe(403);
    await expect(res.json()).resolves.toMatchObject({ error: { code: 'ACCESS_DENIED', message: expect.stringContaining('No active Gong user') } });
    const client = new Client({ name: 'e2e', version: '1.0.0' });
    await expect(client.connect(new StreamableHTTPClientTransport(mcpUrl(), { authProvider: provider }))).rejects.toThrow('No active Gong user has the email no.gong.user@ourco.example');
  }, 90_000);

  it('refuses an IdP user with no Gong user (403), and an unverified email', async () => {
    const nobody = await idp.signAccessToken(claims({ sub: 'x', email: TestIdentityProvider.NO_GONG_USER_EMAIL }));
    const res = await post(nobody, listTools);
    expect(res.status).toBe(403);
    await expect(res.json()).resolves.toMatchObject({ error: { code: 'ACCESS_DENIED', message: expect.stringContaining(`No active Gong user has the email ${TestIdentityProvider.NO_GONG_USER_EMAIL}`) } });
    const unverified = await post(await idp.signAccessToken(claims({ email_verified: false })), listTools);
    expect(unverified.status).toBe(403);
  });

  it('refuses a token once the injected clock passes its exp (plus the 30 s skew), not before', async () => {
    const token = await idp.signAccessToken(claims({ iat: Math.floor(clock.now() / 1000), exp: Math.floor(clock.now() / 1000) + 60 }));
    const start = clock.now();
    try {
      clock.advance(80_000);
      expect((await post(token, listTools)).status).toBe(200);
      clock.advance(20_000);
      const res = await post(token, listTools);
      expect(res.status).toBe(401);
      await expect(res.json()).resolves.toMatchObject({ error: { message: expect.stringContaining('expired') } });
    } finally {
      clock.set(start);
    }
  });

  it('picks up a rotated IdP key without a restart', async () => {
    const before = idp.jwksRequests;
    const kid = await idp.rotateKeys();
    const token = await idp.signAccessToken(claims());
    const res = await post(token, listTools);
    expect(res.status).toBe(200);
    expect(idp.jwksRequests).toBeGreaterThan(before);
    expect(kid).toBe(idp.currentKid);
  });
});
