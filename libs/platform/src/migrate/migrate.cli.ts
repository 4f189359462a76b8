import { migrateDatabase } from '@gong-connector/persistence';
import { z } from 'zod';
import { ConfigFields } from '../config/config-fields.js';
import { loadConfig } from '../config/load-config.js';

// `npm run migrate` (or the image with SERVICE=migrate, Kubernetes' migration job): runs the pending
// PostgreSQL migrations once, under the advisory lock, and exits. Services started with
// DATABASE_MIGRATIONS=verify then only check that nothing is pending.
const MigrateConfigSchema = z.object({
  DATABASE_URL: ConfigFields.databaseUrl(),
  DATABASE_SCHEMA: ConfigFields.databaseSchema(),
});

const config = loadConfig(MigrateConfigSchema);
try {
  const ran = await migrateDatabase({
    url: config.DATABASE_URL,
    ...(config.DATABASE_SCHEMA ? { schema: config.DATABASE_SCHEMA } : {}),
    applicationName: 'gong-connector-migrate',
  });
  console.log(ran.length ? `ran ${ran.length} migration(s): ${ran.join(', ')}` : 'the database is up to date: no migration pending');
} catch (error) {
  console.error(`migration failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
