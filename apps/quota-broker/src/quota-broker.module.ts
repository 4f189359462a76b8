import { Module, type DynamicModule } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import type { Clock } from '@gong-connector/contracts';
import { Database, QuotaSpendRepository } from '@gong-connector/persistence';
import { PlatformModule, type Logger } from '@gong-connector/platform';
import { hostname } from 'node:os';
import { BROKER_SETTINGS, type BrokerSettings } from './broker/broker.settings.js';
import { BrokerRoleService } from './broker/broker-role.service.js';
import { QuotaBrokerService } from './broker/quota-broker.service.js';
import { quotaPolicyFromConfig } from './broker/quota-policy.factory.js';
import { QuotaRpcHandler } from './broker/quota-rpc.handler.js';
import type { QuotaBrokerConfig } from './config.js';
import { LeadershipReadinessInterceptor } from './leadership/leadership-readiness.interceptor.js';
import { QuotaMetrics } from './metrics/quota.metrics.js';
import { QuotaController } from './quota/quota.controller.js';

export interface QuotaBrokerModuleOptions {
  /** A logger to use instead of a new one (tests). */
  logger?: Logger;
  clock?: Clock;
}

/** The quota broker: leader election, the quota core over NATS, `/v1/quota`, health and metrics. */
@Module({})
export class QuotaBrokerModule {
  static forRoot(config: QuotaBrokerConfig, options: QuotaBrokerModuleOptions = {}): DynamicModule {
    const settings: BrokerSettings = {
      policy: quotaPolicyFromConfig(config),
      budgetName: config.QUOTA_BUDGET_NAME,
      instanceId: config.BROKER_INSTANCE_ID ?? `${hostname()}-${process.pid}`,
      leaseName: config.QUOTA_LEASE_NAME,
      leaseTtlMs: config.QUOTA_LEASE_TTL_MS,
    };
    return {
      module: QuotaBrokerModule,
      imports: [
        PlatformModule.forRoot({
          service: 'quota-broker',
          logLevel: config.LOG_LEVEL,
          ...(options.logger ? { logger: options.logger } : {}),
          ...(options.clock ? { clock: options.clock } : {}),
          // Request/reply only: no JetStream streams of its own.
          nats: { servers: config.NATS_URL, streams: [] },
          database: { url: config.DATABASE_URL, migrations: config.DATABASE_MIGRATIONS, ...(config.DATABASE_SCHEMA ? { schema: config.DATABASE_SCHEMA } : {}), poolSize: 4 },
        }),
      ],
      controllers: [QuotaController],
      providers: [
        { provide: BROKER_SETTINGS, useValue: settings },
        { provide: QuotaSpendRepository, useFactory: (db: Database) => new QuotaSpendRepository(db), inject: [Database] },
        QuotaMetrics,
        QuotaBrokerService,
        QuotaRpcHandler,
        BrokerRoleService,
        { provide: APP_INTERCEPTOR, useClass: LeadershipReadinessInterceptor },
      ],
    };
  }
}
