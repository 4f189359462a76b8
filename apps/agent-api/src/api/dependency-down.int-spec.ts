import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Database } from '@gong-connector/persistence';
import { waitFor } from '@gong-connector/testing';
import { USERS, startAgentApi, type AgentApiTestApp } from '../../test/agent-api.fixture.js';

/** A local port nothing listens on: bound, read, released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * PostgreSQL going down under a running agent API: the pool's connections are terminated by the
 * server and new ones are refused. Every request that needs the database answers 503
 * DEPENDENCY_UNAVAILABLE naming PostgreSQL, with Retry-After, never 500; it recovers when it is back.
 */
describe('agent API while PostgreSQL is down', () => {
  let app: AgentApiTestApp;
  let token: string;

  beforeAll(async () => {
    app = await startAgentApi();
    token = await app.token({ user: USERS.manager.email });
  });

  afterAll(async () => {
    await app?.close();
  });

  const get = (path: string) => fetch(`${app.service.url}${path}`, { headers: { authorization: `Bearer ${token}` } });

  it('answers 503 with Retry-After and the dependency named, then recovers', async () => {
    await expect(get('/v1/calls?limit=1').then((r) => r.status)).resolves.toBe(200);
    const pool = app.service.app.get(Database).pgPool as unknown as { options: { port?: number; connectionString?: string }; _clients: { processID: number | null }[] };
    const real = { ...pool.options };
    // "Down": new connections are refused, and the server ends the ones the pool holds.
    const port = await closedPort();
    pool.options.port = port;
    if (real.connectionString) pool.options.connectionString = real.connectionString.replace(/:(\d+)\//, `:${port}/`).replace(/@([^/:]+)\//, `@$1:${port}/`);
    // Only this app's own backends (the database is shared with other tests). A client still
    // connecting (no process id yet) was started before the redirect and would reach the server
    // after the termination: wait until every client has one (those started since fail at once).
    await waitFor(() => pool._clients.every((c) => typeof c.processID === 'number'), 'no client of the pool still connecting');
    const pids = pool._clients.map((c) => c.processID).filter((pid): pid is number => typeof pid === 'number');
    expect(pids.length).toBeGreaterThan(0);
    await app.db.database.query('SELECT pg_terminate_backend(pid) FROM unnest($1::int[]) AS pid', [pids]);
    // pg_terminate_backend only signals: wait until the server has ended them.
    await waitFor(async () => {
      const [row] = (await app.db.database.query('SELECT count(*)::int AS n FROM pg_stat_activity WHERE pid = ANY($1::int[])', [pids])) as { n: number }[];
      return row!.n === 0;
    }, "the app's backends ended");
    try {
      for (const path of ['/v1/calls?limit=1', '/v1/search?q=pricing', '/v1/accounts?q=acme', '/v1/calls/7000000000000000001', '/v1/trackers']) {
        const res = await get(path);
        const body = (await res.json()) as { error?: { code: string; message: string; details: { path: string; message: string }[] } };
        expect({ path, status: res.status }).toEqual({ path, status: 503 });
        expect(res.headers.get('retry-after')).toMatch(/^[1-9]\d*$/);
        expect(body.error).toMatchObject({ code: 'DEPENDENCY_UNAVAILABLE', message: expect.stringContaining('PostgreSQL'), details: [{ path: 'dependency', message: 'postgres' }] });
      }
    } finally {
      pool.options.port = real.port;
      pool.options.connectionString = real.connectionString;
    }
    await expect(get('/v1/calls?limit=1').then((r) => r.status)).resolves.toBe(200);
    expect(app.logs.lines.filter((l) => l.includes('"unhandled error"'))).toEqual([]);
  });
});
