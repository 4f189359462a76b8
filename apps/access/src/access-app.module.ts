import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import { systemClock, type Clock } from '@gong-connector/contracts';
import type { GongClient } from '@gong-connector/gong-client';
import { LOGGER, PlatformModule, RpcClient, type Logger } from '@gong-connector/platform';
import { hostname } from 'node:os';
import { AccessRepository, Database, DirectoryRepository, SyncCheckpointRepository } from '@gong-connector/persistence';
import { createGongClient, DirectorySync } from '@gong-connector/replica';
import { ACCESS_CONFIG, GONG_CLIENT } from './access.tokens.js';
import { AdminController } from './admin/admin.controller.js';
import { AccessChangePublisher } from './changes/access-change.publisher.js';
import type { AccessConfig } from './config.js';
import { AccessFilterHandler } from './filter/access-filter.handler.js';
import { AccessFilterService } from './filter/access-filter.service.js';
import { FilterCache } from './filter/filter.cache.js';
import { CallFetchedHandler } from './ingest/call-fetched.handler.js';
import { AccessMetrics } from './metrics/access.metrics.js';
import { AccessStateService } from './state/access-state.service.js';
import { AccessSyncService } from './sync/access-sync.service.js';
import { ProfileSyncService } from './sync/profile-sync.service.js';
import { SyncScheduler } from './sync/sync.scheduler.js';
import { UsersAccessSyncService } from './sync/users-access-sync.service.js';

/** What tests replace; production passes nothing. */
export interface AccessAppOverrides {
  logger?: Logger;
  clock?: Clock;
  /** A Gong client of the test's own (e.g. gong-sim with a local pacer). */
  gong?: GongClient;
}

/**
 * The access service: syncs Gong's users, manager graph, workspaces, permission profiles, members
 * and users-access into PostgreSQL, keeps the access model in memory, and answers
 * `access.filter.v1` for any user. HTTP: /health, /metrics, /admin/sync, /admin/status.
 */
@Module({})
export class AccessAppModule {
  static forRoot(config: AccessConfig, overrides: AccessAppOverrides = {}): DynamicModule {
    const clock = overrides.clock ?? systemClock;
    const providers: Provider[] = [
      { provide: ACCESS_CONFIG, useValue: config },
      { provide: FilterCache, useFactory: () => new FilterCache() },
      {
        provide: GONG_CLIENT,
        useFactory: async (rpc: RpcClient, db: Database, logger: Logger, metrics: AccessMetrics) =>
          overrides.gong ??
          (await createGongClient(config, {
            requester: `access/${hostname()}-${process.pid}`,
            rpc,
            database: db,
            logger,
            priority: 'sync',
            onRequest: ({ endpoint, status }) => metrics.gongRequests.inc({ endpoint, status: String(status) }),
          })),
        inject: [RpcClient, Database, LOGGER, AccessMetrics],
      },
      { provide: AccessRepository, useFactory: (db: Database) => new AccessRepository(db), inject: [Database] },
      { provide: DirectoryRepository, useFactory: (db: Database) => new DirectoryRepository(db), inject: [Database] },
      { provide: SyncCheckpointRepository, useFactory: (db: Database) => new SyncCheckpointRepository(db), inject: [Database] },
      {
        provide: DirectorySync,
        useFactory: (db: Database, gong: GongClient) => new DirectorySync(db, gong, clock),
        inject: [Database, GONG_CLIENT],
      },
      AccessMetrics,
      AccessChangePublisher,
      AccessStateService,
      AccessFilterService,
      AccessFilterHandler,
      ProfileSyncService,
      UsersAccessSyncService,
      AccessSyncService,
      SyncScheduler,
      CallFetchedHandler,
    ];
    return {
      module: AccessAppModule,
      imports: [
        PlatformModule.forRoot({
          service: 'access',
          logLevel: config.LOG_LEVEL,
          ...(overrides.logger ? { logger: overrides.logger } : {}),
          clock,
          nats: { servers: config.NATS_URL },
          adminToken: { name: 'ACCESS_ADMIN_TOKEN', value: config.ACCESS_ADMIN_TOKEN },
          database: { url: config.DATABASE_URL, migrations: config.DATABASE_MIGRATIONS, ...(config.DATABASE_SCHEMA ? { schema: config.DATABASE_SCHEMA } : {}) },
        }),
      ],
      controllers: [AdminController],
      providers,
    };
  }
}
