import { Module, type DynamicModule } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { Clock } from '@gong-connector/contracts';
import { Database, DirectoryRepository, OAuthClientLimitsRepository, OAuthModelRepository, OAuthSigningKeyRepository, SecretBox } from '@gong-connector/persistence';
import { CLOCK, LOGGER, type Logger } from '@gong-connector/platform';
import { BUILTIN_TRUSTED_ISSUER } from '../auth/oauth/trusted-issuer.js';
import type { AgentApiConfig } from '../config.js';
import { builtinTrustedIssuer } from './builtin-trusted-issuer.js';
import { GongAccountLookup } from './gong-account.lookup.js';
import { OAuthClientsController } from './oauth-clients.controller.js';
import { OAuthExpirySweeper } from './oauth-expiry.sweeper.js';
import { OAuthHttpMount } from './oauth-http.mount.js';
import { OAuthServer } from './oauth-server.js';
import { oauthServerSettings } from './oauth-server.settings.js';
import { loadSigningKeys, type OAuthSigningKeys } from './signing-key.loader.js';
import { UpstreamLogin } from './upstream-login.js';

export interface OAuthServerModuleOptions {
  /** Fetch for Client ID Metadata Documents (tests serve one from loopback; see the factory). */
  cimdFetch?: typeof fetch;
}

const SIGNING_KEYS = Symbol('OAUTH_SIGNING_KEYS');

/**
 * The built-in OAuth 2.1 authorization server under /oauth (AGENT_API_OAUTH_SERVER=builtin):
 * provides its TrustedIssuer under BUILTIN_TRUSTED_ISSUER for the resource server.
 */
@Module({})
export class OAuthServerModule {
  /** `platform`: the app's own PlatformModule (the same object its root module imports: one instance). */
  static forRoot(config: AgentApiConfig, platform: DynamicModule, options: OAuthServerModuleOptions = {}): DynamicModule {
    const settings = oauthServerSettings(config);
    const repo = <T>(cls: new (db: Database) => T) => ({ provide: cls, useFactory: (db: Database) => new cls(db), inject: [Database] });
    return {
      module: OAuthServerModule,
      imports: [platform],
      controllers: [OAuthClientsController],
      providers: [
        repo(OAuthModelRepository),
        repo(OAuthClientLimitsRepository),
        {
          provide: SIGNING_KEYS,
          useFactory: (db: Database) => loadSigningKeys(settings.signingKey, new OAuthSigningKeyRepository(db, SecretBox.fromSetting(config.SECRETS_ENCRYPTION_KEYS))),
          inject: [Database],
        },
        {
          provide: OAuthServer,
          useFactory: (keys: OAuthSigningKeys, models: OAuthModelRepository, limits: OAuthClientLimitsRepository, db: Database, clock: Clock, logger: Logger, host: HttpAdapterHost) => {
            const publicUrl = (): string => {
              if (settings.publicUrl) return settings.publicUrl;
              const address = host.httpAdapter?.getHttpServer()?.address();
              const port = typeof address === 'object' && address ? address.port : config.PORT;
              return `http://127.0.0.1:${port}`;
            };
            if (!settings.publicUrl) {
              logger.warn('AGENT_API_OAUTH_SERVER=builtin without AGENT_API_PUBLIC_URL: the issuer is http://127.0.0.1:<port>/oauth, usable from this machine only; set AGENT_API_PUBLIC_URL');
            }
            return new OAuthServer({
              settings,
              keys,
              models,
              limits,
              accounts: new GongAccountLookup(new DirectoryRepository(db)),
              clock,
              logger,
              publicUrl,
              upstream: new UpstreamLogin(settings.upstream, models, () => clock.now()),
              cimdFetch: options.cimdFetch,
            });
          },
          inject: [SIGNING_KEYS, OAuthModelRepository, OAuthClientLimitsRepository, Database, CLOCK, LOGGER, HttpAdapterHost],
        },
        OAuthHttpMount,
        OAuthExpirySweeper,
        { provide: BUILTIN_TRUSTED_ISSUER, useFactory: (server: OAuthServer, keys: OAuthSigningKeys) => builtinTrustedIssuer(server, keys), inject: [OAuthServer, SIGNING_KEYS] },
      ],
      exports: [BUILTIN_TRUSTED_ISSUER, OAuthServer],
    };
  }
}
