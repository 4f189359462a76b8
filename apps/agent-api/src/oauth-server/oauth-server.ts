import { AppError, ErrorCode } from '@gong-connector/contracts';
import type { Logger } from '@gong-connector/platform';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type Provider from 'oidc-provider';
import { consentPage, errorPage } from './oauth-pages.js';
import { createOidcProvider, type OidcProviderDeps } from './oidc-provider.factory.js';
import type { UpstreamLogin } from './upstream-login.js';

const MOUNT = '/oauth';
/** RFC 8414 metadata of the issuer `${PUBLIC_URL}/oauth`. */
export const AS_METADATA_PATH = '/.well-known/oauth-authorization-server/oauth';
/** Binds an upstream sign-in to the browser that started it. */
const LOGIN_COOKIE = 'gc_oauth_login';

const STATUS: Partial<Record<string, number>> = {
  [ErrorCode.VALIDATION_FAILED]: 400,
  [ErrorCode.UNAUTHENTICATED]: 401,
  [ErrorCode.ACCESS_DENIED]: 403,
  [ErrorCode.NOT_FOUND]: 404,
  [ErrorCode.DEPENDENCY_UNAVAILABLE]: 503,
};

export interface OAuthServerDeps extends OidcProviderDeps {
  upstream: UpstreamLogin;
  logger: Logger;
  /** The agent API's public base URL (known once it listens when not configured). */
  publicUrl: () => string;
}

/**
 * The built-in authorization server's HTTP surface, served from raw Node requests: every `/oauth/*`
 * request goes to oidc-provider except the pages of ours (the interaction: upstream sign-in,
 * consent) and the upstream callback; RFC 8414 metadata is answered at its well-known path.
 */
export class OAuthServer {
  private instance: { provider: Provider; handler: (req: IncomingMessage, res: ServerResponse) => unknown } | undefined;

  constructor(private readonly deps: OAuthServerDeps) {}

  get issuer(): string {
    return `${this.deps.publicUrl()}${MOUNT}`;
  }

  get provider(): Provider {
    return this.started().provider;
  }

  /** Built at the first request: the issuer needs the public URL, known once the API listens. */
  private started(): { provider: Provider; handler: (req: IncomingMessage, res: ServerResponse) => unknown } {
    if (!this.instance) {
      const provider = createOidcProvider(this.deps.publicUrl(), this.deps);
      // What went wrong inside the provider, by name and message only (never a token or a secret).
      provider.on('server_error', (_ctx, error: Error) => this.deps.logger.error({ err: error.name, message: error.message }, 'oauth: authorization server error'));
      this.instance = { provider, handler: provider.callback() };
    }
    return this.instance;
  }

  /** Whether the request is the authorization server's (then `handle` answers it). */
  static owns(url: string): boolean {
    const path = url.split('?')[0]!;
    return path === MOUNT || path.startsWith(`${MOUNT}/`) || path === AS_METADATA_PATH;
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.deps.publicUrl());
    try {
      const interaction = /^\/oauth\/interaction\/([A-Za-z0-9_-]{1,128})(?:\/(confirm|abort))?$/.exec(url.pathname);
      if (interaction && req.method === 'GET' && !interaction[2]) return await this.showInteraction(req, res, interaction[1]!);
      if (interaction && req.method === 'POST' && interaction[2] === 'confirm') return await this.confirm(req, res);
      if (interaction && req.method === 'POST' && interaction[2] === 'abort') return await this.abort(req, res);
      if (url.pathname === `${MOUNT}/callback` && req.method === 'GET') return await this.callback(req, res, url);
      this.toProvider(req, res, url);
    } catch (error) {
      this.fail(res, error);
    }
  }

  private toProvider(req: IncomingMessage, res: ServerResponse, url: URL): void {
    const original = req.url ?? '/';
    const inner = url.pathname === AS_METADATA_PATH ? `/.well-known/openid-configuration${url.search}` : original.slice(MOUNT.length) || '/';
    (req as IncomingMessage & { originalUrl?: string }).originalUrl = url.pathname === AS_METADATA_PATH ? `${MOUNT}${inner}` : original;
    req.url = inner;
    void this.started().handler(req, res);
  }

  /** Login prompt: off to the company IdP. Consent prompt: the consent page. */
  private async showInteraction(req: IncomingMessage, res: ServerResponse, uid: string): Promise<void> {
    const details = await this.provider.interactionDetails(req, res);
    if (details.uid !== uid) throw new AppError(ErrorCode.VALIDATION_FAILED, 'This sign-in page does not belong to your session: start again from your MCP client');
    if (details.prompt.name === 'login') {
      const { url: target, browserSecret } = await this.deps.upstream.start(details.uid, `${this.deps.publicUrl()}${MOUNT}/callback`);
      const secure = this.deps.publicUrl().startsWith('https://') ? '; Secure' : '';
      res.setHeader('set-cookie', `${LOGIN_COOKIE}=${browserSecret}; Path=${MOUNT}/callback; HttpOnly; SameSite=Lax; Max-Age=600${secure}`);
      return redirect(res, target.href);
    }
    if (details.prompt.name !== 'consent') throw new AppError(ErrorCode.VALIDATION_FAILED, `Unsupported sign-in step ${details.prompt.name}`);
    const clientId = String(details.params['client_id']);
    const client = await this.provider.Client.find(clientId);
    const account = details.session?.accountId ? await this.deps.accounts.byId(details.session.accountId) : undefined;
    if (!client || !account) throw new AppError(ErrorCode.VALIDATION_FAILED, 'This sign-in expired: start again from your MCP client');
    const missing = details.prompt.details as { missingOIDCScope?: string[]; missingResourceScopes?: Record<string, string[]> };
    const scopes = new Set<string>([...(missing.missingOIDCScope ?? []), ...Object.values(missing.missingResourceScopes ?? {}).flat()]);
    const limit = await this.deps.limits.get(clientId);
    const limits = limit
      ? [limit.tools ? `tools ${limit.tools.join(', ')}` : '', limit.toolTags ? `tool groups ${limit.toolTags.join(', ')}` : '', limit.readOnly ? 'read-only' : '']
          .filter(Boolean)
          .join('; ')
      : undefined;
    html(res, 200, consentPage({ uid: details.uid, clientName: client.clientName, clientId, userEmail: account.email, scopes: [...scopes], limits: limits || undefined }));
  }

  private async confirm(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const details = await this.provider.interactionDetails(req, res);
    if (details.prompt.name !== 'consent' || !details.session?.accountId) throw new AppError(ErrorCode.VALIDATION_FAILED, 'Nothing to allow here: start again from your MCP client');
    const clientId = String(details.params['client_id']);
    const grant = (details.grantId ? await this.provider.Grant.find(details.grantId) : undefined) ?? new this.provider.Grant({ accountId: details.session.accountId, clientId });
    const missing = details.prompt.details as { missingOIDCScope?: string[]; missingOIDCClaims?: string[]; missingResourceScopes?: Record<string, string[]> };
    if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
    if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
    for (const [resource, scopes] of Object.entries(missing.missingResourceScopes ?? {})) grant.addResourceScope(resource, scopes.join(' '));
    const grantId = await grant.save();
    await this.provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
  }

  private async abort(req: IncomingMessage, res: ServerResponse): Promise<void> {
    await this.provider.interactionFinished(req, res, { error: 'access_denied', error_description: 'The person denied access to Gong' }, { mergeWithLastSubmission: false });
  }

  /** Back from the company IdP: the verified email must be an active Gong user's. */
  private async callback(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const { uid, identity } = await this.deps.upstream.finish(url, readCookie(req, LOGIN_COOKIE));
    res.setHeader('set-cookie', `${LOGIN_COOKIE}=; Path=${MOUNT}/callback; HttpOnly; SameSite=Lax; Max-Age=0`);
    const account = await this.deps.accounts.byEmail(identity.email);
    if (!account) {
      this.deps.logger.info({ uid }, 'oauth sign-in refused: no active Gong user for the verified email');
      throw new AppError(
        ErrorCode.ACCESS_DENIED,
        `You signed in as ${identity.email}, but no active Gong user has this email address. Ask your Gong admin to add you (or to fix your email in Gong), then try again.`,
      );
    }
    const interaction = await this.provider.Interaction.find(uid);
    if (!interaction) throw new AppError(ErrorCode.VALIDATION_FAILED, 'This sign-in expired: start again from your MCP client');
    interaction.result = { login: { accountId: account.id } };
    await interaction.save(Math.max(1, interaction.exp - Math.floor(this.deps.clock.now() / 1000)));
    redirect(res, interaction.returnTo);
  }

  private fail(res: ServerResponse, error: unknown): void {
    if (res.headersSent) {
      res.end();
      return;
    }
    if (AppError.is(error)) {
      const status = STATUS[error.code] ?? 400;
      html(res, status, errorPage(status === 403 ? 'Access denied' : 'Sign-in could not continue', error.message));
      return;
    }
    const name = error instanceof Error ? error.name : 'Error';
    // oidc-provider's own errors (an expired interaction, a missing cookie) are the person's to retry.
    const known = typeof (error as { statusCode?: unknown })?.statusCode === 'number' && (error as { statusCode: number }).statusCode < 500;
    this.deps.logger.warn({ err: name, known }, 'oauth interaction failed');
    html(res, known ? 400 : 500, errorPage('Sign-in could not continue', known ? 'This sign-in expired or was already completed: start again from your MCP client.' : 'Something went wrong on our side: try again.'));
  }
}

function readCookie(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return value.join('=') || undefined;
  }
  return undefined;
}

function redirect(res: ServerResponse, location: string): void {
  res.statusCode = 302;
  res.setHeader('location', location);
  res.setHeader('cache-control', 'no-store');
  res.end();
}

function html(res: ServerResponse, status: number, body: string): void {
  res.statusCode = status;
  res.setHeader('content-type', 'text/html; charset=utf-8');
  res.setHeader('cache-control', 'no-store');
  res.setHeader('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'");
  res.end(body);
}
