import { bootstrapService, loadConfig, startTracing } from '@gong-connector/platform';
import { AccessAppModule } from './access-app.module.js';
import { AccessConfigSchema } from './config.js';

const config = loadConfig(AccessConfigSchema);
// Before the service boots, so every span of its start-up and work is exported (off unless OTEL_EXPORTER_OTLP_ENDPOINT is set).
startTracing(config, 'access');
await bootstrapService(AccessAppModule.forRoot(config), { port: config.PORT, host: config.HOST, shutdownGraceMs: 2_000 });
