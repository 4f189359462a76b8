import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { LocalPacer } from '@gong-connector/gong-client';
import { testDatabase, type TestDatabase } from '@gong-connector/testing';
import { startGongSim, type GongSim } from '@gong-connector/testing/gong-sim';
import { z } from 'zod';
import { createLogger, loadConfig, type RpcClient } from '@gong-connector/platform';
import { Requests } from '@gong-connector/contracts';
import { createGongClient } from './gong-client.factory.js';
import { GongConnectionFields } from './gong-connection.fields.js';

/** A service's Gong client from its configuration, against gong-sim: API key, and the OAuth grant. */
describe('createGongClient', () => {
  let sim: GongSim;
  let db: TestDatabase;
  const logger = createLogger({ name: 'gong-client-factory-test', level: 'silent' });
  const permits = new LocalPacer({ requestsPerSecond: 3, windowMs: 1_100 });
  const config = (env: Record<string, string>) => loadConfig(z.object(GongConnectionFields), { GONG_BASE_URL: sim.baseUrl, GONG_PERMIT_SOURCE: 'local', ...env });

  beforeAll(async () => {
    sim = await startGongSim({ port: 0, seed: 'gong-client-factory', users: 16, accounts: 3, calls: 5, days: 5, workspaces: 1 });
    db = await testDatabase();
  });

  afterAll(async () => {
    await sim?.close();
    await db?.close();
  });

  it('asks the broker once for a permit wait named by priority, keeping its place in the queue (no re-ask at the back after 10 s)', async () => {
    const asked: { subject: string; deadline?: string }[] = [];
    const rpc = {
      request: async (contract: { subject: string }, payload: { deadline?: string }) => {
        asked.push({ subject: contract.subject, ...(payload.deadline ? { deadline: payload.deadline } : {}) });
        return contract.subject === Requests.quotaAcquire.subject ? { granted: true, permitId: `p-${asked.length}`, waitedMs: 0 } : { ok: true };
      },
    } as unknown as RpcClient; // the broker's side of NATS: what a permit request names is under test
    const gong = await createGongClient(config({ GONG_PERMIT_SOURCE: 'broker', GONG_ACCESS_KEY: sim.credentials.accessKey, GONG_ACCESS_KEY_SECRET: sim.credentials.accessKeySecret }), {
      requester: 'test',
      logger,
      rpc,
      priority: 'interactive',
      permitWaitMs: { interactive: 60_000 },
    });
    const before = Date.now();
    await expect(gong.listWorkspaces()).resolves.toHaveLength(1);
    const acquires = asked.filter((a) => a.subject === Requests.quotaAcquire.subject);
    expect(acquires).toHaveLength(1);
    expect(Date.parse(acquires[0]!.deadline!) - before).toBeGreaterThan(50_000);
  });

  it('calls Gong with the API key by default', async () => {
    const gong = await createGongClient(config({ GONG_ACCESS_KEY: sim.credentials.accessKey, GONG_ACCESS_KEY_SECRET: sim.credentials.accessKeySecret }), { requester: 'test', logger, permits });
    await expect(gong.withPriority('sync').listWorkspaces()).resolves.toHaveLength(1);
  });

  it('with GONG_AUTH=oauth, stores the configured grant, refreshes it and calls Gong with it', async () => {
    const issued = sim.issueOAuthTokens();
    const env = {
      GONG_AUTH: 'oauth',
      GONG_OAUTH_CLIENT_ID: sim.settings.oauthClientId,
      GONG_OAUTH_CLIENT_SECRET: sim.settings.oauthClientSecret,
      GONG_OAUTH_REFRESH_TOKEN: issued.refresh_token,
      GONG_OAUTH_BASE_URL: sim.baseUrl,
    };
    const gong = await createGongClient(config(env), { requester: 'test', logger, permits, database: db.database });
    await expect(gong.withPriority('sync').listWorkspaces()).resolves.toHaveLength(1);
    // A restart with the same configuration keeps the rotated grant (the configured token is spent).
    const again = await createGongClient(config(env), { requester: 'test', logger, permits, database: db.database });
    await expect(again.withPriority('sync').listWorkspaces()).resolves.toHaveLength(1);
    expect(sim.stats().byEndpoint['POST /oauth2/generate-customer-token']).toEqual({ '200': 1 });
  });

  it('names what OAuth is missing', async () => {
    await expect(createGongClient(config({ GONG_AUTH: 'oauth' }), { requester: 'test', logger, permits, database: db.database })).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
      message: expect.stringContaining('GONG_OAUTH_CLIENT_ID and GONG_OAUTH_CLIENT_SECRET'),
    });
    await expect(
      createGongClient(config({ GONG_AUTH: 'oauth', GONG_OAUTH_CLIENT_ID: 'id', GONG_OAUTH_CLIENT_SECRET: 'secret' }), { requester: 'test', logger, permits }),
    ).rejects.toMatchObject({ code: 'CONFIG_INVALID', message: expect.stringContaining('PostgreSQL') });
  });
});
