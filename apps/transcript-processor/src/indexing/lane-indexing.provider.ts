import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { CallReadyLane } from '@gong-connector/contracts';
import type { ChunkingOptions } from '@gong-connector/chunking';
import { CallReadRepository, Database } from '@gong-connector/persistence';
import { HealthRegistry } from '@gong-connector/platform';
import { createSearchIndex, type SearchIndex } from '@gong-connector/search';
import type { TranscriptProcessorConfig } from '../config.js';
import { TranscriptMetrics } from '../metrics/transcript.metrics.js';
import { CallIndexingService } from './call-indexing.service.js';
import { CHUNKING_OPTIONS, POST_CALL_DATABASE, SEARCH_INDEX } from './indexing.tokens.js';

/**
 * The indexing service of each lane. The bulk lane uses the process's Database; the post-call
 * lane has a pool of its own (POST_CALL_DATABASE), so a live call never queues for a connection
 * behind a backlog of backfilled calls (one call's read takes up to seven connections at once).
 * Both run the same CallIndexingService code; only the pool differs (Elasticsearch is shared).
 */
@Injectable()
export class LaneIndexing implements OnApplicationShutdown {
  private readonly postCall: CallIndexingService;
  private readonly postCallIndex: SearchIndex;

  constructor(
    @Inject(CallIndexingService) private readonly bulk: CallIndexingService,
    @Inject(POST_CALL_DATABASE) private readonly postCallDb: Database,
    @Inject(SEARCH_INDEX) index: SearchIndex,
    @Inject(CHUNKING_OPTIONS) chunking: ChunkingOptions,
    @Inject(TranscriptMetrics) metrics: TranscriptMetrics,
  ) {
    this.postCallIndex = index.kind === 'postgres' ? createSearchIndex({ database: postCallDb }) : index;
    this.postCall = new CallIndexingService(new CallReadRepository(postCallDb), this.postCallIndex, chunking, metrics);
  }

  of(lane: CallReadyLane): CallIndexingService {
    return lane === 'post-call' ? this.postCall : this.bulk;
  }

  /** After the consumers stopped (beforeApplicationShutdown): closes the post-call pool. */
  async onApplicationShutdown(): Promise<void> {
    await this.postCallDb.close();
  }

  /** Opens the post-call lane's pool (after the main Database ran the migrations). */
  static async openDatabase(config: TranscriptProcessorConfig, health: HealthRegistry): Promise<Database> {
    const db = await Database.open({
      url: config.DATABASE_URL,
      migrations: config.DATABASE_MIGRATIONS,
      ...(config.DATABASE_SCHEMA ? { schema: config.DATABASE_SCHEMA } : {}),
      // One call's read runs seven queries at once: a lone live call never waits for a connection.
      poolSize: config.CONSUMER_POST_CALL_CONCURRENCY + 4,
      applicationName: 'transcript-processor-post-call',
    });
    health.register('postgres-post-call', () => db.ping());
    return db;
  }
}
