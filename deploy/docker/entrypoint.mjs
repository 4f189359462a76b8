// Starts the service named by $SERVICE (one image, every service); SERVICE=migrate runs the
// pending PostgreSQL migrations once and exits (Kubernetes' migration job).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';

const service = process.env.SERVICE ?? '';
const main = service === 'migrate' ? 'libs/platform/src/migrate/migrate.cli.ts' : `apps/${service}/src/main.ts`;
if (!/^[a-z-]+$/.test(service) || !existsSync(main)) {
  console.error(`SERVICE must name a service under apps/ or be migrate (got "${service}")`);
  process.exit(64);
}
const child = spawn(process.execPath, ['--import', '@swc-node/register/esm-register', main, ...process.argv.slice(2)], {
  stdio: 'inherit',
});
for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 128 : 1)));
