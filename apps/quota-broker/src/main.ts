import { bootstrapService, loadConfig, startTracing } from '@gong-connector/platform';
import { QuotaBrokerConfigSchema } from './config.js';
import { QuotaBrokerModule } from './quota-broker.module.js';

const config = loadConfig(QuotaBrokerConfigSchema);
// Before the service boots, so every span of its start-up and work is exported (off unless OTEL_EXPORTER_OTLP_ENDPOINT is set).
startTracing(config, 'quota-broker');
await bootstrapService(QuotaBrokerModule.forRoot(config), { port: config.PORT, host: config.HOST });
