import { CallReadRepository, Database } from '@gong-connector/persistence';
import { loadConfig, MetricsRegistry } from '@gong-connector/platform';
import { createSearchIndex, ElasticsearchSearchIndex } from '@gong-connector/search';
import { SingleBar, Presets } from 'cli-progress';
import { parseArgs } from 'node:util';
import { TranscriptProcessorConfigSchema } from '../config.js';
import { CallIndexingService } from '../indexing/call-indexing.service.js';
import { TranscriptMetrics } from '../metrics/transcript.metrics.js';
import { ReindexCommand } from './reindex.command.js';

// `npm run reindex [-- --call <id> ...]`: rebuilds the search index from PostgreSQL. On
// Elasticsearch a full rebuild first moves the alias to a new versioned index (copy + atomic swap),
// then rewrites every call from the replica into it.
const { values } = parseArgs({ options: { call: { type: 'string', multiple: true }, help: { type: 'boolean' } } });
if (values.help) {
  console.log('usage: npm run reindex [-- --call <callId> [--call <callId> ...]]  (configuration: the transcript-processor environment)');
  process.exit(0);
}
const config = loadConfig(TranscriptProcessorConfigSchema);
const db = await Database.open({ url: config.DATABASE_URL, ...(config.DATABASE_SCHEMA ? { schema: config.DATABASE_SCHEMA } : {}), applicationName: 'transcript-reindex' });
const index = createSearchIndex({
  elasticsearchUrl: config.ELASTICSEARCH_URL,
  // The CLI rebuilds on its own below; a running service migrates an older mapping version.
  elasticsearch: { ...config, ELASTICSEARCH_MIGRATE: false },
  database: db,
  onMigrationEvent: (event) => {
    if (event.type === 'progress') console.log(`reindex task ${event.task}: ${event.done}/${event.total} chunks copied`);
  },
});
try {
  await index.ensureReady();
  if (index instanceof ElasticsearchSearchIndex && !values.call) {
    const moved = await index.reindexInto(`${index.initialIndexName}-r${Date.now()}`, { deleteOld: true });
    console.log(`Elasticsearch: alias ${index.alias} moved from ${moved.from} to ${moved.to} (${moved.copied} chunks copied)`);
  }
  const metrics = new TranscriptMetrics(new MetricsRegistry({ service: 'transcript-reindex', defaultMetrics: false }));
  const indexing = new CallIndexingService(new CallReadRepository(db), index, { maxTokens: config.CHUNK_MAX_TOKENS, overlapSentences: config.CHUNK_OVERLAP_SENTENCES }, metrics);
  const bar = new SingleBar({ format: 'reindex [{bar}] {percentage}% | {value}/{total} calls | {chunks} chunks | ETA {eta}s' }, Presets.shades_classic);
  let started = false;
  const result = await new ReindexCommand(db, indexing).run({
    ...(values.call ? { callIds: values.call } : {}),
    batchSize: config.REINDEX_BATCH_SIZE,
    onProgress: (p) => {
      if (!started) {
        bar.start(p.total, 0, { chunks: 0 });
        started = true;
      }
      bar.update(p.done, { chunks: p.chunks });
    },
  });
  bar.stop();
  console.log(`${result.indexed} calls indexed (${result.chunks} chunks) into ${index.kind}; ${result.withoutTranscript} without a transcript yet`);
} finally {
  await index.close();
  await db.close();
}
