// Jest global setup for every project (plain .mjs: Jest loads it outside its module system).
// Services come from testcontainers when a container runtime exists, otherwise from DATABASE_URL /
// NATS_URL (defaulting to 127.0.0.1). TEST_SERVICES=auto|containers|env forces a mode.
const DEFAULTS = {
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test',
  NATS_URL: 'nats://127.0.0.1:4222',
};

async function containerRuntimeAvailable() {
  try {
    const { getContainerRuntimeClient } = await import('testcontainers');
    await getContainerRuntimeClient();
    return true;
  } catch {
    return false;
  }
}

export default async function globalSetup() {
  const mode = process.env.TEST_SERVICES ?? 'auto';
  if (mode === 'env') return; // already resolved (another project's setup ran first) or forced
  const explicit = Boolean(process.env.DATABASE_URL && process.env.NATS_URL);
  const runtime = mode === 'containers' || (!explicit && (await containerRuntimeAvailable()));
  if (mode === 'containers' && !(await containerRuntimeAvailable())) {
    throw new Error('TEST_SERVICES=containers but no container runtime was found (is Docker running?)');
  }
  if (runtime) {
    const { GenericContainer, Wait } = await import('testcontainers');
    const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
    const [pg, nats] = await Promise.all([
      new PostgreSqlContainer('postgres:15-alpine').withDatabase('test').start(),
      new GenericContainer('nats:2.10-alpine')
        .withCommand(['-js'])
        .withExposedPorts(4222)
        .withWaitStrategy(Wait.forLogMessage(/Server is ready/))
        .start(),
    ]);
    process.env.DATABASE_URL = pg.getConnectionUri();
    process.env.NATS_URL = `nats://${nats.getHost()}:${nats.getMappedPort(4222)}`;
    globalThis.__GC_TEST_CONTAINERS__ = [pg, nats];
  } else {
    process.env.DATABASE_URL ??= DEFAULTS.DATABASE_URL;
    process.env.NATS_URL ??= DEFAULTS.NATS_URL;
  }
  // Workers are forked after this and must not start containers again.
  process.env.TEST_SERVICES = 'env';
}
