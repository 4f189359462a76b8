import { bootstrapService, loadConfig } from '@gong-connector/platform';
import { AccessAppModule } from './access-app.module.js';
import { AccessConfigSchema } from './config.js';

const config = loadConfig(AccessConfigSchema);
await bootstrapService(AccessAppModule.forRoot(config), { port: config.PORT, host: config.HOST, shutdownGraceMs: 2_000 });
