import {
  Global,
  Inject,
  Injectable,
  Module,
  Optional,
  type DynamicModule,
  type OnApplicationShutdown,
  type Provider,
} from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { Streams, systemClock, type Clock, type StreamDefinition } from '@gong-connector/contracts';
import { Database, type DatabaseOptions } from '@gong-connector/persistence';
import { AdminTokenGuard, type AdminTokenSetting } from './admin/admin-token.guard.js';
import { createLogger, type Logger } from './logging/create-logger.js';
import { HealthController } from './health/health.controller.js';
import { HealthRegistry } from './health/health.registry.js';
import { MetricsController } from './metrics/metrics.controller.js';
import { MetricsRegistry } from './metrics/metrics.registry.js';
import { ConsumerHost } from './nats/consumer.host.js';
import { EventConsumer } from './nats/event-consumer.js';
import { EventPublisher } from './nats/event-publisher.js';
import { NatsClient } from './nats/nats-client.js';
import { RpcClient, RpcServer } from './nats/rpc.js';
import { ADMIN_TOKEN, CLOCK, LOGGER, PLATFORM_OPTIONS } from './platform.tokens.js';

export interface PlatformOptions {
  /** The service's name: it labels logs and metrics. */
  service: string;
  logLevel?: string;
  /** A logger to use instead of a new one (tests pass one that writes to a buffer). */
  logger?: Logger;
  /** Connect to NATS (and ensure the JetStream streams exist). */
  nats?: { servers: string; streams?: readonly StreamDefinition[] };
  /** Open PostgreSQL (migrated under an advisory lock) and provide it as `Database`. */
  database?: DatabaseOptions;
  /** The clock behind CLOCK (tests pass a fake one; default: the system clock). */
  clock?: Clock;
  /** The admin token AdminTokenGuard checks (unset value: the admin API is off). */
  adminToken?: AdminTokenSetting;
}

@Injectable()
class PlatformLifecycle implements OnApplicationShutdown {
  constructor(
    @Inject(LOGGER) private readonly logger: Logger,
    @Optional() @Inject(RpcServer) private readonly rpcServer?: RpcServer,
    @Optional() @Inject(NatsClient) private readonly nats?: NatsClient,
    @Optional() @Inject(Database) private readonly database?: Database,
  ) {}

  async onApplicationShutdown(signal?: string): Promise<void> {
    await this.rpcServer?.close();
    await this.nats?.drain();
    await this.database?.close();
    this.logger.info({ signal }, 'shut down');
  }
}

/**
 * The shared plumbing of every service: logger, clock (CLOCK), metrics registry (/metrics), health
 * (/health/live, /health/ready), the admin API's AdminTokenGuard, and, when asked, NATS with
 * JetStream helpers (the consumers `@Consume` declares start at bootstrap, see ConsumerHost).
 */
@Global()
@Module({})
export class PlatformModule {
  static forRoot(options: PlatformOptions): DynamicModule {
    const logger = options.logger ?? createLogger({ name: options.service, level: options.logLevel ?? 'info' });
    const health = new HealthRegistry();
    const metrics = new MetricsRegistry({ service: options.service });
    const providers: Provider[] = [
      { provide: PLATFORM_OPTIONS, useValue: options },
      { provide: LOGGER, useValue: logger },
      { provide: HealthRegistry, useValue: health },
      { provide: MetricsRegistry, useValue: metrics },
      { provide: CLOCK, useValue: options.clock ?? systemClock },
      { provide: ADMIN_TOKEN, useValue: options.adminToken ?? { name: 'the admin token setting', value: undefined } },
      AdminTokenGuard,
      PlatformLifecycle,
    ];
    const exports: (symbol | Function)[] = [LOGGER, PLATFORM_OPTIONS, CLOCK, ADMIN_TOKEN, AdminTokenGuard, HealthRegistry, MetricsRegistry];
    if (options.nats) {
      const nats = options.nats;
      providers.push(
        {
          provide: NatsClient,
          useFactory: async () => {
            const client = await NatsClient.connect({ servers: nats.servers, name: options.service, logger });
            await client.ensureStreams(nats.streams ?? Object.values(Streams));
            health.register('nats', () => client.healthCheck());
            return client;
          },
        },
        { provide: EventPublisher, useFactory: (n: NatsClient) => new EventPublisher(n), inject: [NatsClient] },
        {
          provide: EventConsumer,
          useFactory: (n: NatsClient, p: EventPublisher) => new EventConsumer(n, p, logger, metrics),
          inject: [NatsClient, EventPublisher],
        },
        { provide: RpcClient, useFactory: (n: NatsClient) => new RpcClient(n), inject: [NatsClient] },
        { provide: RpcServer, useFactory: (n: NatsClient) => new RpcServer(n, logger), inject: [NatsClient] },
        ConsumerHost,
      );
      exports.push(NatsClient, EventPublisher, EventConsumer, RpcClient, RpcServer, ConsumerHost);
    }
    if (options.database) {
      const database = options.database;
      providers.push({
        provide: Database,
        useFactory: async () => {
          const db = await Database.open({ applicationName: options.service, ...database });
          health.register('postgres', () => db.ping());
          return db;
        },
      });
      exports.push(Database);
    }
    return {
      module: PlatformModule,
      imports: options.nats ? [DiscoveryModule] : [],
      controllers: [HealthController, MetricsController],
      providers,
      exports,
    };
  }
}
