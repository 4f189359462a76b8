import { Module, type DynamicModule, type OnApplicationShutdown, Inject, Injectable } from '@nestjs/common';
import { Events, Streams, type CallReadyLane, type Clock, type StreamDefinition } from '@gong-connector/contracts';
import type { ChunkingOptions } from '@gong-connector/chunking';
import { CallReadRepository, Database } from '@gong-connector/persistence';
import { HealthRegistry, LOGGER, PlatformModule, type Logger } from '@gong-connector/platform';
import { createSearchIndex, type SearchIndex } from '@gong-connector/search';
import type { TranscriptProcessorConfig } from './config.js';
import { CallReadyHandler } from './consumer/call-ready.handler.js';
import { CALL_READY_SETTINGS, type CallReadyLaneSettings, type CallReadySettings } from './consumer/call-ready.settings.js';
import { CallIndexingService } from './indexing/call-indexing.service.js';
import { CHUNKING_OPTIONS, POST_CALL_DATABASE, SEARCH_INDEX } from './indexing/indexing.tokens.js';
import { LaneIndexing } from './indexing/lane-indexing.provider.js';
import { TranscriptMetrics } from './metrics/transcript.metrics.js';

export interface TranscriptProcessorModuleOptions {
  /** A logger to use instead of a new one (tests). */
  logger?: Logger;
  /** A clock to use instead of the system clock (tests). */
  clock?: Clock;
  /**
   * Tests only: read each "call ready" lane from a contract and stream of their own (same schema,
   * other subjects), so a test never shares a stream or a durable with other suites on the same server.
   */
  callReady?: { contracts: Record<CallReadyLane, CallReadyLaneSettings['contract']>; stream: StreamDefinition };
}

/** Closes the search index's own resources (an Elasticsearch client) at shutdown. */
@Injectable()
class SearchIndexLifecycle implements OnApplicationShutdown {
  constructor(@Inject(SEARCH_INDEX) private readonly index: SearchIndex) {}

  async onApplicationShutdown(): Promise<void> {
    await this.index.close();
  }
}

/**
 * The transcript processor: "call ready" in (two lanes: post-call and bulk), chunks into the search
 * index, `call.indexed` out. The process's Database (bulk lane, health) and the post-call lane's
 * own pool are sized from each lane's concurrency.
 */
@Module({})
export class TranscriptProcessorModule {
  static forRoot(config: TranscriptProcessorConfig, options: TranscriptProcessorModuleOptions = {}): DynamicModule {
    const stream = options.callReady?.stream.name ?? config.CONSUMER_STREAM;
    const common = { stream, maxDeliver: config.CONSUMER_MAX_DELIVER, backoffMs: config.CONSUMER_BACKOFF_MS, ackWaitMs: config.CONSUMER_ACK_WAIT_MS };
    const settings: CallReadySettings = {
      lanes: [
        {
          ...common,
          lane: 'post-call',
          contract: options.callReady?.contracts['post-call'] ?? Events.postCallFetched,
          durable: `${config.CONSUMER_DURABLE}-post-call`,
          concurrency: config.CONSUMER_POST_CALL_CONCURRENCY,
        },
        {
          ...common,
          lane: 'bulk',
          contract: options.callReady?.contracts.bulk ?? Events.callFetched,
          durable: config.CONSUMER_DURABLE,
          concurrency: config.CONSUMER_CONCURRENCY,
        },
      ],
      lagSampleMs: config.CONSUMER_LAG_SAMPLE_MS,
    };
    const chunking: ChunkingOptions = { maxTokens: config.CHUNK_MAX_TOKENS, overlapSentences: config.CHUNK_OVERLAP_SENTENCES };
    const streams: StreamDefinition[] = [Streams.calls, Streams.deadLetter, ...(options.callReady ? [options.callReady.stream] : [])];
    return {
      module: TranscriptProcessorModule,
      imports: [
        PlatformModule.forRoot({
          service: 'transcript-processor',
          logLevel: config.LOG_LEVEL,
          ...(options.logger ? { logger: options.logger } : {}),
          ...(options.clock ? { clock: options.clock } : {}),
          nats: { servers: config.NATS_URL, streams },
          database: { url: config.DATABASE_URL, migrations: config.DATABASE_MIGRATIONS, ...(config.DATABASE_SCHEMA ? { schema: config.DATABASE_SCHEMA } : {}), poolSize: config.CONSUMER_CONCURRENCY + 2 },
        }),
      ],
      providers: [
        { provide: CALL_READY_SETTINGS, useValue: settings },
        { provide: CHUNKING_OPTIONS, useValue: chunking },
        { provide: CallReadRepository, useFactory: (db: Database) => new CallReadRepository(db), inject: [Database] },
        {
          provide: SEARCH_INDEX,
          useFactory: async (db: Database, health: HealthRegistry, logger: Logger) => {
            const index = createSearchIndex({
              elasticsearchUrl: config.ELASTICSEARCH_URL,
              elasticsearch: config,
              database: db,
              onMigrationEvent: (event) => logger.info({ ...event }, `search index migration: ${event.type}`),
            });
            await index.ensureReady();
            if (index.kind === 'elasticsearch') health.register('elasticsearch', async () => void (await index.count()));
            return index;
          },
          inject: [Database, HealthRegistry, LOGGER],
        },
        SearchIndexLifecycle,
        TranscriptMetrics,
        CallIndexingService,
        {
          provide: POST_CALL_DATABASE,
          // After the main Database: it runs the migrations.
          useFactory: (_migrated: Database, health: HealthRegistry) => LaneIndexing.openDatabase(config, health),
          inject: [Database, HealthRegistry],
        },
        LaneIndexing,
        CallReadyHandler,
      ],
    };
  }
}
