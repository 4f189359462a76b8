import { bootstrapService, loadConfig, startTracing } from '@gong-connector/platform';
import { AgentApiModule } from './agent-api.module.js';
import { AgentApiConfigSchema } from './config.js';

const config = loadConfig(AgentApiConfigSchema);
// Before the service boots, so every span of its start-up and work is exported (off unless OTEL_EXPORTER_OTLP_ENDPOINT is set).
startTracing(config, 'agent-api');
await bootstrapService(AgentApiModule.forRoot(config), { port: config.PORT, host: config.HOST });
