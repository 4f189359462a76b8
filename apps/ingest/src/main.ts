import { bootstrapService, loadConfig, startTracing } from '@gong-connector/platform';
import { IngestConfigSchema } from './config.js';
import { IngestModule } from './ingest.module.js';

const config = loadConfig(IngestConfigSchema);
// Before the service boots, so every span of its start-up and work is exported (off unless OTEL_EXPORTER_OTLP_ENDPOINT is set).
startTracing(config, 'ingest');
await bootstrapService(IngestModule.forRoot(config), {
  port: config.PORT,
  host: config.HOST,
  rawBody: true,
  bodyLimit: config.INGEST_WEBHOOK_MAX_BYTES,
  shutdownGraceMs: 2_000,
});
