import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import { systemClock, type Clock } from '@gong-connector/contracts';
import { GongClient } from '@gong-connector/gong-client';
import {
  BackfillJobRepository,
  CallOutboxRepository,
  CallReadRepository,
  CallWriteRepository,
  Database,
  DirectoryRepository,
  LeaseRepository,
  SyncCheckpointRepository,
  PersonErasureRepository,
  RetentionRepository,
  GoneCallRepository,
  WebhookDeliveryRepository,
  DealRepository,
} from '@gong-connector/persistence';
import { LOGGER, MetricsRegistry, PlatformModule, RpcClient, type Logger } from '@gong-connector/platform';
import { CallStore, CoachingSync, createGongClient, DealBackfill, DirectorySync, TrackerSync } from '@gong-connector/replica';
import { BackfillController } from './backfill/backfill.controller.js';
import { BackfillRunner } from './backfill/backfill.runner.js';
import { BackfillService } from './backfill/backfill.service.js';
import { QuotaStatusReader } from './backfill/quota-status.reader.js';
import { CallEventOutbox } from './calls/call-event.outbox.js';
import { CallPageIngestor } from './calls/call-page.ingestor.js';
import { CallWriter } from './calls/call.writer.js';
import type { IngestConfig } from './config.js';
import { INGEST_CONFIG, INGEST_SEARCH_INDEX, INSTANCE_ID } from './ingest.tokens.js';
import { RetentionService } from './retention/retention.service.js';
import { CallVerificationSweep } from './verification/call-verification.sweep.js';
import { GoneCallPurger } from './verification/gone-call.purger.js';
import { createSearchIndex } from '@gong-connector/search';
import { IngestMessaging } from './messaging/ingest-messaging.js';
import { IngestMetrics } from './metrics/ingest.metrics.js';
import { NewCallHandler } from './pipeline/new-call.handler.js';
import { IngestScheduler } from './scheduler/ingest.scheduler.js';
import { IncrementalSyncService } from './sync/incremental-sync.service.js';
import { CoachingSyncService } from './coaching/coaching-sync.service.js';
import { WindowScanner } from './sync/window.scanner.js';
import { WebhookBodyParser } from './webhooks/webhook-body.parser.js';
import { WebhookIntakeService } from './webhooks/webhook-intake.service.js';
import { WebhookJwtVerifier } from './webhooks/webhook-jwt.verifier.js';
import { WebhookUrlKeyMatcher } from './webhooks/webhook-url-key.matcher.js';
import { WebhookAuthenticator } from './webhooks/webhook.authenticator.js';
import { WebhookController } from './webhooks/webhook.controller.js';

/** What tests replace: the logger (to read it), the clock, the instance id, the HTTP client to Gong (to record it). */
export interface IngestOverrides {
  logger?: Logger;
  clock?: Clock;
  instanceId?: string;
  gongFetch?: typeof globalThis.fetch;
}

const repository = <T>(type: new (db: Database) => T): Provider => ({
  provide: type,
  useFactory: (db: Database) => new type(db),
  inject: [Database],
});

/**
 * The ingest service: Gong webhooks in, the new-call pipeline, incremental sync, backfills, the
 * replica in PostgreSQL and "call ready" events on JetStream.
 */
@Module({})
export class IngestModule {
  static forRoot(config: IngestConfig, overrides: IngestOverrides = {}): DynamicModule {
    const messaging = new IngestMessaging();
    const clock = overrides.clock ?? systemClock;
    const instanceId = overrides.instanceId ?? `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
    return {
      module: IngestModule,
      imports: [
        PlatformModule.forRoot({
          service: 'ingest',
          logLevel: config.LOG_LEVEL,
          ...(overrides.logger ? { logger: overrides.logger } : {}),
          clock,
          nats: { servers: config.NATS_URL, streams: messaging.streams },
          adminToken: { name: 'INGEST_ADMIN_TOKEN', value: config.INGEST_ADMIN_TOKEN },
          database: { url: config.DATABASE_URL, migrations: config.DATABASE_MIGRATIONS, ...(config.DATABASE_SCHEMA ? { schema: config.DATABASE_SCHEMA } : {}) },
        }),
      ],
      controllers: [WebhookController, BackfillController],
      providers: [
        { provide: INGEST_CONFIG, useValue: config },
        { provide: INSTANCE_ID, useValue: instanceId },
        { provide: IngestMessaging, useValue: messaging },
        { provide: IngestMetrics, useFactory: (registry: MetricsRegistry) => new IngestMetrics(registry), inject: [MetricsRegistry] },
        {
          provide: GongClient,
          // Every Gong request of ingest: permits from the broker (or a local pacer), counted in
          // ingest_gong_requests_total{endpoint,status}; callers name the priority per use.
          useFactory: (metrics: IngestMetrics, logger: Logger, rpc: RpcClient, db: Database) =>
            createGongClient(config, {
              requester: `ingest/${instanceId}`,
              rpc,
              database: db,
              logger,
              clock,
              timeoutMs: config.GONG_REQUEST_TIMEOUT_MS,
              userAgent: 'gong-connector-ingest',
              onRequest: (e) => metrics.gongRequests.inc({ endpoint: e.endpoint, status: String(e.status) }),
              ...(overrides.gongFetch ? { fetch: overrides.gongFetch } : {}),
            }),
          inject: [IngestMetrics, LOGGER, RpcClient, Database],
        },
        repository(CallWriteRepository),
        repository(CallReadRepository),
        repository(CallOutboxRepository),
        repository(DealRepository),
        {
          provide: CallStore,
          useFactory: (db: Database, writes: CallWriteRepository, reads: CallReadRepository, logger: Logger, deals: DealRepository) =>
            new CallStore({ database: db, writes, reads, erasures: new PersonErasureRepository(db), clock, logger, deals }),
          inject: [Database, CallWriteRepository, CallReadRepository, LOGGER, DealRepository],
        },
        {
          provide: DealBackfill,
          useFactory: (deals: DealRepository, reads: CallReadRepository) => new DealBackfill({ deals, reads }),
          inject: [DealRepository, CallReadRepository],
        },
        repository(SyncCheckpointRepository),
        repository(RetentionRepository),
        {
          provide: INGEST_SEARCH_INDEX,
          useFactory: (db: Database) => createSearchIndex({ database: db, elasticsearchUrl: config.ELASTICSEARCH_URL }),
          inject: [Database],
        },
        RetentionService,
        repository(GoneCallRepository),
        GoneCallPurger,
        CallVerificationSweep,
        repository(DirectoryRepository),
        repository(LeaseRepository),
        repository(BackfillJobRepository),
        repository(WebhookDeliveryRepository),
        {
          provide: DirectorySync,
          useFactory: (db: Database, gong: GongClient) => new DirectorySync(db, gong, clock),
          inject: [Database, GongClient],
        },
        {
          provide: TrackerSync,
          useFactory: (db: Database, gong: GongClient) => new TrackerSync(db, gong, clock),
          inject: [Database, GongClient],
        },
        {
          provide: CoachingSync,
          useFactory: (db: Database, gong: GongClient) => new CoachingSync(db, gong, clock, { timeZone: config.INGEST_COACHING_TIME_ZONE }),
          inject: [Database, GongClient],
        },
        {
          provide: WebhookAuthenticator,
          useFactory: async () =>
            new WebhookAuthenticator(
              config.GONG_WEBHOOK_PUBLIC_KEY === undefined
                ? undefined
                : await WebhookJwtVerifier.create({
                    publicKey: config.GONG_WEBHOOK_PUBLIC_KEY,
                    publicUrl: config.INGEST_PUBLIC_WEBHOOK_URL,
                    clockSkewMs: config.INGEST_WEBHOOK_CLOCK_SKEW_MS,
                    maxLifetimeMs: config.INGEST_WEBHOOK_MAX_TOKEN_LIFETIME_MS,
                    clock,
                  }),
              new WebhookUrlKeyMatcher(config.INGEST_WEBHOOK_URL_KEY),
              config.INGEST_PUBLIC_WEBHOOK_URL,
            ),
        },
        WebhookBodyParser,
        WebhookIntakeService,
        CallWriter,
        CallEventOutbox,
        CallPageIngestor,
        WindowScanner,
        NewCallHandler,
        IncrementalSyncService,
        CoachingSyncService,
        QuotaStatusReader,
        BackfillRunner,
        BackfillService,
        IngestScheduler,
      ],
    };
  }
}
