// Jest global setup for every project (plain .mjs: Jest loads it outside its module system).
// PostgreSQL comes from testcontainers when a container runtime exists, otherwise from DATABASE_URL
// (defaulting to 127.0.0.1). TEST_SERVICES=auto|containers|env forces a mode. NATS is not shared:
// each test file that needs it starts a nats-server of its own (PrivateNatsServer), so the binary
// must be installed; that is checked here, once, with a message a person can act on.
import { spawnSync } from 'node:child_process';
import { containerRuntimeAvailable } from '../bin/local-services.mjs';

const DEFAULTS = {
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test',
};


function requireNatsServer() {
  const probe = spawnSync('nats-server', ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    throw new Error(
      'nats-server was not found on the PATH. Tests start a NATS server with JetStream of their own for each test file, ' +
        'so none sees another run’s events: install it (Debian/Ubuntu: apt-get install nats-server).',
    );
  }
}

export default async function globalSetup() {
  const mode = process.env.TEST_SERVICES ?? 'auto';
  if (mode === 'env') return; // already resolved (another project's setup ran first) or forced
  requireNatsServer();
  const explicit = Boolean(process.env.DATABASE_URL);
  const runtime = mode === 'containers' || (!explicit && (await containerRuntimeAvailable()));
  if (mode === 'containers' && !(await containerRuntimeAvailable())) {
    throw new Error('TEST_SERVICES=containers but no container runtime was found (is Docker running?)');
  }
  if (runtime) {
    const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
    const pg = await new PostgreSqlContainer('postgres:15-alpine').withDatabase('test').start();
    process.env.DATABASE_URL = pg.getConnectionUri();
    globalThis.__GC_TEST_CONTAINERS__ = [pg];
  } else {
    process.env.DATABASE_URL ??= DEFAULTS.DATABASE_URL;
  }
  // Workers are forked after this and must not start containers again.
  process.env.TEST_SERVICES = 'env';
}
