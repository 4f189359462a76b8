import { bootstrapService, loadConfig } from '@gong-connector/platform';
import { AgentApiModule } from './agent-api.module.js';
import { AgentApiConfigSchema } from './config.js';

const config = loadConfig(AgentApiConfigSchema);
await bootstrapService(AgentApiModule.forRoot(config), { port: config.PORT, host: config.HOST });
