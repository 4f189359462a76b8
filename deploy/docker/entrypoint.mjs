// Starts the service named by $SERVICE (one image, every service); SERVICE=migrate runs the
// pending PostgreSQL migrations once and exits (Kubernetes' migration job); SERVICE=admin runs the
// admin CLI with the container's arguments (`docker run -e SERVICE=admin ... tokens list`).
// The image runs the JavaScript `npm run build` compiled into dist/, in this process (signals reach
// the service directly). Outside the image, when dist/ is absent, it falls back to running the
// TypeScript through @swc-node/register, as `npm run sim` and the tests do.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const service = process.env.SERVICE ?? '';
const CLIS = { migrate: 'libs/platform/src/migrate/migrate.cli', admin: 'apps/agent-api/src/cli/admin-main' };
const source = CLIS[service] ?? `apps/${service}/src/main`;
const compiled = join(root, 'dist', `${source}.js`);
const typescript = join(root, `${source}.ts`);
if (!/^[a-z-]+$/.test(service) || !(existsSync(compiled) || existsSync(typescript))) {
  console.error(`SERVICE must name a service under apps/, migrate or admin (got "${service}")`);
  process.exit(64);
}
if (existsSync(compiled)) {
  await import(pathToFileURL(compiled).href);
} else {
  const child = spawn(process.execPath, ['--import', '@swc-node/register/esm-register', typescript, ...process.argv.slice(2)], {
    cwd: root,
    stdio: 'inherit',
  });
  for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 128 : 1)));
}
