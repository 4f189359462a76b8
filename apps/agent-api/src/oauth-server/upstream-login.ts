import { AppError, ErrorCode } from '@gong-connector/contracts';
import type { OAuthModelRepository } from '@gong-connector/persistence';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import * as oidc from 'openid-client';

/** What the company OIDC provider vouched for about the person who signed in. */
export interface UpstreamIdentity {
  email: string;
  subject: string;
}

/** A sign-in sent to the company IdP, waiting for its callback (stored under its state, hashed). */
interface PendingLogin {
  uid: string;
  nonce: string;
  codeVerifier: string;
  /** sha256 of the secret of the browser that started the sign-in (its cookie). */
  browserSha256: string;
}

const sha256 = (value: string): Buffer => createHash('sha256').update(value).digest();

const MODEL = 'UpstreamLogin';
const PENDING_TTL_MS = 10 * 60_000;

const isLoopback = (url: URL): boolean => ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);

/**
 * Sign-in through the company's OIDC provider (openid-client): authorization code with PKCE (S256),
 * state and nonce, the ID token verified against the IdP's keys. The pending sign-in is kept in
 * PostgreSQL, so the callback may land on any replica. Plain http is accepted only for an IdP on
 * loopback (tests, local runs).
 */
export class UpstreamLogin {
  private configuration: Promise<oidc.Configuration> | undefined;

  constructor(
    private readonly settings: { issuer: string; clientId: string; clientSecret: string | undefined },
    private readonly pending: OAuthModelRepository,
    private readonly now: () => number,
  ) {}

  /**
   * Where to send the browser to sign in for the interaction `uid`, and a secret for that browser
   * (a cookie): the callback is accepted only from the browser that started the sign-in, so nobody
   * can have another person complete a sign-in they started (login CSRF).
   */
  async start(uid: string, redirectUri: string): Promise<{ url: URL; browserSecret: string }> {
    const config = await this.config();
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const codeVerifier = oidc.randomPKCECodeVerifier();
    const browserSecret = randomBytes(32).toString('base64url');
    const login: PendingLogin = { uid, nonce, codeVerifier, browserSha256: sha256(browserSecret).toString('hex') };
    await this.pending.upsert(MODEL, state, { ...login }, { expiresAt: new Date(this.now() + PENDING_TTL_MS) });
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: redirectUri,
      scope: 'openid email profile',
      response_type: 'code',
      state,
      nonce,
      code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
    });
    return { url, browserSecret };
  }

  /**
   * Completes the callback at `currentUrl`: the interaction it belongs to and the verified email.
   * A sign-in the IdP refused, an unknown or reused state, or an unverified email is a clear error.
   */
  async finish(currentUrl: URL, browserSecret: string | undefined): Promise<{ uid: string; identity: UpstreamIdentity }> {
    const state = currentUrl.searchParams.get('state');
    if (!state) throw new AppError(ErrorCode.VALIDATION_FAILED, 'The sign-in callback has no state: start the sign-in again from your MCP client');
    const stored = await this.pending.find(MODEL, state);
    if (!stored) throw new AppError(ErrorCode.VALIDATION_FAILED, 'This sign-in is unknown, expired or was already used: start it again from your MCP client');
    await this.pending.destroy(MODEL, state);
    const login = stored as unknown as PendingLogin;
    const expected = Buffer.from(String(login.browserSha256), 'hex');
    if (!browserSecret || expected.length !== 32 || !timingSafeEqual(sha256(browserSecret), expected)) {
      throw new AppError(ErrorCode.ACCESS_DENIED, 'This sign-in was started in another browser: start it again from your MCP client, in this browser');
    }
    const idpError = currentUrl.searchParams.get('error');
    if (idpError) {
      throw new AppError(ErrorCode.ACCESS_DENIED, `The company sign-in was not completed (${idpError.slice(0, 100)}): try again, or ask your IdP admin`);
    }
    let claims: Record<string, unknown> & { sub: string };
    try {
      const config = await this.config();
      const tokens = await oidc.authorizationCodeGrant(config, currentUrl, {
        pkceCodeVerifier: login.codeVerifier,
        expectedState: state,
        expectedNonce: login.nonce,
        idTokenExpected: true,
      });
      claims = tokens.claims()!;
      // Many IdPs put only `sub` in the ID token and the rest behind UserInfo (for the same subject).
      if (typeof claims['email'] !== 'string' || claims['email_verified'] === undefined) {
        claims = { ...(await oidc.fetchUserInfo(config, tokens.access_token, claims.sub)), sub: claims.sub };
      }
    } catch (error) {
      throw new AppError(ErrorCode.UNAUTHENTICATED, `The company sign-in could not be verified (${error instanceof Error ? error.message.slice(0, 200) : 'unknown error'}): start it again`);
    }
    const email = typeof claims['email'] === 'string' ? claims['email'].trim().toLowerCase() : undefined;
    if (!email) throw new AppError(ErrorCode.ACCESS_DENIED, 'The company sign-in did not share your email address: ask your IdP admin to release the email claim to this app');
    if (claims['email_verified'] !== true) {
      throw new AppError(ErrorCode.ACCESS_DENIED, `The company IdP does not vouch for the email ${email} (email_verified is not true): ask your IdP admin`);
    }
    return { uid: login.uid, identity: { email, subject: claims.sub } };
  }

  private config(): Promise<oidc.Configuration> {
    this.configuration ??= (async () => {
      const issuer = new URL(this.settings.issuer);
      const auth = this.settings.clientSecret ? oidc.ClientSecretBasic(this.settings.clientSecret) : oidc.None();
      return oidc.discovery(issuer, this.settings.clientId, undefined, auth, {
        ...(issuer.protocol === 'http:' && isLoopback(issuer) ? { execute: [oidc.allowInsecureRequests] } : {}),
        timeout: 10,
      });
    })().catch((error: unknown) => {
      this.configuration = undefined;
      throw new AppError(ErrorCode.DEPENDENCY_UNAVAILABLE, `The company OIDC provider at ${this.settings.issuer} could not be reached (${error instanceof Error ? error.message.slice(0, 200) : 'unknown'}): check AGENT_API_OIDC_ISSUER`);
    });
    return this.configuration;
  }
}
