import { systemClock, type Clock } from '@gong-connector/contracts';
import Fastify, { type FastifyInstance } from 'fastify';
import { registerAdminRoutes } from '../admin/admin.routes.js';
import { CallDataMapper } from '../api/call-data.mapper.js';
import { registerCallsRoutes } from '../api/calls.routes.js';
import { CrmUploadService } from '../api/crm-upload.service.js';
import { registerPermissionProfilesRoutes } from '../api/permission-profiles.routes.js';
import { registerUsersAccessRoutes } from '../api/users-access.routes.js';
import { registerUsersRoutes } from '../api/users.routes.js';
import { registerWorkspacesRoutes } from '../api/workspaces.routes.js';
import { registerDataPrivacyRoutes } from '../api/data-privacy.routes.js';
import { CredentialsVerifier } from '../auth/credentials.verifier.js';
import { registerOAuthRoutes } from '../auth/oauth.routes.js';
import { OAuthService, type TokenResponse } from '../auth/oauth.service.js';
import type { CallOverrides } from '../company/call.factory.js';
import { CompanyGenerator } from '../company/company.generator.js';
import { CompanyStore } from '../company/company.store.js';
import { toGroundTruth, toTranscriptTruth, type CallTranscriptTruth, type CompanyGroundTruth } from '../company/ground-truth.mapper.js';
import type { FaultConfig } from '../faults/fault-config.schema.js';
import { FaultInjector } from '../faults/fault.injector.js';
import { registerBodyParsers } from '../http/body.parsers.js';
import { installGongPipeline } from '../http/gong-pipeline.js';
import { RequestIdGenerator } from '../http/request-id.generator.js';
import { RateLimiter, type QuotaUsage } from '../limits/rate.limiter.js';
import { LiveCallsDriver } from '../live/live-calls.driver.js';
import { CursorCodec } from '../pagination/cursor.codec.js';
import { Paginator } from '../pagination/paginator.js';
import { RequestStats, type StatsSnapshot } from '../stats/request.stats.js';
import { WriteLog, type WriteLogEntry } from '../stats/write.log.js';
import { ZonedTimeFormatter } from '@gong-connector/contracts';
import { CallContentService } from '../transcript/call-content.service.js';
import { CoachingFiguresService } from '../transcript/coaching-figures.service.js';
import { toCoachingTruth, type UserCoachingTruth } from '../company/coaching-truth.mapper.js';
import { WebhookDispatcher, type WebhookDelivery, type WebhookFilter, type WebhookRule } from '../webhooks/webhook.dispatcher.js';
import { WebhookSigner } from '../webhooks/webhook.signer.js';
import { registerCrmRoutes } from '../api/crm.routes.js';
import { registerFlowsRoutes } from '../api/flows.routes.js';
import { registerLibraryRoutes } from '../api/library.routes.js';
import { registerSettingsRoutes } from '../api/settings.routes.js';
import { registerStatsRoutes } from '../api/stats.routes.js';
import { registerCoachingRoutes } from '../api/coaching.routes.js';
import { registerCallOutcomesRoutes } from '../api/call-outcomes.routes.js';
import { registerTasksRoutes } from '../api/tasks.routes.js';
import { registerAiEntitiesRoutes } from '../api/ai-entities.routes.js';
import { AiCreditBalance } from '../api/ai-credits.js';
import type { CompletedCall, SimContext } from './sim.context.js';
import { SimOptionsSchema, type GongSimOptions, type SimLogger, type SimSettings } from './sim-options.js';

export interface GongSim {
  /** `http://host:port` once listening (startGongSim), else the configured address. */
  readonly baseUrl: string;
  readonly port: number;
  readonly settings: SimSettings;
  readonly clock: Clock;
  /** The company model and lookups (see also groundTruth()). */
  readonly company: CompanyStore;
  /** Credentials to call the simulated API with. */
  readonly credentials: {
    accessKey: string;
    accessKeySecret: string;
    /** A ready `Authorization` header value for Basic auth. */
    basicAuthorization: string;
    oauthClientId: string;
    oauthClientSecret: string;
  };
  /** PEM (SPKI) public key that verifies webhook JWTs. */
  readonly webhookPublicKeyPem: string;
  /** The Fastify instance (use `app.inject` to call it without sockets). */
  readonly app: FastifyInstance;
  /** Seconds it took to generate the company. */
  readonly seedSeconds: number;
  groundTruth(options?: { includeCalls?: boolean }): CompanyGroundTruth;
  /**
   * What each sentence of a call's transcript is about and who said it (undefined for an unknown
   * call). Ground truth for benchmarks' judging only: the Gong API never serves it.
   */
  transcriptTruth(callId: string): CallTranscriptTruth | undefined;
  /**
   * What the stats endpoints ought to yield per user over [fromDate, toDate) (company-time-zone
   * dates): activity, interaction figures per day and overall, scorecard averages. Ground truth for
   * tests only: the Gong API never serves it.
   */
  coachingTruth(options: { userIds: readonly string[]; fromDate: string; toDate: string; reviewedBefore?: string; viewerId?: string }): UserCoachingTruth[];
  /** Completes a new call now and fires the webhooks (like POST /__sim/calls). */
  completeCall(overrides?: CallOverrides): CompletedCall;
  /** Deletes a call as a Gong user deleting its recording does (like DELETE /__sim/calls/{id}); false for an unknown call. */
  deleteCall(callId: string): boolean;
  addWebhook(url: string, options?: { filter?: WebhookFilter; auth?: 'jwt' | 'url-key' }): WebhookRule;
  removeWebhook(ruleId: string): boolean;
  webhookDeliveries(): WebhookDelivery[];
  /** Calls the listener for every delivery attempt; returns an unsubscribe function. */
  onWebhookDelivery(listener: (delivery: WebhookDelivery) => void): () => void;
  setFaults(config: FaultConfig): void;
  clearFaults(): void;
  stats(): StatsSnapshot;
  resetStats(): void;
  /** The change requests received, in order (Gong's side of "was this write sent once?"). */
  writeRequests(): WriteLogEntry[];
  quota(): QuotaUsage;
  /** Marks this much of today's quota as spent. */
  setQuotaUsed(usedToday: number): void;
  setLimits(limits: { ratePerSecond?: number; dailyLimit?: number }): void;
  /** Gong AI credits left and spent (get-brief, ask-entity). */
  aiCredits(): { remaining: number; spent: number };
  /** Sets the AI credits left (0: the next get-brief or ask-entity answers 402). */
  setAiCredits(credits: number): void;
  /** OAuth tokens without the browser step (all scopes unless told). */
  issueOAuthTokens(scopes?: readonly string[]): TokenResponse;
  listen(): Promise<string>;
  close(): Promise<void>;
}

const DAY = 86_400_000;

/**
 * Builds a simulator without opening a socket (tests call `sim.app.inject`). Options are the CLI
 * flags in camelCase; see SimOptionsSchema.
 */
export async function createGongSim(options: GongSimOptions = {}): Promise<GongSim> {
  const { clock: givenClock, logger: givenLogger, webhookPrivateKeyPem, ...rest } = options;
  const settings = SimOptionsSchema.parse(rest);
  const clock = givenClock ?? systemClock;
  const logger: SimLogger = givenLogger ?? { info() {}, warn() {}, error() {}, debug() {} };
  const signerPromise = WebhookSigner.create({ privateKeyPem: webhookPrivateKeyPem });

  const seedStart = performance.now();
  const anchor = settings.anchorDate ? Date.parse(`${settings.anchorDate}T00:00:00Z`) : Math.floor(clock.now() / DAY) * DAY;
  const generated = new CompanyGenerator().generate({
    seed: settings.seed,
    sizes: { users: settings.users, accounts: settings.accounts, calls: settings.calls, days: settings.days, workspaces: settings.workspaces, deals: settings.deals },
    anchor,
    timeZone: settings.timeZone,
  });
  const seedSeconds = (performance.now() - seedStart) / 1000;
  const store = new CompanyStore(generated);
  const time = new ZonedTimeFormatter(settings.timeZone);
  const content = new CallContentService(store);
  const figures = new CoachingFiguresService(store, content, time);
  const faults = new FaultInjector(settings.seed);
  if (settings.faults) faults.set(settings.faults);
  let baseUrl = `http://${settings.host}:${settings.port}`;
  const mapper = new CallDataMapper(store, content, time, () => baseUrl);
  const limiter = new RateLimiter({ perSecond: settings.ratePerSecond, perDay: settings.dailyLimit }, clock);
  const stats = new RequestStats(clock);
  const writes = new WriteLog();
  const oauth = new OAuthService(
    {
      clientId: settings.oauthClientId,
      clientSecret: settings.oauthClientSecret,
      accessTokenTtlSeconds: settings.accessTokenTtlSeconds,
      apiBaseUrl: () => settings.apiBaseUrl ?? baseUrl,
    },
    clock,
  );
  const credentials = new CredentialsVerifier(settings.accessKey, settings.accessKeySecret, oauth);
  const codec = new CursorCodec(
    `cursor:${settings.seed}`,
    clock,
    () => faults.cursorTtlOverrideMs() ?? settings.cursorTtlSeconds * 1000,
    () => faults.epoch(),
  );
  const signer = await signerPromise;
  const webhooks = new WebhookDispatcher(signer, clock, faults, (call) => mapper.webhookCallData(call), settings.webhookTimeoutMs);
  for (const url of settings.webhookUrls) webhooks.addRule({ url });
  const crm = new CrmUploadService(clock, store.ids, () => settings.crmProcessingMs);

  const completeCall = (overrides: CallOverrides = {}): CompletedCall => {
    const call = store.completeCall(clock.now(), settings.transcriptDelayMs, overrides);
    logger.info({ callId: call.id, workspaceId: call.workspaceId, rules: webhooks.rules().length }, 'call completed');
    const deliveries = webhooks.dispatch(call);
    deliveries.catch((err: Error) => logger.error({ err: err.message }, 'webhook dispatch failed'));
    return { call, webhooks: deliveries };
  };

  const ctx: SimContext = {
    settings,
    clock,
    logger,
    store,
    content,
    figures,
    mapper,
    time,
    paginator: new Paginator(codec),
    limiter,
    faults,
    stats,
    writes,
    oauth,
    credentials,
    webhooks,
    signer,
    crm,
    requestIds: new RequestIdGenerator(settings.seed),
    aiCredits: new AiCreditBalance(settings.aiCredits),
    baseUrl: () => baseUrl,
    completeCall,
  };

  const app = Fastify({ logger: false, bodyLimit: 256 * 1024 * 1024, forceCloseConnections: true });
  registerBodyParsers(app);
  installGongPipeline(app, ctx);
  registerCallsRoutes(app, ctx);
  registerUsersRoutes(app, ctx);
  registerWorkspacesRoutes(app, ctx);
  registerPermissionProfilesRoutes(app, ctx);
  registerUsersAccessRoutes(app, ctx);
  registerSettingsRoutes(app, ctx);
  registerStatsRoutes(app, ctx);
  registerLibraryRoutes(app, ctx);
  registerCoachingRoutes(app, ctx);
  registerCallOutcomesRoutes(app, ctx);
  registerFlowsRoutes(app, ctx);
  registerCrmRoutes(app, ctx);
  registerTasksRoutes(app, ctx);
  registerAiEntitiesRoutes(app, ctx);
  registerOAuthRoutes(app, ctx);
  registerDataPrivacyRoutes(app, ctx);
  registerAdminRoutes(app, ctx);
  await app.ready();

  const live = settings.live ? new LiveCallsDriver(settings.callsPerMinute, () => void completeCall()) : undefined;
  let port = settings.port;

  const sim: GongSim = {
    get baseUrl() {
      return baseUrl;
    },
    get port() {
      return port;
    },
    settings,
    clock,
    company: store,
    credentials: {
      accessKey: settings.accessKey,
      accessKeySecret: settings.accessKeySecret,
      basicAuthorization: `Basic ${Buffer.from(`${settings.accessKey}:${settings.accessKeySecret}`).toString('base64')}`,
      oauthClientId: settings.oauthClientId,
      oauthClientSecret: settings.oauthClientSecret,
    },
    webhookPublicKeyPem: signer.publicKeyPem,
    app,
    seedSeconds,
    groundTruth: (o) => toGroundTruth(store, o),
    transcriptTruth: (callId) => {
      const call = store.call(callId);
      return call ? toTranscriptTruth(call, content.transcript(call)) : undefined;
    },
    coachingTruth: (o) => toCoachingTruth(store, figures, time, o),
    completeCall,
    addWebhook: (url, o) => webhooks.addRule({ url, ...o }),
    removeWebhook: (id) => webhooks.removeRule(id),
    deleteCall: (id) => store.deleteCall(id),
    webhookDeliveries: () => webhooks.deliveries(),
    onWebhookDelivery: (listener) => {
      webhooks.on('delivery', listener);
      return () => webhooks.off('delivery', listener);
    },
    setFaults: (config) => void faults.set(config),
    clearFaults: () => faults.clear(),
    stats: () => stats.snapshot(),
    resetStats: () => stats.reset(),
    writeRequests: () => writes.entries(),
    quota: () => limiter.usage(),
    setQuotaUsed: (n) => limiter.setUsedToday(n),
    setLimits: (l) => limiter.setLimits({ perSecond: l.ratePerSecond, perDay: l.dailyLimit }),
    aiCredits: () => ({ remaining: ctx.aiCredits.remaining(), spent: ctx.aiCredits.spent() }),
    setAiCredits: (n) => ctx.aiCredits.set(n),
    issueOAuthTokens: (scopes) => oauth.issueForTests(scopes),
    listen: async () => {
      const address = await app.listen({ port: settings.port, host: settings.host });
      const url = new URL(address);
      port = Number(url.port);
      const host = settings.host.includes(':') ? `[${settings.host}]` : settings.host === '0.0.0.0' ? '127.0.0.1' : settings.host;
      baseUrl = `http://${host}:${port}`;
      live?.start();
      return baseUrl;
    },
    close: async () => {
      live?.stop();
      await app.close();
    },
  };
  return sim;
}

/** Starts a simulator on a socket (port 0: a random free port) and resolves once it listens. */
export async function startGongSim(options: GongSimOptions = {}): Promise<GongSim> {
  const sim = await createGongSim(options);
  await sim.listen();
  return sim;
}
