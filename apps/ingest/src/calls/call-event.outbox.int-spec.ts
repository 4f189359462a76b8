import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { systemClock, type CallSource } from '@gong-connector/contracts';
import { CallOutboxRepository, CallWriteRepository, type CallRecord } from '@gong-connector/persistence';
import { EventPublisher, MetricsRegistry, NatsClient, createLogger, loadConfig } from '@gong-connector/platform';
import { PrivateNatsServer, testDatabase, within, type TestDatabase } from '@gong-connector/testing';
import { randomInt } from 'node:crypto';
import { CallFetchedListener } from '../../test/ingest.harness.js';
import { IngestConfigSchema } from '../config.js';
import { IngestMessaging } from '../messaging/ingest-messaging.js';
import { IngestMetrics } from '../metrics/ingest.metrics.js';
import { CallEventOutbox } from './call-event.outbox.js';

const newCallId = (): string => `9${String(randomInt(1e9)).padStart(9, '0')}${String(randomInt(1e9)).padStart(9, '0')}`;

function callRecord(id: string): CallRecord {
  return {
    id, workspaceId: '7000000000000000001', url: null, title: `call ${id}`, scheduled: null, started: '2026-01-10T16:00:00Z',
    durationS: 600, primaryUserId: '7100000000000000001', direction: 'Conference', system: 'Zoom', scope: 'External', media: 'Video',
    language: 'eng', purpose: null, meetingUrl: null, calendarEventId: null, clientUniqueId: null, customData: null, sdrDisposition: null,
    isPrivate: false, brief: null, keyPoints: [], highlights: [], outline: [], structure: [], callOutcome: null, interaction: null,
    parties: [], context: [], accounts: [], topics: [], trackers: [],
  };
}

describe('call event outbox: each source to its lane (PostgreSQL + JetStream)', () => {
  const messaging = new IngestMessaging();
  let server: PrivateNatsServer;
  let db: TestDatabase;
  let nats: NatsClient;
  let listener: CallFetchedListener;
  let outbox: CallEventOutbox;
  let calls: CallWriteRepository;

  beforeAll(async () => {
    const logger = createLogger({ name: 'outbox-test', level: 'silent' });
    server = await PrivateNatsServer.start();
    [db, listener, nats] = await Promise.all([
      testDatabase(),
      CallFetchedListener.start(server.url),
      NatsClient.connect({ servers: server.url, name: 'outbox-test', logger }),
    ]);
    await nats.ensureStreams(messaging.streams);
    calls = new CallWriteRepository(db.database);
    const config = loadConfig(IngestConfigSchema, {});
    const metrics = new IngestMetrics(new MetricsRegistry({ service: 'ingest-test', defaultMetrics: false }));
    outbox = new CallEventOutbox(new CallOutboxRepository(db.database), new EventPublisher(nats), messaging, metrics, config, systemClock, logger);
  });

  afterAll(async () => {
    await listener?.close();
    await nats?.drain();
    await db?.close();
    await server?.stop();
  });

  it.each<[CallSource, 'post-call' | 'bulk', string]>([
    ['webhook', 'post-call', messaging.postCallFetched.subject],
    ['live', 'post-call', messaging.postCallFetched.subject],
    ['sync', 'bulk', messaging.callFetched.subject],
    ['backfill', 'bulk', messaging.callFetched.subject],
  ])('announces a %s call on the %s lane (%s), once', async (source, lane) => {
    const id = newCallId();
    await calls.upsertCalls([callRecord(id)], source);
    const event = listener.next((e) => e.callId === id);
    await expect(outbox.announce([id], { webhookReceivedAt: '2026-01-10T17:00:01.000Z' })).resolves.toBe(1);
    await expect(within(event, 10_000, `call ready of ${id}`)).resolves.toMatchObject({ callId: id, source, hasTranscript: false });
    // Published versions are recorded: a second announce sends nothing, on either lane.
    await expect(outbox.announce([id])).resolves.toBe(0);
    expect(listener.lanesOf(id)).toEqual([lane]);
  });

  it('stores both lanes in the calls stream, deduplicated by the same message id', async () => {
    const id = newCallId();
    await calls.upsertCalls([callRecord(id)], 'webhook');
    await outbox.announce([id]);
    const info = await nats.jsm.streams.info(messaging.streams[1]!.name);
    expect(info.config.subjects).toEqual(expect.arrayContaining([messaging.callFetched.subject, messaging.postCallFetched.subject]));
    const stored = await nats.jsm.streams.getMessage(messaging.streams[1]!.name, { last_by_subj: messaging.postCallFetched.subject });
    expect(stored?.header.get('gc-message-id')).toBe(`call-fetched:${id}:v1`);
  });
});
