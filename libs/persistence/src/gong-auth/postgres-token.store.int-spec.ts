import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { GongClient, LocalPacer } from '@gong-connector/gong-client';
import { deferred, testDatabase, waitFor, type TestDatabase } from '@gong-connector/testing';
import { startGongSim, type GongSim } from '@gong-connector/testing/gong-sim';
import { Database } from '../database/database.js';
import { PostgresTokenStore } from './postgres-token.store.js';

const TOKEN_ENDPOINT = 'POST /oauth2/generate-customer-token';

/**
 * Two processes (two Databases, two OAuth clients) share one Gong OAuth grant through
 * PostgreSQL. Gong's refresh tokens are single-use: when both find the access token expired at
 * once, exactly one refresh may reach Gong, and the other process must adopt the pair it saved.
 */
describe('PostgresTokenStore: one Gong OAuth grant shared by several processes', () => {
  let db: TestDatabase;
  let second: Database;
  let sim: GongSim;
  const permits = new LocalPacer({ requestsPerSecond: 3, windowMs: 1_100 });

  /**
   * An OAuth Gong client of one "process". `holdTokenAnswer` keeps its token answer from it until
   * the promise resolves, so the other process certainly needs the grant while this one refreshes.
   */
  const client = (database: Database, hooks: { holdTokenAnswer?: () => Promise<unknown>; onTokenRequest?: () => void } = {}): GongClient =>
    new GongClient({
      baseUrl: sim.baseUrl,
      auth: { kind: 'oauth', clientId: sim.settings.oauthClientId, clientSecret: sim.settings.oauthClientSecret, oauthBaseUrl: sim.baseUrl, tokenStore: new PostgresTokenStore(database) },
      permits,
      priority: 'sync',
      fetch: async (input, init) => {
        const isToken = String(input).includes('/oauth2/');
        if (isToken) hooks.onTokenRequest?.();
        const res = await fetch(input, init);
        if (isToken) await hooks.holdTokenAnswer?.();
        return res;
      },
    });

  beforeAll(async () => {
    db = await testDatabase();
    second = await Database.open({ url: db.url, schema: db.schema, poolSize: 2 });
    sim = await startGongSim({ port: 0, seed: 'oauth-store', users: 16, accounts: 3, calls: 5, days: 5, workspaces: 1 });
  });

  afterAll(async () => {
    await sim?.close();
    await second?.close();
    await db?.close();
  });

  it('says what to configure when no grant is stored', async () => {
    await expect(new PostgresTokenStore(db.database, 'missing').load()).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
      message: expect.stringContaining('GONG_OAUTH_REFRESH_TOKEN'),
    });
  });

  it('seeds a grant once, keeps the rotated grant on later starts, and takes a newly configured one', async () => {
    const store = new PostgresTokenStore(db.database, 'seeded');
    await expect(store.seed({ accessToken: '', refreshToken: 'first', expiresAt: 0 })).resolves.toBe(true);
    await store.save({ accessToken: 'access-2', refreshToken: 'rotated', expiresAt: 1 });
    await expect(store.seed({ accessToken: '', refreshToken: 'first', expiresAt: 0 })).resolves.toBe(false);
    await expect(store.load()).resolves.toEqual({ accessToken: 'access-2', refreshToken: 'rotated', expiresAt: 1 });
    await expect(store.seed({ accessToken: '', refreshToken: 'authorized-again', expiresAt: 0 })).resolves.toBe(true);
    await expect(store.load()).resolves.toEqual({ accessToken: '', refreshToken: 'authorized-again', expiresAt: 0 });
  });

  it('refreshes an expired grant once when two processes need it at the same time, and both go on', async () => {
    const issued = sim.issueOAuthTokens();
    // Known expired on our side: the first request of each process refreshes it.
    await new PostgresTokenStore(db.database).seed({ accessToken: issued.access_token, refreshToken: issued.refresh_token, expiresAt: 0, apiBaseUrl: sim.baseUrl });
    // A refreshes; its answer is held until B either waits for the grant's lock (the store is
    // exclusive) or sends a token request of its own (it is not, and spends the used refresh token).
    const bAskedForToken = deferred();
    const bWaitsForLock = () =>
      waitFor(async () => {
        const [{ n }] = (await db.database.query(`SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted`)) as { n: number }[];
        return n > 0;
      }, 'the second process waiting for the grant lock');
    const a = client(db.database, { holdTokenAnswer: () => Promise.race([bAskedForToken.promise, bWaitsForLock()]) });
    const b = client(second, { onTokenRequest: () => bAskedForToken.resolve() });
    sim.resetStats();
    const [fromA, fromB, againB] = await Promise.all([a.listWorkspaces(), b.listWorkspaces(), b.listWorkspaces()]);
    expect([fromA.length, fromB.length, againB.length].every((n) => n > 0)).toBe(true);
    expect(sim.stats().byEndpoint[TOKEN_ENDPOINT]).toEqual({ '200': 1 });
    const stored = await new PostgresTokenStore(second).load();
    expect(stored.refreshToken).not.toBe(issued.refresh_token);
    expect(stored.accessToken).not.toBe(issued.access_token);
    const [{ version }] = (await db.database.query(`SELECT version FROM gong_oauth_grants WHERE name = 'default'`)) as { version: number }[];
    expect(version).toBe(2);
  });
});
