import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CallFetchedV1Schema, Events, type CallFetchedV1 } from '@gong-connector/contracts';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { GongClient, LocalPacer } from '@gong-connector/gong-client';
import { AccessRepository, CallReadRepository } from '@gong-connector/persistence';
import { DirectorySync } from '@gong-connector/replica';
import { Arrivals, PrivateNatsServer, within, type TestDatabase } from '@gong-connector/testing';
import { permissionProfilesOf, startGongSim, type CompanyGroundTruth, type GongSim } from '@gong-connector/testing/gong-sim';
import { startAgentApi, startReplica, type AgentApiTestApp } from '../../test/agent-api.fixture.js';

type TruthCall = NonNullable<CompanyGroundTruth['calls']>[number];

/**
 * The live fallback against gong-sim: a call that is not replicated yet is fetched from Gong at
 * interactive priority, stored with its transcript, checked with the user's access rules and
 * served; the next ask costs nothing; a call the user may not see is a 404 like a missing one; an
 * id Gong does not know is asked once, then answered from the miss cache.
 */
describe('agent-api live fallback (gong-sim)', () => {
  let sim: GongSim;
  let app: AgentApiTestApp;
  let truth: CompanyGroundTruth;
  let target: TruthCall;
  let hostToken: string;
  let outsiderToken: string;
  let natsServer: PrivateNatsServer;
  let nats: NatsConnection;
  /** Post-call announcements seen on NATS, by call id. */
  const announced = new Arrivals<CallFetchedV1>((e) => e.callId);
  const gongRequests = () => sim.stats().total;
  // One pacer for every Gong request of the test, as the quota broker is one gate in production.
  const permits = new LocalPacer({ requestsPerSecond: 3, windowMs: 1_100 });
  const get = (path: string, token: string) => fetch(`${app.service.url}${path}`, { headers: { authorization: `Bearer ${token}` } });

  /** The directory through the real sync; permission profiles as the simulated company holds them. */
  const seedFromSim = async (db: TestDatabase): Promise<void> => {
    const gong = new GongClient({ baseUrl: sim.baseUrl, auth: { kind: 'basic', ...sim.credentials }, permits });
    await new DirectorySync(db.database, gong).run({ force: true });
    await new AccessRepository(db.database).replaceAllProfiles(permissionProfilesOf(truth), new Date());
  };

  beforeAll(async () => {
    natsServer = await PrivateNatsServer.start();
    nats = await connect({ servers: natsServer.url });
    const sub = nats.subscribe(Events.postCallFetched.subject);
    void (async () => {
      for await (const m of sub) {
        const event = CallFetchedV1Schema.safeParse(m.json());
        if (event.success) announced.add(event.data);
      }
    })();
    sim = await startGongSim({ port: 0, seed: 'live-fallback-int', users: 16, accounts: 6, calls: 40, days: 20, transcriptDelayMs: 0 });
    truth = sim.groundTruth({ includeCalls: true });
    const ownLevel = (userId: string, workspaceId: string) =>
      truth.profileAssignments.find((a) => a.userId === userId && a.workspaceId === workspaceId)?.callsAccessLevel;
    const shared = new Set(truth.usersAccess.flatMap((g) => g.userIds.map((u) => `${g.callId}:${u}`)));
    // A public call, and a user of its workspace who may see only their own calls and is not on it.
    const pick = truth.calls!.flatMap((call) => {
      if (call.isPrivate) return [];
      const outsider = truth.users.find(
        (u) =>
          u.active &&
          !u.isAvatar &&
          u.workspaceId === call.workspaceId &&
          ownLevel(u.id, call.workspaceId) === 'own' &&
          u.id !== call.primaryUserId &&
          !call.participantUserIds.includes(u.id) &&
          !shared.has(`${call.id}:${u.id}`),
      );
      const host = truth.users.find((u) => u.id === call.primaryUserId && u.active);
      return outsider && host ? [{ call, outsider, host }] : [];
    })[0];
    expect(pick).toBeDefined();
    target = pick!.call;
    app = await startAgentApi(
      {
        AGENT_API_LIVE_FALLBACK: 'true',
        AGENT_API_LIVE_MISS_CACHE_MS: '600000',
        GONG_BASE_URL: sim.baseUrl,
        GONG_ACCESS_KEY: sim.credentials.accessKey,
        GONG_ACCESS_KEY_SECRET: sim.credentials.accessKeySecret,
        GONG_PERMIT_SOURCE: 'local',
        GONG_LOCAL_RATE_PER_SECOND: '3',
      },
      { seed: seedFromSim, liveCallSource: undefined, permits, natsUrl: natsServer.url },
    );
    hostToken = await app.token({ user: pick!.host.emailAddress });
    outsiderToken = await app.token({ user: pick!.outsider.emailAddress });
  }, 60_000);

  afterAll(async () => {
    await nats?.close();
    await app?.close();
    await sim?.close();
    await natsServer?.stop();
  });

  it('fetches a call that is not replicated from Gong, stores it with its transcript, and serves it', async () => {
    const calls = new CallReadRepository(app.db.database);
    await expect(calls.getCall(target.id)).resolves.toBeUndefined();
    const before = gongRequests();
    const res = await get(`/v1/calls/${target.id}`, hostToken);
    expect([res.status, res.status === 200 ? '' : await res.clone().text()]).toEqual([200, '']);
    await expect(res.json()).resolves.toMatchObject({ id: target.id, parties: expect.arrayContaining([expect.objectContaining({ userId: target.primaryUserId })]) });
    // One extensive page and one transcript batch, nothing else.
    expect(gongRequests() - before).toBe(2);
    expect(sim.stats().byEndpoint['POST /v2/calls/extensive']).toEqual({ '200': 1 });
    const stored = await calls.getCall(target.id);
    expect(stored?.id).toBe(target.id);
    expect((await calls.getTranscript(target.id))?.monologues.length).toBeGreaterThan(0);
    const [{ source }] = (await app.db.database.query('SELECT source FROM calls WHERE id = $1', [target.id])) as { source: string }[];
    expect(source).toBe('live');
  });

  it('announces the stored call on the post-call lane, so the transcript processor indexes it at once', async () => {
    await expect(within(announced.of(target.id), 5_000, 'the post-call announcement')).resolves.toMatchObject({ callId: target.id, source: 'live', hasTranscript: true });
    const [{ pending }] = (await app.db.database.query('SELECT count(*)::int AS pending FROM calls WHERE id = $1 AND event_version > published_version', [target.id])) as { pending: number }[];
    expect(pending).toBe(0);
  });

  it('serves the next asks from the replica at no Gong cost', async () => {
    const before = gongRequests();
    const [call, transcript] = await Promise.all([get(`/v1/calls/${target.id}`, hostToken), get(`/v1/calls/${target.id}/transcript?limit=3`, hostToken)]);
    expect([call.status, transcript.status]).toEqual([200, 200]);
    const t = (await transcript.json()) as { monologues: { speaker: { name: string | null } }[] };
    expect(t.monologues).toHaveLength(3);
    expect(gongRequests()).toBe(before);
  });

  it('answers 404 to a user who may not see the call, exactly as for a call Gong does not know', async () => {
    const hidden = await get(`/v1/calls/${target.id}`, outsiderToken);
    const missing = await get('/v1/calls/7999999999999999123', outsiderToken);
    expect([hidden.status, missing.status]).toEqual([404, 404]);
    const [a, b] = [(await hidden.json()) as { error: { message: string } }, (await missing.json()) as { error: { message: string } }];
    expect(a.error.message.replace(target.id, 'X')).toBe(b.error.message.replace('7999999999999999123', 'X'));
  });

  it('checks a live-fetched call the user may not see with the access rules before serving it', async () => {
    const other = truth.calls!.find((c) => !c.isPrivate && c.workspaceId === target.workspaceId && c.primaryUserId === target.primaryUserId && c.id !== target.id);
    expect(other).toBeDefined();
    const before = gongRequests();
    const res = await get(`/v1/calls/${other!.id}/transcript`, outsiderToken);
    expect(res.status).toBe(404);
    expect(gongRequests() - before).toBe(2); // fetched and stored, then withheld
    await expect(new CallReadRepository(app.db.database).getCall(other!.id)).resolves.toMatchObject({ id: other!.id });
    expect((await get(`/v1/calls/${other!.id}/transcript`, hostToken)).status).toBe(200);
    expect(gongRequests() - before).toBe(2);
  });

  it('asks Gong once for an unknown id, however many ask at once and however often', async () => {
    const unknown = '7999999999999999456';
    const before = gongRequests();
    const answers = await Promise.all(Array.from({ length: 5 }, () => get(`/v1/calls/${unknown}`, hostToken)));
    expect(answers.map((r) => r.status)).toEqual([404, 404, 404, 404, 404]);
    expect(gongRequests() - before).toBe(1);
    expect((await get(`/v1/calls/${unknown}/transcript`, hostToken)).status).toBe(404);
    expect(gongRequests() - before).toBe(1);
  });

  it('remembers an unknown id for every replica: another instance answers 404 without asking Gong', async () => {
    const unknown = '7999999999999999789';
    const before = gongRequests();
    expect((await get(`/v1/calls/${unknown}`, hostToken)).status).toBe(404);
    expect(gongRequests() - before).toBe(1);
    const replica = await startReplica(app, { liveCallSource: undefined, permits });
    try {
      const answers = await Promise.all(
        Array.from({ length: 3 }, () => fetch(`${replica.url}/v1/calls/${unknown}`, { headers: { authorization: `Bearer ${hostToken}` } })),
      );
      expect(answers.map((r) => r.status)).toEqual([404, 404, 404]);
      expect(gongRequests() - before).toBe(1);
      // a call Gong does know is still fetched by the replica
      const reads = new CallReadRepository(app.db.database);
      let known: TruthCall | undefined;
      for (const c of truth.calls!.filter((x) => !x.isPrivate && x.primaryUserId === target.primaryUserId)) {
        if (!(await reads.getCall(c.id))) {
          known = c;
          break;
        }
      }
      expect(known).toBeDefined();
      const res = await fetch(`${replica.url}/v1/calls/${known!.id}`, { headers: { authorization: `Bearer ${hostToken}` } });
      expect(res.status).toBe(200);
    } finally {
      await replica.shutdown();
    }
  });
});
