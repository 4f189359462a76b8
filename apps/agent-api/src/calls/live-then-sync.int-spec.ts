import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CallFetchedV1Schema, Events, systemClock, type CallFetchedV1 } from '@gong-connector/contracts';
import { GongClient, LocalPacer, type CallData, type CallTranscript } from '@gong-connector/gong-client';
import { AccessRepository, CallOutboxRepository, CallReadRepository, CallWriteRepository, type Database, PersonErasureRepository } from '@gong-connector/persistence';
import { createLogger, EventPublisher } from '@gong-connector/platform';
import { CallReadyOutbox, CallStore, DirectorySync } from '@gong-connector/replica';
import { Arrivals, PrivateNatsServer, testDatabase, within, type TestDatabase } from '@gong-connector/testing';
import { permissionProfilesOf, startGongSim, type CompanyGroundTruth, type GongSim } from '@gong-connector/testing/gong-sim';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { startAgentApi, type AgentApiTestApp } from '../../test/agent-api.fixture.js';

/**
 * A call first fetched by the live fallback and later seen by sync is stored once, with the same
 * content as an ingested call, and announced once: both paths store through the replica's
 * CallStore, with one content selector and one mapping, so sync finds the live-stored call
 * unchanged (same content hash), gives it no new outbox version, and publishes nothing more.
 */
describe('a call fetched live, then seen by sync (gong-sim)', () => {
  let sim: GongSim;
  let app: AgentApiTestApp;
  let truth: CompanyGroundTruth;
  let nats: NatsConnection;
  let natsServer: PrivateNatsServer;
  /** "Call ready" announcements of both lanes seen on NATS. */
  const announced = new Arrivals<CallFetchedV1>((e) => e.callId);
  const permits = new LocalPacer({ requestsPerSecond: 3, windowMs: 1_100 });
  const logger = createLogger({ name: 'live-then-sync', level: 'silent' });

  /** What ingest's sync does with a page of calls: the extensive call with the replica's selector, its transcript, CallStore. */
  const syncStore = (database: Database): CallStore =>
    new CallStore({ database, writes: new CallWriteRepository(database), reads: new CallReadRepository(database), erasures: new PersonErasureRepository(database), clock: systemClock, logger });
  const stored = async (database: Database, id: string) => {
    const [row] = (await database.query('SELECT content_hash, event_version, published_version FROM calls WHERE id = $1', [id])) as {
      content_hash: string;
      event_version: number;
      published_version: number;
    }[];
    const reads = new CallReadRepository(database);
    return { row, record: await reads.getCall(id), monologues: (await reads.getTranscript(id))?.monologues };
  };

  beforeAll(async () => {
    natsServer = await PrivateNatsServer.start();
    nats = await connect({ servers: natsServer.url });
    for (const subject of [Events.postCallFetched.subject, Events.callFetched.subject]) {
      const sub = nats.subscribe(subject);
      void (async () => {
        for await (const m of sub) {
          const event = CallFetchedV1Schema.safeParse(m.json());
          if (event.success) announced.add(event.data);
        }
      })();
    }
    sim = await startGongSim({ port: 0, seed: 'live-then-sync-int', users: 12, accounts: 4, calls: 12, days: 10, transcriptDelayMs: 0 });
    truth = sim.groundTruth({ includeCalls: true });
    app = await startAgentApi(
      {
        AGENT_API_LIVE_FALLBACK: 'true',
        GONG_BASE_URL: sim.baseUrl,
        GONG_ACCESS_KEY: sim.credentials.accessKey,
        GONG_ACCESS_KEY_SECRET: sim.credentials.accessKeySecret,
        GONG_PERMIT_SOURCE: 'local',
        GONG_LOCAL_RATE_PER_SECOND: '3',
      },
      {
        seed: async (db: TestDatabase) => {
          const gong = new GongClient({ baseUrl: sim.baseUrl, auth: { kind: 'basic', ...sim.credentials }, permits });
          await new DirectorySync(db.database, gong).run({ force: true });
          await new AccessRepository(db.database).replaceAllProfiles(permissionProfilesOf(truth), new Date());
        },
        liveCallSource: undefined,
        permits,
        natsUrl: natsServer.url,
      },
    );
  }, 60_000);

  afterAll(async () => {
    await nats?.close();
    await app?.close();
    await sim?.close();
    await natsServer?.stop();
  });

  it('is stored once, with the content an ingested call has, and announced once', async () => {
    const call = truth.calls!.find((c) => !c.isPrivate && truth.users.some((u) => u.id === c.primaryUserId && u.active))!;
    const host = truth.users.find((u) => u.id === call.primaryUserId)!;
    const token = await app.token({ user: host.emailAddress });

    // 1. An agent asks for a call that is not replicated yet: the live fallback stores and announces it.
    const res = await fetch(`${app.service.url}/v1/calls/${call.id}`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    await expect(within(announced.of(call.id), 5_000, 'the live announcement')).resolves.toMatchObject({ callId: call.id, source: 'live' });
    const live = await stored(app.db.database, call.id);
    expect(live.row!.published_version).toBe(live.row!.event_version);

    // 2. Sync sees the call: the extensive page with the one content selector, its transcript, stored.
    const gong = new GongClient({ baseUrl: sim.baseUrl, auth: { kind: 'basic', ...sim.credentials }, permits }).withPriority('sync');
    const calls: CallData[] = [];
    for await (const page of gong.extensiveForCalls([call.id], CallStore.contentSelector)) calls.push(...page.items);
    const transcripts: CallTranscript[] = [];
    for await (const page of gong.transcriptsForCalls([call.id])) transcripts.push(...page.items);
    const synced = await syncStore(app.db.database).store({ calls, transcripts, source: 'sync' });
    expect(synced).toMatchObject({ inserted: [], updated: [], unchanged: [call.id], transcriptsChanged: [] });

    // Stored once, unchanged by sync: same hash, same outbox version, nothing pending.
    const after = await stored(app.db.database, call.id);
    expect(after.row).toEqual(live.row);
    await expect(app.db.database.query('SELECT count(*)::int AS n FROM calls WHERE id = $1', [call.id])).resolves.toEqual([{ n: 1 }]);

    // The same content as a call ingest stores from scratch.
    const ingested = await testDatabase();
    try {
      await syncStore(ingested.database).store({ calls, transcripts, source: 'sync' });
      const fresh = await stored(ingested.database, call.id);
      expect(live.row!.content_hash).toBe(fresh.row!.content_hash);
      expect(live.record).toEqual(fresh.record);
      expect(live.monologues).toEqual(fresh.monologues);
    } finally {
      await ingested.close();
    }

    // Announced once: what ingest publishes after the page (the outbox) is nothing for this call.
    const outbox = new CallReadyOutbox(new CallOutboxRepository(app.db.database), app.service.app.get(EventPublisher));
    await expect(outbox.announce([call.id])).resolves.toBe(0);
    expect(announced.all.filter((e) => e.callId === call.id)).toHaveLength(1);
  });

  it('serves a stored call with Gong\'s summary, its Gong URL and next steps, asking Gong nothing', async () => {
    const call = truth.calls!.filter((c) => !c.isPrivate && truth.users.some((u) => u.id === c.primaryUserId && u.active)).at(-1)!;
    const host = truth.users.find((u) => u.id === call.primaryUserId)!;
    const gong = new GongClient({ baseUrl: sim.baseUrl, auth: { kind: 'basic', ...sim.credentials }, permits }).withPriority('sync');
    const calls: CallData[] = [];
    for await (const page of gong.extensiveForCalls([call.id], CallStore.contentSelector)) calls.push(...page.items);
    await syncStore(app.db.database).store({ calls, transcripts: [], source: 'sync' });
    const content = calls[0]!.content!;
    const token = await app.token({ user: host.emailAddress });

    const before = sim.stats().total;
    const res = await fetch(`${app.service.url}/v1/calls/${call.id}`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    const view = (await res.json()) as { url: string | null; summary: { brief: string | null; outline: unknown[]; highlights: unknown[]; keyPoints: unknown[]; callOutcome: unknown; nextSteps: string[] } };
    expect(sim.stats().total).toBe(before);
    expect(view.url).toBe(calls[0]!.metaData.url);
    expect(view.summary).toMatchObject({ brief: content.brief, outline: content.outline, highlights: content.highlights, keyPoints: content.keyPoints });
    const nextSteps = (content.highlights ?? []).filter((h) => /next steps/i.test(h.title ?? '')).flatMap((h) => (h.items ?? []).map((i) => i.text));
    expect(view.summary.nextSteps).toEqual(nextSteps);
    expect(view.summary.brief).toEqual(expect.any(String));
  });
});
