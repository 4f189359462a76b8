import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { dropSchema } from '@gong-connector/persistence';
import { PrivateNatsServer } from '../private-nats.server.js';
import { testDatabase, type TestDatabase } from '../test-database.js';
import { testServices } from '../test-services.js';
import { uniqueName } from '../unique-name.js';
import { freePort, startServiceProcess, workspaceRoot, type ServiceProcess } from './service-process.js';

// What the image runs: the JavaScript `npm run build` compiled into dist/, started through the
// image's entrypoint. .ci/run builds before the tests; run alone, this file builds dist/ when it is
// missing (an existing dist/ is used as it is: rebuild after changing sources).
const entrypoint = join(workspaceRoot, 'deploy', 'docker', 'entrypoint.mjs');
const runEntrypoint = (env: Record<string, string>) =>
  spawnSync(process.execPath, [entrypoint], {
    cwd: '/',
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'production', ...env },
    encoding: 'utf8',
    timeout: 120_000,
  });

beforeAll(() => {
  if (!existsSync(join(workspaceRoot, 'dist', 'apps', 'quota-broker', 'src', 'main.js'))) {
    const built = spawnSync(process.execPath, [join(workspaceRoot, 'libs', 'testing', 'bin', 'build.mjs')], { cwd: workspaceRoot, encoding: 'utf8' });
    expect([built.status, built.stderr]).toEqual([0, expect.any(String)]);
  }
}, 600_000);

describe('a compiled service', () => {
  let nats: PrivateNatsServer;
  let db: TestDatabase;
  let service: ServiceProcess | undefined;

  beforeAll(async () => {
    nats = await PrivateNatsServer.start();
    db = await testDatabase();
  });

  afterAll(async () => {
    await service?.stop();
    await db?.close();
    await nats?.stop();
  });

  it('starts from dist/ and answers /health/ready as the TypeScript one does', async () => {
    const port = await freePort();
    const suffix = uniqueName('c');
    service = await startServiceProcess(
      'quota-broker',
      {
        HOST: '127.0.0.1',
        PORT: String(port),
        LOG_LEVEL: 'warn',
        NATS_URL: nats.url,
        DATABASE_URL: db.url,
        DATABASE_SCHEMA: db.schema,
        QUOTA_LEASE_NAME: `quota-broker-${suffix}`,
        QUOTA_BUDGET_NAME: `gong-${suffix}`,
      },
      { port, runtime: 'compiled', readyPath: '/health/ready', timeoutMs: 120_000 },
    );
    const res = await fetch(`${service.url}/health/ready`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      status: 'ready',
      dependencies: { nats: { status: 'up' }, postgres: { status: 'up' }, leadership: { status: 'up' } },
    });
    await service.stop();
    service = undefined;
  });
});

describe("the image's entrypoint", () => {
  it('runs the compiled migrations with SERVICE=migrate, then finds nothing pending', async () => {
    const url = testServices().databaseUrl;
    const schema = uniqueName('m');
    try {
      const first = runEntrypoint({ SERVICE: 'migrate', DATABASE_URL: url, DATABASE_SCHEMA: schema });
      expect([first.status, first.stdout]).toEqual([0, expect.stringMatching(/^ran \d+ migration\(s\): /)]);
      const second = runEntrypoint({ SERVICE: 'migrate', DATABASE_URL: url, DATABASE_SCHEMA: schema });
      expect([second.status, second.stdout]).toEqual([0, expect.stringContaining('no migration pending')]);
    } finally {
      await dropSchema(url, schema);
    }
  });

  it('refuses a SERVICE that names nothing it can run, saying what it accepts', () => {
    const result = runEntrypoint({ SERVICE: '../../etc' });
    expect(result.status).toBe(64);
    expect(result.stderr).toContain('SERVICE must name a service under apps/, migrate or admin');
  });
});
