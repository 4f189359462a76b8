import { bootstrapService, loadConfig } from '@gong-connector/platform';
import { IngestConfigSchema } from './config.js';
import { IngestModule } from './ingest.module.js';

const config = loadConfig(IngestConfigSchema);
await bootstrapService(IngestModule.forRoot(config), {
  port: config.PORT,
  host: config.HOST,
  rawBody: true,
  bodyLimit: config.INGEST_WEBHOOK_MAX_BYTES,
  shutdownGraceMs: 2_000,
});
