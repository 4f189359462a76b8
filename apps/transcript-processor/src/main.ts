import { bootstrapService, loadConfig, startTracing } from '@gong-connector/platform';
import { TranscriptProcessorConfigSchema } from './config.js';
import { TranscriptProcessorModule } from './transcript-processor.module.js';

const config = loadConfig(TranscriptProcessorConfigSchema);
// Before the service boots, so every span of its start-up and work is exported (off unless OTEL_EXPORTER_OTLP_ENDPOINT is set).
startTracing(config, 'transcript-processor');
await bootstrapService(TranscriptProcessorModule.forRoot(config), { port: config.PORT, host: config.HOST });
