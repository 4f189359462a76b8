import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type JSONWebKeySet, type JWK, type JWTPayload } from 'jose';
import type { Page } from 'playwright-core';
import type Provider from 'oidc-provider';
import type { Adapter, AdapterPayload, ClientMetadata, Configuration, KoaContextWithOIDC } from 'oidc-provider';

type OidcModule = typeof import('oidc-provider');

/** A person who can sign in at the test IdP. */
export interface TestIdentityAccount {
  email: string;
  name?: string;
  /** Default true: the IdP vouches for the address. */
  emailVerified?: boolean;
}

export interface TestIdentityProviderOptions {
  /** Who can sign in (with TestIdentityProvider.PASSWORD). NO_GONG_USER_EMAIL is always added. */
  accounts: readonly TestIdentityAccount[];
  /** Which RFC 8707 resource indicators tokens may be issued for. Default: any http(s) URL. */
  acceptsResource?: (indicator: string) => boolean;
  /** Resource (non-OIDC) scopes the IdP grants for a resource. Default: the connector's gong:* scopes. */
  resourceScopes?: readonly string[];
  /** Lifetime of access tokens, seconds. Default 600. */
  accessTokenTtlSeconds?: number;
  /** Pre-registered clients (e.g. the built-in authorization server as a confidential OIDC client). */
  clients?: readonly ClientMetadata[];
  /** Extra claims put into every JWT access token (e.g. a configured user claim). */
  extraAccessTokenClaims?: (account: TestIdentityAccount) => Record<string, unknown>;
}

interface SigningKey {
  kid: string;
  privateJwk: JWK;
  publicJwk: JWK;
  privateKey: Parameters<SignJWT['sign']>[0];
}

const DEFAULT_RESOURCE_SCOPES = ['gong:read', 'gong:engage:write', 'gong:tasks:write', 'gong:crm:write', 'gong:ai'] as const;

/**
 * The company identity provider in tests: a real OpenID provider (oidc-provider) on a loopback port
 * (port 0). It serves OIDC discovery and a JWKS, a login form a browser fills in (email and the test
 * password), a consent page, authorization code with PKCE (S256), dynamic client registration,
 * resource indicators issuing RFC 9068 JWT access tokens (typ at+jwt) for the requested resource with
 * `email` and `email_verified` claims, and refresh tokens. `rotateKeys()` publishes a new signing key
 * (the old one stays published) and `signAccessToken()` mints tokens with the IdP's current key for
 * tests that need an expired or odd token.
 */
export class TestIdentityProvider {
  /** The password every test account signs in with. */
  static readonly PASSWORD = 'correct-horse-battery-staple';
  /** An account the IdP knows that has no Gong user. */
  static readonly NO_GONG_USER_EMAIL = 'no.gong.user@ourco.example';

  /** How often the JWKS was fetched (to check a verifier's caching). */
  jwksRequests = 0;

  private provider!: Provider;
  private readonly keys: SigningKey[] = [];
  private readonly accounts = new Map<string, Required<TestIdentityAccount>>();
  private readonly cookieKeys = [randomUUID(), randomUUID()];
  private readonly store = new MemoryStore();
  private readonly handlers = new WeakMap<Provider, (req: IncomingMessage, res: ServerResponse) => void>();

  private constructor(
    private readonly server: Server,
    readonly issuer: string,
    private readonly options: TestIdentityProviderOptions,
    private readonly oidc: OidcModule,
  ) {
    for (const a of [...options.accounts, { email: TestIdentityProvider.NO_GONG_USER_EMAIL, name: 'No Gong User' }]) {
      const email = a.email.toLowerCase();
      this.accounts.set(email, { email, name: a.name ?? email.split('@')[0]!, emailVerified: a.emailVerified ?? true });
    }
  }

  /** Starts the IdP on 127.0.0.1 with an ephemeral port. */
  static async start(options: TestIdentityProviderOptions): Promise<TestIdentityProvider> {
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const { port } = server.address() as AddressInfo;
    // Loaded here, not at import: every test imports this library, few start an IdP.
    const oidc = await import('oidc-provider');
    const idp = new TestIdentityProvider(server, `http://127.0.0.1:${port}`, options, oidc);
    await idp.addKey();
    idp.provider = idp.buildProvider();
    server.on('request', (req, res) => void idp.handle(req, res));
    return idp;
  }

  get discoveryUrl(): string {
    return `${this.issuer}/.well-known/openid-configuration`;
  }

  get jwksUri(): string {
    return `${this.issuer}/jwks`;
  }

  /** The public keys the IdP publishes. */
  publicJwks(): JSONWebKeySet {
    return { keys: this.keys.map((k) => k.publicJwk) };
  }

  /** The kid of the key new tokens are signed with. */
  get currentKid(): string {
    return this.keys[0]!.kid;
  }

  /** Publishes a new signing key that signs from now on; the previous keys stay in the JWKS. */
  async rotateKeys(): Promise<string> {
    await this.addKey();
    this.provider = this.buildProvider();
    return this.currentKid;
  }

  /**
   * Signs an access token with the IdP's current key (RS256, typ at+jwt unless given). Claims are
   * taken as given: the caller sets iss, aud, exp, iat (e.g. from an injected clock).
   */
  async signAccessToken(claims: JWTPayload, options: { typ?: string; kid?: string } = {}): Promise<string> {
    const key = options.kid === undefined ? this.keys[0]! : this.keys.find((k) => k.kid === options.kid);
    if (!key) throw new Error(`no key ${options.kid}`);
    return new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: key.kid, typ: options.typ ?? 'at+jwt' }).sign(key.privateKey);
  }

  /**
   * Drives this IdP's pages in a browser page that is on (or being sent to) its login form: fills in
   * the email and the test password, signs in, and allows the consent page when it shows. Returns
   * once the IdP has sent the browser on (to the client's redirect URI).
   */
  async signIn(page: Page, email: string, password: string = TestIdentityProvider.PASSWORD): Promise<void> {
    await page.waitForSelector('input[name=email]');
    await page.fill('input[name=email]', email);
    await page.fill('input[name=password]', password);
    await Promise.all([page.waitForEvent('framenavigated'), page.click('#sign-in')]);
    await page.waitForLoadState('domcontentloaded');
    if ((await page.locator('#error').count()) > 0) throw new Error(`test IdP refused the sign-in: ${await page.locator('#error').innerText()}`);
    if ((await page.locator('#allow').count()) > 0) {
      await Promise.all([page.waitForEvent('framenavigated'), page.click('#allow')]);
      await page.waitForLoadState('domcontentloaded');
    }
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async addKey(): Promise<void> {
    const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
    const kid = randomUUID();
    const privateJwk = { ...(await exportJWK(privateKey)), kid, alg: 'RS256', use: 'sig' };
    const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
    this.keys.unshift({ kid, privateJwk, publicJwk, privateKey });
  }

  private buildProvider(): Provider {
    const accounts = this.accounts;
    const options = this.options;
    const resourceScopes = (options.resourceScopes ?? DEFAULT_RESOURCE_SCOPES).join(' ');
    const acceptsResource = options.acceptsResource ?? ((r: string) => /^https?:\/\//.test(r));
    const configuration: Configuration = {
      clients: options.clients ? [...options.clients] : [],
      jwks: { keys: this.keys.map((k) => k.privateJwk) } as Configuration['jwks'],
      cookies: { keys: this.cookieKeys },
      // The resource scopes are listed too (as real IdPs do), so clients may register with them.
      scopes: ['openid', 'offline_access', 'email', 'profile', ...(options.resourceScopes ?? DEFAULT_RESOURCE_SCOPES)],
      claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
      pkce: { required: () => true },
      features: {
        devInteractions: { enabled: false },
        registration: { enabled: true },
        revocation: { enabled: true },
        resourceIndicators: {
          enabled: true,
          defaultResource: (_ctx, _client, oneOf) => (oneOf && oneOf.length > 0 ? oneOf[0] : undefined),
          useGrantedResource: () => true,
          getResourceServerInfo: (_ctx, indicator) => {
            if (!acceptsResource(indicator)) throw new this.oidc.errors.InvalidTarget(`this IdP issues no tokens for ${indicator}`);
            return {
              scope: resourceScopes,
              audience: indicator,
              accessTokenTTL: options.accessTokenTtlSeconds ?? 600,
              accessTokenFormat: 'jwt',
              jwt: { sign: { alg: 'RS256' } },
            };
          },
        },
      },
      issueRefreshToken: (_ctx, client) => client.grantTypeAllowed('refresh_token'),
      extraTokenClaims: (_ctx, token) => {
        const accountId = 'accountId' in token ? token.accountId : undefined;
        const account = accountId === undefined ? undefined : accounts.get(accountId);
        if (!account) return undefined;
        return { email: account.email, email_verified: account.emailVerified, ...(options.extraAccessTokenClaims?.(account) ?? {}) };
      },
      findAccount: (_ctx: KoaContextWithOIDC, id: string) => {
        const account = accounts.get(id);
        if (!account) return undefined;
        return {
          accountId: id,
          claims: () => ({ sub: id, email: account.email, email_verified: account.emailVerified, name: account.name }),
        };
      },
      ttl: { AccessToken: options.accessTokenTtlSeconds ?? 600, Grant: 3600, Interaction: 600, RefreshToken: 86_400, Session: 3600, AuthorizationCode: 60 },
      adapter: this.store.adapterFor,
    };
    const provider = new this.oidc.default(this.issuer, configuration);
    this.handlers.set(provider, provider.callback());
    // Errors the provider answers (e.g. invalid_target) are not test failures; keep the output quiet.
    provider.on('server_error', (_ctx, error) => console.error('test IdP server_error', error));
    return provider;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const path = new URL(req.url ?? '/', this.issuer).pathname;
      if (path === '/jwks') this.jwksRequests += 1;
      const interaction = /^\/interaction\/([^/]+)(?:\/(login|confirm|abort))?$/.exec(path);
      if (!interaction) {
        this.handlers.get(this.provider)!(req, res);
        return;
      }
      await this.interaction(req, res, interaction[2]);
    } catch (error) {
      if (!res.headersSent) {
        res.statusCode = 400;
        res.setHeader('content-type', 'text/html; charset=utf-8');
        res.end(page('Sign-in error', `<p id="error">${escapeHtml(error instanceof Error ? error.message : String(error))}</p>`));
      }
    }
  }

  private async interaction(req: IncomingMessage, res: ServerResponse, action: string | undefined): Promise<void> {
    const provider = this.provider;
    const details = await provider.interactionDetails(req, res);
    const uid = details.uid;
    if (req.method === 'GET' && action === undefined) {
      res.setHeader('content-type', 'text/html; charset=utf-8');
      res.setHeader('cache-control', 'no-store');
      if (details.prompt.name === 'login') {
        res.end(loginPage(uid));
      } else {
        const client = await provider.Client.find(String(details.params['client_id']));
        const scopes = String(details.params['scope'] ?? '').split(' ').filter(Boolean);
        res.end(consentPage(uid, client?.clientName ?? String(details.params['client_id']), scopes));
      }
      return;
    }
    if (req.method !== 'POST') {
      res.statusCode = 405;
      res.end();
      return;
    }
    const form = new URLSearchParams(await readBody(req));
    if (action === 'login') {
      const email = (form.get('email') ?? '').trim().toLowerCase();
      if (!this.accounts.has(email) || form.get('password') !== TestIdentityProvider.PASSWORD) {
        res.statusCode = 200;
        res.setHeader('content-type', 'text/html; charset=utf-8');
        res.end(loginPage(uid, 'Unknown email or wrong password'));
        return;
      }
      await provider.interactionFinished(req, res, { login: { accountId: email } }, { mergeWithLastSubmission: false });
      return;
    }
    if (action === 'abort') {
      await provider.interactionFinished(req, res, { error: 'access_denied', error_description: 'The person declined' }, { mergeWithLastSubmission: false });
      return;
    }
    // confirm: grant what the client asked for
    const accountId = details.session?.accountId;
    if (!accountId) throw new Error('no signed-in session for consent');
    const grant = details.grantId ? await provider.Grant.find(details.grantId) : new provider.Grant({ accountId, clientId: String(details.params['client_id']) });
    if (!grant) throw new Error('grant not found');
    const prompt = details.prompt.details as { missingOIDCScope?: string[]; missingOIDCClaims?: string[]; missingResourceScopes?: Record<string, string[]> };
    if (prompt.missingOIDCScope) grant.addOIDCScope(prompt.missingOIDCScope.join(' '));
    if (prompt.missingOIDCClaims) grant.addOIDCClaims(prompt.missingOIDCClaims);
    for (const [indicator, scopes] of Object.entries(prompt.missingResourceScopes ?? {})) grant.addResourceScope(indicator, scopes.join(' '));
    const grantId = await grant.save();
    await provider.interactionFinished(req, res, { consent: details.grantId ? {} : { grantId } }, { mergeWithLastSubmission: true });
  }
}

type Payload = Record<string, unknown> & { grantId?: string; userCode?: string; uid?: string; consumed?: number };

/** oidc-provider's storage for one IdP, in memory (the provider's own one is process-wide and warns). */
class MemoryStore {
  private readonly items = new Map<string, Payload>();

  readonly adapterFor = (model: string): Adapter => {
    const items = this.items;
    const key = (id: string): string => `${model}:${id}`;
    return {
      upsert: async (id, payload) => {
        items.set(key(id), { ...payload });
      },
      find: async (id) => items.get(key(id)) as AdapterPayload | undefined,
      findByUserCode: async (userCode) => [...items.entries()].find(([k, v]) => k.startsWith(`${model}:`) && v.userCode === userCode)?.[1] as AdapterPayload | undefined,
      findByUid: async (uid) => [...items.entries()].find(([k, v]) => k.startsWith(`${model}:`) && v.uid === uid)?.[1] as AdapterPayload | undefined,
      consume: async (id) => {
        const item = items.get(key(id));
        if (item) item.consumed = Math.floor(Date.now() / 1000);
      },
      destroy: async (id) => {
        items.delete(key(id));
      },
      revokeByGrantId: async (grantId) => {
        for (const [k, v] of items) if (v.grantId === grantId) items.delete(k);
      },
    };
  };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const parts: Buffer[] = [];
  for await (const part of req) parts.push(part as Buffer);
  return Buffer.concat(parts).toString('utf8');
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function page(title: string, body: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body><h1>${escapeHtml(title)}</h1>${body}</body></html>`;
}

function loginPage(uid: string, error?: string): string {
  return page(
    'Sign in to Test IdP',
    `${error ? `<p id="error">${escapeHtml(error)}</p>` : ''}
<form method="post" action="/interaction/${encodeURIComponent(uid)}/login">
<label>Email <input name="email" type="email" autocomplete="username" required></label>
<label>Password <input name="password" type="password" autocomplete="current-password" required></label>
<button type="submit" id="sign-in">Sign in</button>
</form>`,
  );
}

function consentPage(uid: string, clientName: string, scopes: string[]): string {
  return page(
    'Allow access?',
    `<p><strong id="client">${escapeHtml(clientName)}</strong> asks for: <span id="scopes">${escapeHtml(scopes.join(' '))}</span></p>
<form method="post" action="/interaction/${encodeURIComponent(uid)}/confirm"><button type="submit" id="allow">Allow</button></form>
<form method="post" action="/interaction/${encodeURIComponent(uid)}/abort"><button type="submit" id="deny">Deny</button></form>`,
  );
}
