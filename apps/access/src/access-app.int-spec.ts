import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { AppError, ErrorCode, Events, Requests, type AccessChangedV1 } from '@gong-connector/contracts';
import type { GongClient } from '@gong-connector/gong-client';
import { bootstrapService, createLogger, EventPublisher, loadConfig, NatsClient, RpcClient, type ServiceHandle } from '@gong-connector/platform';
import { CallWriteRepository } from '@gong-connector/persistence';
import { CallRecordMapper } from '@gong-connector/replica';
import { deferred, PrivateNatsServer, testDatabase, testServices, within, type TestDatabase } from '@gong-connector/testing';
import { startGongSim, type GongSim } from '@gong-connector/testing/gong-sim';
import { randomBytes } from 'node:crypto';
import { simGongClient } from '../test/access-harness.js';
import { expectedVisibleCalls } from '../test/ground-truth-visibility.js';
import { fetchSimCalls } from '../test/sim-calls.js';
import { AccessAppModule } from './access-app.module.js';
import { AccessConfigSchema } from './config.js';

/**
 * The access service as it runs: Nest on Fastify, PostgreSQL, NATS request/reply and JetStream,
 * against gong-sim. It runs on a NATS server of its own (PrivateNatsServer), so no other access
 * instance (a whole-stack test's) can answer its access.filter.v1 requests.
 */
describe('the access service (HTTP, access.filter.v1, ingest.call.fetched.v1, access.users.changed.v1)', () => {
  const token = randomBytes(24).toString('hex');
  let db: TestDatabase;
  let sim: GongSim;
  let gong: GongClient;
  let service: ServiceHandle;
  let rpc: RpcClient;
  let nats: NatsClient;
  let privateNats: PrivateNatsServer;

  const admin = (path: string, init: RequestInit & { auth?: string } = {}): Promise<Response> =>
    fetch(`${service.url}${path}`, {
      ...init,
      headers: {
        ...(init.body ? { 'content-type': 'application/json' } : {}),
        ...(init.auth === undefined ? {} : { authorization: init.auth }),
      },
    });

  beforeAll(async () => {
    db = await testDatabase();
    sim = await startGongSim({ port: 0, seed: 'access-app', users: 40, calls: 60, workspaces: 2, ratePerSecond: 30 });
    gong = simGongClient(sim, 10);
    const { records } = await fetchSimCalls(gong, sim.groundTruth());
    await new CallWriteRepository(db.database).upsertCalls(records, 'backfill');
    privateNats = await PrivateNatsServer.start();
    const natsUrl = privateNats.url;
    const { databaseUrl } = testServices();
    const config = loadConfig(AccessConfigSchema, {
      DATABASE_URL: databaseUrl,
      DATABASE_SCHEMA: db.schema,
      NATS_URL: natsUrl,
      GONG_BASE_URL: sim.baseUrl,
      GONG_ACCESS_KEY: sim.credentials.accessKey,
      GONG_ACCESS_KEY_SECRET: sim.credentials.accessKeySecret,
      GONG_PERMIT_SOURCE: 'local',
      GONG_LOCAL_RATE_PER_SECOND: '15',
      ACCESS_ADMIN_TOKEN: token,
      ACCESS_SYNC_INTERVAL_MS: '0',
      ACCESS_RELOAD_INTERVAL_MS: '0',
      ACCESS_SWEEP_INTERVAL_MS: '0',
      ACCESS_BATCH_MAX_WAIT_MS: '50',
    });
    service = await bootstrapService(
      AccessAppModule.forRoot(config, { logger: createLogger({ name: 'access-test', level: 'silent' }) }),
      { port: 0, host: '127.0.0.1', handleSignals: false },
    );
    rpc = service.app.get(RpcClient);
    nats = service.app.get(NatsClient);
  }, 60_000);

  afterAll(async () => {
    await service?.shutdown();
    await privateNats?.stop();
    await sim?.close();
    await db?.close();
  });

  it('is live and ready, and refuses filters with ACCESS_STALE until the first sync', async () => {
    expect((await fetch(`${service.url}/health/ready`)).status).toBe(200);
    const refusal = rpc.request(Requests.accessFilter, { userId: sim.groundTruth().users[0]!.id });
    await expect(refusal).rejects.toBeInstanceOf(AppError);
    await expect(refusal).rejects.toMatchObject({ code: ErrorCode.ACCESS_STALE, message: expect.stringContaining('POST /admin/sync') });
  });

  it('guards the admin endpoints with the admin token', async () => {
    const none = await admin('/admin/sync', { method: 'POST' });
    expect(none.status).toBe(401);
    await expect(none.json()).resolves.toMatchObject({ error: { code: ErrorCode.UNAUTHENTICATED } });
    expect(none.headers.get('www-authenticate')).toBe('Bearer realm="admin"');
    expect((await admin('/admin/sync', { method: 'POST', auth: `Bearer ${token}x` })).status).toBe(401);
    expect((await admin('/admin/status', { auth: `Basic ${token}` })).status).toBe(401);
    const bad = await admin('/admin/sync', { method: 'POST', auth: `Bearer ${token}`, body: JSON.stringify({ force: 'yes' }) });
    expect(bad.status).toBe(400);
  });

  it('syncs on POST /admin/sync, then answers access.filter.v1 by user id and by email', async () => {
    const res = await admin('/admin/sync', { method: 'POST', auth: `Bearer ${token}`, body: JSON.stringify({ sweep: true }) });
    expect(res.status).toBe(200);
    const truth = sim.groundTruth();
    const body = (await res.json()) as { directory: { users: number }; profiles: { profiles: number }; usersAccess: { checked: number } };
    expect(body.directory.users).toBe(truth.users.filter((u) => !u.isAvatar).length);
    expect(body.profiles.profiles).toBe(truth.profiles.length);
    expect(body.usersAccess.checked).toBe(truth.calls!.length);

    const status = await admin('/admin/status', { auth: `Bearer ${token}` });
    await expect(status.json()).resolves.toMatchObject({ users: body.directory.users, uncheckedCalls: 0, ageMs: expect.any(Number) });

    const manager = truth.users.find((u) => u.role === 'manager' && u.active)!;
    const byId = await rpc.request(Requests.accessFilter, { userId: manager.id });
    expect(byId.user).toMatchObject({ id: manager.id, email: manager.emailAddress, active: true });
    expect(byId.filter.userId).toBe(manager.id);
    expect(byId.ageMs).toBeGreaterThanOrEqual(0);
    const byEmail = await rpc.request(Requests.accessFilter, { email: manager.emailAddress.toUpperCase() });
    expect(byEmail.filter).toEqual(byId.filter);

    const unknown = await rpc.request(Requests.accessFilter, { email: 'nobody@nowhere.example' });
    expect(unknown.user).toBeNull();
    expect(unknown.filter).toMatchObject({ ownUserId: null, allWorkspaceIds: [], hostUserIdsByWorkspace: [], grantedCallIds: [] });
    await expect(rpc.request(Requests.accessFilter, { userId: 'not-an-id' } as never)).rejects.toMatchObject({ code: ErrorCode.VALIDATION_FAILED });
  });

  it('looks up users-access for a call ingest announces and publishes who may now see it', async () => {
    const truth = sim.groundTruth();
    const { call } = sim.completeCall({ isPrivate: false });
    const after = sim.groundTruth();
    const expected = expectedVisibleCalls(after);
    const viewer = after.users.find((u) => u.active && !u.isAvatar && !expected.get(u.id)!.has(call.id))!;
    expect(truth.users.length).toBe(after.users.length);
    const put = await fetch(`${sim.baseUrl}/v2/calls/users-access`, {
      method: 'PUT',
      headers: { authorization: sim.credentials.basicAuthorization, 'content-type': 'application/json' },
      body: JSON.stringify({ callAccessList: [{ callId: call.id, userIds: [viewer.id] }] }),
    });
    expect(put.status).toBe(200);
    // What ingest does: store the call, then announce it.
    for await (const page of gong.withPriority('post-call').extensiveForCalls([call.id], { exposedFields: { parties: true } })) {
      await new CallWriteRepository(db.database).upsertCalls(page.items.map((c) => CallRecordMapper.toCallRecord(c)), 'webhook');
    }

    const changed = deferred<AccessChangedV1>();
    const sub = nats.nc.subscribe(Events.accessChanged.subject);
    void (async () => {
      for await (const m of sub) {
        const event = Events.accessChanged.schema.parse(m.json());
        if (event.userIds.includes(viewer.id)) changed.resolve(event);
      }
    })();
    await nats.nc.flush();
    await service.app.get(EventPublisher).publish(Events.callFetched, {
      callId: call.id,
      workspaceId: call.workspaceId,
      source: 'webhook',
      hasTranscript: false,
      storedAt: new Date().toISOString(),
    });
    const event = await within(changed.promise, 15_000, `access.users.changed.v1 naming ${viewer.id}`);
    sub.unsubscribe();
    expect(event).toMatchObject({ allUsers: false, userIds: [viewer.id] });
    const reply = await rpc.request(Requests.accessFilter, { userId: viewer.id });
    expect(reply.filter.grantedCallIds).toContain(call.id);
  });

  it('serves its metrics', async () => {
    // A second request for the same user is a cache hit.
    const someone = sim.groundTruth().users.find((u) => u.active)!;
    await rpc.request(Requests.accessFilter, { userId: someone.id });
    await rpc.request(Requests.accessFilter, { userId: someone.id });
    const text = await (await fetch(`${service.url}/metrics`)).text();
    expect(text).toMatch(/access_sync_age_seconds\{part="directory",service="access"\} \d/);
    expect(text).toMatch(/access_sync_age_seconds\{part="profiles",service="access"\} \d/);
    expect(text).toMatch(/access_users_by_level\{level="all",service="access"\} [1-9]/);
    expect(text).toMatch(/access_users_by_level\{level="own",service="access"\} [1-9]/);
    expect(text).toMatch(/access_filter_computations_total\{service="access"\} [1-9]/);
    expect(text).toMatch(/access_filter_cache_hits_total\{service="access"\} [1-9]/);
    expect(text).toMatch(/access_stale_refusals_total\{service="access"\} 1/);
    expect(text).toMatch(/access_gong_requests_total\{endpoint="POST \/v2\/calls\/users-access",status="200",service="access"\} [1-9]/);
  });
});
