import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import { systemClock, type Clock } from '@gong-connector/contracts';
import type { PermitSource } from '@gong-connector/gong-client';
import {
  AccessRepository,
  ApiTokenRepository,
  CallQueryRepository,
  CallOutboxRepository,
  CallReadRepository,
  CallWriteRepository,
  Database,
  LiveFallbackMissRepository,
  DirectoryRepository,
  TrackerRepository,
  CompetitorMentionsRepository,
  UserStatsRepository,
  ScorecardRepository,
  CoachingTeamRepository,
  LibraryRepository,
  OutboundDeliveryRepository,
  PersonErasureRepository,
  SecretBox,
  WebhookSubscriptionRepository,
  GongWriteRepository,
  DealRepository,
  CrmEntityAccessRepository,
  GongAiCacheRepository,
  CrmUploadJobRepository,
} from '@gong-connector/persistence';
import type { GongClient } from '@gong-connector/gong-client';
import { EventPublisher, HealthRegistry, LOGGER, PlatformModule, RpcClient, type Logger } from '@gong-connector/platform';
import { CallReadyOutbox, CallReindexer, CallStore, PersonEraser, createGongClient } from '@gong-connector/replica';
import { createSearchIndex, type SearchIndex } from '@gong-connector/search';
import { Streams } from '@gong-connector/contracts';
import { hostname } from 'node:os';
import type { AccessFilterSource } from './access/access-filter.source.js';
import { CachedAccessFilterSource } from './access/cached-access-filter.source.js';
import { NatsAccessFilterSource } from './access/nats-access-filter.source.js';
import { ReplicaAccessFilterSource } from './access/replica-access-filter.source.js';
import { AccountResearchService } from './accounts/account-research.service.js';
import { AccountsController } from './accounts/accounts.controller.js';
import { TokensController } from './admin/tokens.controller.js';
import { WebhooksController } from './admin/webhooks.controller.js';
import { ExplainController } from './admin/explain.controller.js';
import { HomeController } from './docs/home.controller.js';
import { AccessExplainer } from './me/access-explainer.service.js';
import { AccountResolver } from './accounts/account.resolver.js';
import { TrackersController } from './trackers/trackers.controller.js';
import { TrackersService } from './trackers/trackers.service.js';
import { CompetitorsController } from './competitors/competitors.controller.js';
import { CompetitorTrendsService } from './competitors/competitor-trends.service.js';
import { ReplicaDealOutcomeSource, DEAL_OUTCOME_SOURCE } from './competitors/deal-outcome.source.js';
import { CoachingController } from './coaching/coaching.controller.js';
import { CoachingService } from './coaching/coaching.service.js';
import { DealsController } from './deals/deals.controller.js';
import { DealRiskService } from './deals/deal-risk.service.js';
import { CoachingCatalogService } from './coaching/coaching-catalog.service.js';
import { DateRangeResolver } from './dates/date-range.resolver.js';
import { BriefingsController } from './briefings/briefings.controller.js';
import { MeetingPrepService } from './briefings/meeting-prep.service.js';
import { QuotaBreakerProbe } from './briefings/quota-breaker.probe.js';
import { ACCESS_FILTER_SOURCE, AGENT_API_CONFIG, LIVE_CALL_SOURCE, SEARCH_INDEX } from './agent-api.tokens.js';
import { AuthService } from './auth/auth.service.js';
import { BearerAuthGuard } from './auth/bearer-auth.guard.js';
import { TokenService } from './auth/token.service.js';
import { McpScopeGate } from './auth/mcp-scope.gate.js';
import { AccessTokenVerifier } from './auth/oauth/access-token.verifier.js';
import { companyIdpIssuer } from './auth/oauth/company-idp.issuer.js';
import { OAuthResource } from './auth/oauth/oauth-resource.js';
import { ProtectedResourceController } from './auth/oauth/protected-resource.controller.js';
import { BUILTIN_TRUSTED_ISSUER, type TrustedIssuer } from './auth/oauth/trusted-issuer.js';
import { AGENT_MCP_TOOLS } from './mcp/agent-mcp.server-builder.js';
import type { AgentMcpTool } from './mcp/agent-mcp-tool.interface.js';
import { CallsController } from './calls/calls.controller.js';
import { CallsService } from './calls/calls.service.js';
import { GongLiveCallSource } from './calls/gong-live-call.source.js';
import type { LiveCallSource } from './calls/live-call.source.js';
import type { AgentApiConfig } from './config.js';
import { DocsController } from './docs/docs.controller.js';
import { CallEventAccess } from './events/call-event.access.js';
import { CallEventStream } from './events/call-event.stream.js';
import { EventsController } from './events/events.controller.js';
import { McpController } from './mcp/mcp.controller.js';
import { AgentMcpProviders } from './mcp/agent-mcp.providers.js';
import { MeController } from './me/me.controller.js';
import { OAuthServerModule, type OAuthServerModuleOptions } from './oauth-server/oauth-server.module.js';
import { AgentApiMetrics } from './metrics/agent-api.metrics.js';
import { RateLimiter } from './rate-limit/rate-limiter.js';
import { PassageSearchService } from './search/passage-search.service.js';
import { SearchController } from './search/search.controller.js';
import { CallIndexedHandler } from './webhooks/call-indexed.handler.js';
import { TrackerMentionedHandler } from './webhooks/tracker-mentioned.handler.js';
import { TrackerMentionReader } from './events/tracker-mention.reader.js';
import { WebhookDispatcher } from './webhooks/webhook.dispatcher.js';
import { ErasureController } from './erasure/erasure.controller.js';
import { ErasureService } from './erasure/erasure.service.js';
import { SecretsResealer } from './secrets/secrets.resealer.js';
import { SubscriptionAudienceResolver } from './webhooks/subscription-audience.resolver.js';
import { EngageController } from './actions/engage.controller.js';
import { EngageService } from './actions/engage.service.js';
import { GongWriteService } from './actions/gong-write.service.js';
import { WriteAuditController } from './actions/write-audit.controller.js';
import { GongAiController } from './gong-ai/gong-ai.controller.js';
import { GongAiService } from './gong-ai/gong-ai.service.js';
import { CrmUploadService } from './crm/crm-upload.service.js';
import { CrmUploadPoller } from './crm/crm-upload.poller.js';
import { CrmUploadCompletedPublisher } from './crm/crm-upload-completed.publisher.js';
import { CrmUploadEventStream } from './crm/crm-upload-event.stream.js';
import { CrmUploadsController } from './crm/crm-uploads.controller.js';
import { CrmUploadsAdminController } from './crm/crm-uploads-admin.controller.js';

export interface AgentApiModuleOptions {
  logger?: Logger;
  clock?: Clock;
  /** Replaces the configured access filter source (tests). */
  accessFilterSource?: AccessFilterSource;
  /** Replaces the Gong live fallback (tests; null turns it off). */
  liveCallSource?: LiveCallSource | null;
  /** Replaces the Gong permit source of the live fallback (tests count requests with it). */
  permits?: PermitSource;
  /** Passed to the company IdP's discovery and JWKS fetches (tests count them). */
  oauthFetch?: typeof fetch;
  /** Options of the built-in authorization server (AGENT_API_OAUTH_SERVER=builtin). */
  oauthServer?: OAuthServerModuleOptions;
}

const repo = <T>(cls: new (db: Database) => T): Provider => ({ provide: cls, useFactory: (db: Database) => new cls(db), inject: [Database] });

/** The agent API: REST under /v1, MCP at /mcp, admin API, outbound webhooks, SSE, docs. */
@Module({})
export class AgentApiModule {
  static forRoot(config: AgentApiConfig, options: AgentApiModuleOptions = {}): DynamicModule {
    const clock = options.clock ?? systemClock;
    /** A Gong client for requests made while someone waits (erasure forwarding, the live fallback). */
    const interactiveGongClient = (purpose: string, rpc: RpcClient, database: Database, logger: Logger) =>
      createGongClient(config, {
        requester: `${purpose}/${hostname()}-${process.pid}`,
        rpc,
        database,
        logger,
        priority: 'interactive',
        timeoutMs: config.GONG_REQUEST_TIMEOUT_MS,
        ...(options.permits ? { permits: options.permits } : {}),
      });
    /** One Gong client for Engage reads and writes, made on first use (writes: their own, shorter timeout). */
    let engageClient: Promise<GongClient> | undefined;
    const engageGong = (rpc: RpcClient, database: Database, logger: Logger) => (): Promise<GongClient> =>
      (engageClient ??= createGongClient(config, {
        requester: `agent-api-engage/${hostname()}-${process.pid}`,
        rpc,
        database,
        logger,
        priority: 'interactive',
        timeoutMs: config.GONG_WRITE_TIMEOUT_MS,
        permitWaitMs: { interactive: config.GONG_WRITE_PERMIT_WAIT_MS },
        ...(options.permits ? { permits: options.permits } : {}),
      }).catch((error: unknown) => {
        engageClient = undefined; // asked again on the next use
        throw error;
      }));
    /** One Gong client for following CRM uploads: nobody waits, so sync priority, through the quota broker. */
    let crmSyncClient: Promise<GongClient> | undefined;
    const crmSyncGong = (rpc: RpcClient, database: Database, logger: Logger) => (): Promise<GongClient> =>
      (crmSyncClient ??= createGongClient(config, {
        requester: `agent-api-crm-uploads/${hostname()}-${process.pid}`,
        rpc,
        database,
        logger,
        priority: 'sync',
        timeoutMs: config.GONG_REQUEST_TIMEOUT_MS,
        ...(options.permits ? { permits: options.permits } : {}),
      }).catch((error: unknown) => {
        crmSyncClient = undefined; // asked again on the next use
        throw error;
      }));
    const platform = PlatformModule.forRoot({
      service: 'agent-api',
      logLevel: config.LOG_LEVEL,
      ...(options.logger ? { logger: options.logger } : {}),
      clock,
      nats: { servers: config.NATS_URL, streams: [Streams.calls, Streams.deadLetter] },
      adminToken: { name: 'AGENT_API_ADMIN_TOKEN', value: config.AGENT_API_ADMIN_TOKEN },
      database: { url: config.DATABASE_URL, migrations: config.DATABASE_MIGRATIONS, ...(config.DATABASE_SCHEMA ? { schema: config.DATABASE_SCHEMA } : {}), poolSize: 10 },
    });
    return {
      module: AgentApiModule,
      imports: [platform, ...(config.AGENT_API_OAUTH_SERVER === 'builtin' ? [OAuthServerModule.forRoot(config, platform, options.oauthServer)] : [])],
      controllers: [MeController, CallsController, SearchController, AccountsController, TrackersController, CoachingController, EventsController, McpController, TokensController, WebhooksController, ErasureController, DocsController, ProtectedResourceController, ExplainController, HomeController, EngageController, WriteAuditController, DealsController, GongAiController, BriefingsController, CompetitorsController, CrmUploadsController, CrmUploadsAdminController],
      providers: [
        { provide: AGENT_API_CONFIG, useValue: config },
        repo(CallReadRepository),
        repo(CallWriteRepository),
        repo(CallOutboxRepository),
        repo(CallQueryRepository),
        repo(DirectoryRepository),
        repo(TrackerRepository),
        repo(AccessRepository),
        repo(GongWriteRepository),
        {
          // Writes and Engage reads: someone waits, so interactive priority, through the quota broker.
          provide: GongWriteService,
          useFactory: (rpc: RpcClient, db: Database, logger: Logger, writes: GongWriteRepository): GongWriteService =>
            new GongWriteService(writes, engageGong(rpc, db, logger), clock, { confirmationTtlMs: config.AGENT_API_WRITE_CONFIRMATION_TTL_MS }),
          inject: [RpcClient, Database, LOGGER, GongWriteRepository],
        },
        repo(CrmEntityAccessRepository),
        repo(GongAiCacheRepository),
        {
          // Gong's AI (credits): someone waits, so interactive priority through the quota broker; off unless AGENT_API_GONG_AI.
          provide: GongAiService,
          useFactory: (rpc: RpcClient, db: Database, logger: Logger, entities: CrmEntityAccessRepository, store: GongAiCacheRepository, audit: GongWriteRepository, metrics: AgentApiMetrics): GongAiService => {
            let client: Promise<GongClient> | undefined;
            const gong = (): Promise<GongClient> =>
              (client ??= interactiveGongClient('agent-api-gong-ai', rpc, db, logger).catch((error: unknown) => {
                client = undefined; // asked again on the next use
                throw error;
              }));
            return new GongAiService(gong, entities, store, audit, metrics, clock, { enabled: config.AGENT_API_GONG_AI, cacheMs: config.AGENT_API_GONG_AI_CACHE_MS });
          },
          inject: [RpcClient, Database, LOGGER, CrmEntityAccessRepository, GongAiCacheRepository, GongWriteRepository, AgentApiMetrics],
        },
        {
          provide: EngageService,
          useFactory: (rpc: RpcClient, db: Database, logger: Logger, writes: GongWriteService, access: AccessRepository): EngageService =>
            new EngageService(engageGong(rpc, db, logger), writes, access),
          inject: [RpcClient, Database, LOGGER, GongWriteService, AccessRepository],
        },
        repo(CrmUploadJobRepository),
        {
          provide: CrmUploadService,
          useFactory: (rpc: RpcClient, db: Database, logger: Logger, writes: GongWriteService, access: AccessRepository, jobs: CrmUploadJobRepository): CrmUploadService =>
            new CrmUploadService(engageGong(rpc, db, logger), writes, access, jobs, clock, {
              pollMs: config.AGENT_API_CRM_POLL_MS,
              // a send (with its retries and read-backs) is over by then, or its service stopped
              submitGraceMs: config.GONG_WRITE_TIMEOUT_MS * 4,
            }),
          inject: [RpcClient, Database, LOGGER, GongWriteService, AccessRepository, CrmUploadJobRepository],
        },
        CrmUploadCompletedPublisher,
        CrmUploadEventStream,
        {
          provide: CrmUploadPoller,
          useFactory: (rpc: RpcClient, db: Database, logger: Logger, jobs: CrmUploadJobRepository, publisher: CrmUploadCompletedPublisher, metrics: AgentApiMetrics): CrmUploadPoller =>
            new CrmUploadPoller(jobs, crmSyncGong(rpc, db, logger), publisher, clock, logger, metrics, {
              sweepMs: config.AGENT_API_CRM_SWEEP_MS,
              pollMs: config.AGENT_API_CRM_POLL_MS,
              leaseMs: config.AGENT_API_CRM_LEASE_MS,
              maxPollMs: config.AGENT_API_CRM_MAX_POLL_MS,
              batch: 10,
            }),
          inject: [RpcClient, Database, LOGGER, CrmUploadJobRepository, CrmUploadCompletedPublisher, AgentApiMetrics],
        },
        {
          provide: AccessExplainer,
          useFactory: (access: AccessRepository, directory: DirectoryRepository, calls: CallReadRepository) =>
            new AccessExplainer(access, directory, calls, clock, config.AGENT_API_ACCESS_CACHE_MS),
          inject: [AccessRepository, DirectoryRepository, CallReadRepository],
        },
        repo(ApiTokenRepository),
        {
          provide: WebhookSubscriptionRepository,
          useFactory: (db: Database) => new WebhookSubscriptionRepository(db, SecretBox.fromSetting(config.SECRETS_ENCRYPTION_KEYS)),
          inject: [Database],
        },
        SecretsResealer,
        repo(OutboundDeliveryRepository),
        {
          provide: SEARCH_INDEX,
          useFactory: async (db: Database, health: HealthRegistry, logger: Logger): Promise<SearchIndex> => {
            const index = createSearchIndex({
              database: db,
              elasticsearchUrl: config.ELASTICSEARCH_URL,
              elasticsearch: config,
              onMigrationEvent: (event) => logger.info({ ...event }, `search index migration: ${event.type}`),
            });
            // Checked at start (Elasticsearch: template, alias, mapping version); a failure leaves the
            // service up but not ready, and /health/ready tries again until the index is there.
            let ready = await index.ensureReady().then(
              () => true,
              (error: unknown) => {
                logger.error({ kind: index.kind, err: error instanceof Error ? error.message : String(error) }, 'search index not ready');
                return false;
              },
            );
            health.register('search-index', async () => {
              if (!ready) {
                await index.ensureReady();
                ready = true;
              }
              await index.count();
            });
            return index;
          },
          inject: [Database, HealthRegistry, LOGGER],
        },
        {
          provide: ACCESS_FILTER_SOURCE,
          useFactory: (rpc: RpcClient, access: AccessRepository, directory: DirectoryRepository): AccessFilterSource => {
            const inner =
              options.accessFilterSource ??
              (config.AGENT_API_ACCESS_SOURCE === 'replica'
                ? new ReplicaAccessFilterSource(access, directory, clock, config.AGENT_API_ACCESS_CACHE_MS)
                : new NatsAccessFilterSource(rpc));
            return new CachedAccessFilterSource(inner, clock, config.AGENT_API_ACCESS_CACHE_MS);
          },
          inject: [RpcClient, AccessRepository, DirectoryRepository],
        },
        {
          provide: ErasureService,
          useFactory: (db: Database, reads: CallReadRepository, writes: CallWriteRepository, index: SearchIndex, rpc: RpcClient, logger: Logger, aiCache: GongAiCacheRepository): ErasureService => {
            const erasures = new PersonErasureRepository(db);
            const reindexer = new CallReindexer(reads, index);
            const eraser = new PersonEraser({ database: db, erasures, reads, writes, reindex: (ids) => reindexer.reindex(ids), clock, logger });
            const gong = config.AGENT_API_ERASURE_FORWARD_TO_GONG ? () => interactiveGongClient('agent-api-erasure', rpc, db, logger) : null;
            return new ErasureService(eraser, erasures, gong, logger, aiCache);
          },
          inject: [Database, CallReadRepository, CallWriteRepository, SEARCH_INDEX, RpcClient, LOGGER, GongAiCacheRepository],
        },
        {
          provide: LIVE_CALL_SOURCE,
          useFactory: async (
            rpc: RpcClient,
            db: Database,
            writes: CallWriteRepository,
            reads: CallReadRepository,
            outboxRepository: CallOutboxRepository,
            publisher: EventPublisher,
            logger: Logger,
          ): Promise<LiveCallSource | null> => {
            if (options.liveCallSource !== undefined) return options.liveCallSource;
            if (!config.AGENT_API_LIVE_FALLBACK) return null;
            const gong = await interactiveGongClient('agent-api', rpc, db, logger);
            // A live-fetched call goes on the post-call lane at once, so it is indexed within seconds;
            // if publishing fails, ingest's outbox sweep announces it later.
            const outbox = new CallReadyOutbox(outboxRepository, publisher, { logger });
            const onStored = async (callId: string): Promise<void> => {
              await outbox.announce([callId]).catch((error: unknown) =>
                logger.warn({ callId, err: error instanceof Error ? error.message : String(error) }, 'live call stored but not announced; the outbox sweep will'),
              );
            };
            // Fetched and stored exactly as ingest stores calls (one selector, one mapping, one transaction).
            const store = new CallStore({ database: db, writes, reads, erasures: new PersonErasureRepository(db), clock, logger, deals: new DealRepository(db) });
            return new GongLiveCallSource(gong, store, clock, { missCacheMs: config.AGENT_API_LIVE_MISS_CACHE_MS, onStored, sharedMisses: new LiveFallbackMissRepository(db) });
          },
          inject: [RpcClient, Database, CallWriteRepository, CallReadRepository, CallOutboxRepository, EventPublisher, LOGGER],
        },
        {
          provide: TokenService,
          useFactory: (tokens: ApiTokenRepository, tools: readonly AgentMcpTool[]) =>
            new TokenService(tokens, clock, config.AGENT_API_TOKEN_CACHE_MS, tools.map((t) => t.name)),
          inject: [ApiTokenRepository, AGENT_MCP_TOOLS],
        },
        {
          provide: OAuthResource,
          useFactory: (logger: Logger, builtin: TrustedIssuer | undefined): OAuthResource => {
            const issuers: TrustedIssuer[] = [];
            if ((config.AGENT_API_OAUTH_ISSUER || builtin) && !config.AGENT_API_PUBLIC_URL) {
              logger.warn(
                { setting: 'AGENT_API_PUBLIC_URL' },
                'OAuth is on but AGENT_API_PUBLIC_URL is unset: tokens must name http://127.0.0.1:<port>/mcp as audience; set it to the URL clients use',
              );
            }
            if (config.AGENT_API_OAUTH_ISSUER) {
              issuers.push(
                companyIdpIssuer({
                  issuer: config.AGENT_API_OAUTH_ISSUER,
                  userClaim: config.AGENT_API_OAUTH_USER_CLAIM,
                  cooldownMs: config.AGENT_API_OAUTH_JWKS_COOLDOWN_MS,
                  cacheMs: config.AGENT_API_OAUTH_JWKS_CACHE_MS,
                  ...(options.oauthFetch ? { fetch: options.oauthFetch } : {}),
                }),
              );
            }
            if (builtin) issuers.push(builtin);
            return new OAuthResource({
              publicUrl: config.AGENT_API_PUBLIC_URL,
              extraAudiences: config.AGENT_API_OAUTH_AUDIENCES,
              issuers,
              // Read when metadata is served: the built-in issuer is known once the API listens.
              get builtinIssuer(): string | undefined {
                return builtin?.issuer;
              },
            });
          },
          inject: [LOGGER, { token: BUILTIN_TRUSTED_ISSUER, optional: true }],
        },
        {
          provide: AccessTokenVerifier,
          useFactory: (resource: OAuthResource) => new AccessTokenVerifier(() => resource.issuers, clock, config.AGENT_API_OAUTH_CLOCK_SKEW_MS),
          inject: [OAuthResource],
        },
        {
          provide: RateLimiter,
          // counted in PostgreSQL: every replica shares one token's limit
          useFactory: (db: Database) => RateLimiter.shared(db, config.AGENT_API_RATE_LIMIT, config.AGENT_API_RATE_WINDOW_MS),
          inject: [Database],
        },
        AgentApiMetrics,
        AuthService,
        BearerAuthGuard,
        McpScopeGate,
        { provide: DateRangeResolver, useValue: new DateRangeResolver(config.AGENT_API_TIME_ZONE) },
        AccountResolver,
        TrackersService,
        repo(UserStatsRepository),
        repo(ScorecardRepository),
        repo(LibraryRepository),
        repo(CoachingTeamRepository),
        {
          provide: CoachingService,
          useFactory: (directory: DirectoryRepository, team: CoachingTeamRepository, stats: UserStatsRepository, scorecards: ScorecardRepository, passages: PassageSearchService, index: SearchIndex) =>
            // passages are cached only over the PostgreSQL index: its writes bump the search data version
            new CoachingService(directory, team, stats, scorecards, passages, clock, { cachePassages: index.kind === 'postgres' }),
          inject: [DirectoryRepository, CoachingTeamRepository, UserStatsRepository, ScorecardRepository, PassageSearchService, SEARCH_INDEX],
        },
        {
          provide: CoachingCatalogService,
          useFactory: (directory: DirectoryRepository, scorecards: ScorecardRepository, library: LibraryRepository, calls: CallReadRepository) =>
            new CoachingCatalogService(directory, scorecards, library, calls),
          inject: [DirectoryRepository, ScorecardRepository, LibraryRepository, CallReadRepository],
        },
        repo(DealRepository),
        {
          provide: DealRiskService,
          useFactory: (deals: DealRepository, calls: CallReadRepository) => new DealRiskService(deals, calls, clock),
          inject: [DealRepository, CallReadRepository],
        },
        CallsService,
        PassageSearchService,
        AccountResearchService,
        QuotaBreakerProbe,
        MeetingPrepService,
        ...AgentMcpProviders,
        CallEventStream,
        CallEventAccess,
        WebhookDispatcher,
        SubscriptionAudienceResolver,
        CallIndexedHandler,
        repo(CompetitorMentionsRepository),
        { provide: DEAL_OUTCOME_SOURCE, useClass: ReplicaDealOutcomeSource },
        CompetitorTrendsService,
        TrackerMentionedHandler,
        TrackerMentionReader,
      ],
    };
  }
}
