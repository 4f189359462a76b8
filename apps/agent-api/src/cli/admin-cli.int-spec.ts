import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { join } from 'node:path';
import pg from 'pg';
import { testDatabase, testServices, uniqueName, type TestDatabase } from '@gong-connector/testing';
import { workspaceRoot } from '@gong-connector/testing/gong-sim';

/** `npm run admin -- ...` as a user runs it, in its own process. */
async function admin(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', '@swc-node/register/esm-register', join('apps', 'agent-api', 'src', 'cli', 'admin-main.ts'), ...args], {
    cwd: workspaceRoot,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, stdout, stderr };
}

async function unusedPort(): Promise<number> {
  const s = createServer();
  s.listen(0, '127.0.0.1');
  await once(s, 'listening');
  const port = (s.address() as { port: number }).port;
  s.close();
  await once(s, 'close');
  return port;
}

describe('npm run admin: never creates tables, and says what to set', () => {
  const url = testServices().databaseUrl;
  let client: pg.Client;
  let migrated: TestDatabase;
  beforeAll(async () => {
    client = new pg.Client({ connectionString: url });
    await client.connect();
    migrated = await testDatabase();
  });
  afterAll(async () => {
    await migrated?.close();
    await client?.end();
  });

  const tablesIn = async (schema: string): Promise<number> =>
    Number((await client.query<{ n: string }>('SELECT count(*) AS n FROM information_schema.tables WHERE table_schema = $1', [schema])).rows[0]!.n);

  it('refuses a schema that does not exist, and creates nothing', async () => {
    const schema = uniqueName('cli_none');
    const r = await admin(['tokens', 'create', '--user', 'jane@example.com'], { DATABASE_URL: url, DATABASE_SCHEMA: schema });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('never creates tables');
    expect(r.stderr).toContain('DATABASE_URL');
    expect(r.stderr).toContain('DATABASE_SCHEMA');
    expect(r.stderr).toContain(schema);
    expect(r.stdout).toBe('');
    const exists = await client.query('SELECT 1 FROM information_schema.schemata WHERE schema_name = $1', [schema]);
    expect(exists.rowCount).toBe(0);
  }, 120_000);

  it('refuses an empty (unmigrated) schema, and leaves it empty', async () => {
    const schema = uniqueName('cli_empty');
    await client.query(`CREATE SCHEMA "${schema}"`);
    try {
      const r = await admin(['tokens', 'list'], { DATABASE_URL: url, DATABASE_SCHEMA: schema });
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/lacks \d+ of the connector's migrations/);
      expect(r.stderr).toContain('DATABASE_SCHEMA');
      await expect(tablesIn(schema)).resolves.toBe(0);
    } finally {
      await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    }
  }, 120_000);

  it('an unreachable database is one line naming the URL (password masked) and how to set it', async () => {
    const port = await unusedPort();
    const r = await admin(['tokens', 'list'], { DATABASE_URL: `postgres://postgres:s3cret-pw@127.0.0.1:${port}/test`, DATABASE_SCHEMA: 'x' });
    expect(r.code).not.toBe(0);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(`postgres://postgres:***@127.0.0.1:${port}/test`);
    expect(r.stderr).toContain('DATABASE_URL');
    expect(r.stderr).not.toContain('s3cret-pw');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  }, 120_000);

  it('works on a migrated schema: creates a token, explains an unknown call with a clear message', async () => {
    const env = { DATABASE_URL: url, DATABASE_SCHEMA: migrated.schema };
    const created = await admin(['tokens', 'create', '--service', '--name', 'cli test'], env);
    expect({ code: created.code, stderr: created.code === 0 ? '' : created.stderr }).toEqual({ code: 0, stderr: '' });
    expect(created.stdout.trim().split('\n').at(-1)!.length).toBeGreaterThan(20);
    const explained = await admin(['explain', '--user', 'jane@example.com', '--call', '123456789'], env);
    expect(explained.code).toBe(1);
    expect(explained.stderr).toContain('No call 123456789 in the replica');
    const badCall = await admin(['explain', '--user', 'jane@example.com', '--call', 'abc'], env);
    expect(badCall.code).toBe(2);
    expect(badCall.stderr).toContain('--call must be a numeric Gong call id');
  }, 180_000);
});
