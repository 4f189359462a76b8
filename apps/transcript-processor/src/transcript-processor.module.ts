import { Module, type DynamicModule, type OnApplicationShutdown, Inject, Injectable } from '@nestjs/common';
import { Events, Streams, type StreamDefinition } from '@gong-connector/contracts';
import type { ChunkingOptions } from '@gong-connector/chunking';
import { CallRepository } from '@gong-connector/persistence';
import { HealthRegistry, PlatformModule, type Logger } from '@gong-connector/platform';
import { createSearchIndex, type SearchIndex } from '@gong-connector/search';
import { DataSource } from 'typeorm';
import type { TranscriptProcessorConfig } from './config.js';
import { CallReadyHandler } from './consumer/call-ready.handler.js';
import { CALL_READY_SETTINGS, type CallReadySettings } from './consumer/call-ready.settings.js';
import { CallIndexingService } from './indexing/call-indexing.service.js';
import { CHUNKING_OPTIONS, SEARCH_INDEX } from './indexing/indexing.tokens.js';
import { TranscriptMetrics } from './metrics/transcript.metrics.js';

export interface TranscriptProcessorModuleOptions {
  /** A logger to use instead of a new one (tests). */
  logger?: Logger;
  /**
   * Tests only: read "call ready" from a contract and stream of their own (same schema, another
   * subject), so a test never shares a stream or a durable with other suites on the same server.
   */
  callReady?: { contract: CallReadySettings['contract']; stream: StreamDefinition };
}

/** Closes the search index's own resources (an Elasticsearch client) at shutdown. */
@Injectable()
class SearchIndexLifecycle implements OnApplicationShutdown {
  constructor(@Inject(SEARCH_INDEX) private readonly index: SearchIndex) {}

  async onApplicationShutdown(): Promise<void> {
    await this.index.close();
  }
}

/** The transcript processor: "call ready" in, chunks into the search index, `call.indexed` out. */
@Module({})
export class TranscriptProcessorModule {
  static forRoot(config: TranscriptProcessorConfig, options: TranscriptProcessorModuleOptions = {}): DynamicModule {
    const settings: CallReadySettings = {
      contract: options.callReady?.contract ?? Events.callFetched,
      stream: options.callReady?.stream.name ?? config.CONSUMER_STREAM,
      durable: config.CONSUMER_DURABLE,
      concurrency: config.CONSUMER_CONCURRENCY,
      maxDeliver: config.CONSUMER_MAX_DELIVER,
      backoffMs: config.CONSUMER_BACKOFF_MS,
      ackWaitMs: config.CONSUMER_ACK_WAIT_MS,
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
          nats: { servers: config.NATS_URL, streams },
          database: { url: config.DATABASE_URL, ...(config.DATABASE_SCHEMA ? { schema: config.DATABASE_SCHEMA } : {}), poolSize: config.CONSUMER_CONCURRENCY + 2 },
        }),
      ],
      providers: [
        { provide: CALL_READY_SETTINGS, useValue: settings },
        { provide: CHUNKING_OPTIONS, useValue: chunking },
        { provide: CallRepository, useFactory: (ds: DataSource) => new CallRepository(ds), inject: [DataSource] },
        {
          provide: SEARCH_INDEX,
          useFactory: async (ds: DataSource, health: HealthRegistry) => {
            const index = createSearchIndex({ elasticsearchUrl: config.ELASTICSEARCH_URL, dataSource: ds });
            await index.ensureReady();
            if (index.kind === 'elasticsearch') health.register('elasticsearch', async () => void (await index.count()));
            return index;
          },
          inject: [DataSource, HealthRegistry],
        },
        SearchIndexLifecycle,
        TranscriptMetrics,
        CallIndexingService,
        CallReadyHandler,
      ],
    };
  }
}
