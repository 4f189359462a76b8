import { bootstrapService, loadConfig } from '@gong-connector/platform';
import { QuotaBrokerConfigSchema } from './config.js';
import { QuotaBrokerModule } from './quota-broker.module.js';

const config = loadConfig(QuotaBrokerConfigSchema);
await bootstrapService(QuotaBrokerModule.forRoot(config), { port: config.PORT, host: config.HOST });
