import { bootstrapService, loadConfig } from '@gong-connector/platform';
import { TranscriptProcessorConfigSchema } from './config.js';
import { TranscriptProcessorModule } from './transcript-processor.module.js';

const config = loadConfig(TranscriptProcessorConfigSchema);
await bootstrapService(TranscriptProcessorModule.forRoot(config), { port: config.PORT, host: config.HOST });
