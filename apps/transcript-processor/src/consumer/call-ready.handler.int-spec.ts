import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CallFetchedV1Schema, Events, PRIVATE_CALLS_RULE, defineEvent, type AccessFilter, type CallIndexedV1, type MessageDeadLetteredV1 } from '@gong-connector/contracts';
import { CallWriteRepository, type CallRecord, type TranscriptRecord } from '@gong-connector/persistence';
import { EventPublisher, NatsClient, createLogger, loadConfig, type ServiceHandle, bootstrapService } from '@gong-connector/platform';
import { PostgresSearchIndex } from '@gong-connector/search';
import { deferred, PrivateNatsServer, testDatabase, testServices, uniqueName, waitFor, within, type Deferred, type TestDatabase } from '@gong-connector/testing';
import { randomInt } from 'node:crypto';
import { TranscriptProcessorConfigSchema } from '../config.js';
import { TranscriptProcessorModule } from '../transcript-processor.module.js';

const suffix = uniqueName('tp').replace(/_/g, '');
const CallReady = defineEvent(`${suffix}.post-call.fetched.v1`, CallFetchedV1Schema);
const BulkReady = defineEvent(`${suffix}.call.fetched.v1`, CallFetchedV1Schema);
const stream = { name: `TP_${suffix}`.toUpperCase(), subjects: [CallReady.subject, BulkReady.subject] };
const durable = `transcript-processor-${suffix}`;
const WORKSPACE = '7000000000000000001';
const HOST = '7100000000000000001';

/** A Gong-like id no other run will use (call.indexed goes to the shared stream, deduplicated by id). */
const newCallId = (): string => `8${String(randomInt(1e9)).padStart(9, '0')}${String(randomInt(1e9)).padStart(9, '0')}`;

function callRecord(id: string): CallRecord {
  return {
    id, workspaceId: WORKSPACE, url: null, title: 'Zeppelin Corp security review', scheduled: null, started: '2026-01-10T16:00:00Z',
    durationS: 600, primaryUserId: HOST, direction: 'Conference', system: 'Zoom', scope: 'External', media: 'Video', language: 'eng',
    purpose: null, meetingUrl: null, calendarEventId: null, clientUniqueId: null, customData: null, sdrDisposition: null, isPrivate: false,
    brief: null, keyPoints: [], highlights: [], outline: [], structure: [], callOutcome: null, interaction: null,
    parties: [
      { partyId: 'p1', speakerId: 's1', userId: HOST, email: 'ann@northbeam.example', name: 'Ann Host', title: 'AE', affiliation: 'Internal', phoneNumber: null, methods: [], context: [] },
      { partyId: 'p2', speakerId: 's2', userId: null, email: 'bo@zeppelin.example', name: 'Bo Buyer', title: 'CISO', affiliation: 'External', phoneNumber: null, methods: [], context: [] },
    ],
    context: [],
    accounts: [{ source: 'crm', account: { id: 'crm:Salesforce:001ZEP', name: 'Zeppelin Corp', domain: 'zeppelin.example', system: 'Salesforce', crmObjectId: '001ZEP', fields: {} } }],
    topics: [], trackers: [],
  };
}

function transcript(callId: string, lines: readonly string[]): TranscriptRecord {
  return {
    callId,
    fetchedAt: '2026-01-10T17:00:00Z',
    monologues: lines.map((text, i) => ({ speakerId: i % 2 === 0 ? 's1' : 's2', topic: null, sentences: [{ start: i * 10_000, end: i * 10_000 + 9_000, text }] })),
  };
}

const ORIGINAL = ['Welcome, let us walk through the SOC 2 report.', 'Our auditors want the penetration test results.', 'We encrypt everything with per tenant keys.'];
const CHANGED = ['Welcome back, the questionnaire is done.', 'Great, the walrus clause is the last open item.'];

describe('transcript-processor: call ready in, chunks indexed, call.indexed out (NATS + PostgreSQL)', () => {
  let natsServer: PrivateNatsServer;
  let db: TestDatabase;
  let service: ServiceHandle;
  let publisher: EventPublisher;
  let nats: NatsClient;
  let calls: CallWriteRepository;
  let index: PostgresSearchIndex;
  const indexed = new Map<string, CallIndexedV1[]>();
  const waiters: { callId: string; count: number; done: Deferred<CallIndexedV1[]> }[] = [];
  const deadLetters: MessageDeadLetteredV1[] = [];

  /** Resolves with the first call.indexed of `callId` (already seen or coming). */
  const waitForIndexed = (callId: string): Promise<CallIndexedV1> => {
    const seen = indexed.get(callId);
    if (seen) return Promise.resolve(seen[0]!);
    const done = deferred<CallIndexedV1[]>();
    waiters.push({ callId, count: 1, done });
    return done.promise.then((list) => list[0]!);
  };
  const nextIndexed = (callId: string, count: number): Promise<CallIndexedV1[]> => {
    const done = deferred<CallIndexedV1[]>();
    waiters.push({ callId, count, done });
    return within(done.promise, 15_000, `call.indexed #${count} for ${callId}`);
  };
  const accessFilter: AccessFilter = { version: 1, userId: HOST, ownUserId: HOST, allWorkspaceIds: [WORKSPACE], hostUserIdsByWorkspace: [], grantedCallIds: [], privateCalls: PRIVATE_CALLS_RULE };
  const chunksOf = async (callId: string, text?: string) =>
    index.search({ accessFilter, callIds: [callId], limit: 100, ...(text ? { text } : {}) });
  const announce = (callId: string, extra: { hasTranscript?: boolean; webhookReceivedAt?: string } = {}) =>
    publisher.publish(CallReady, { callId, workspaceId: WORKSPACE, source: 'webhook', hasTranscript: extra.hasTranscript ?? true, storedAt: new Date().toISOString(), ...(extra.webhookReceivedAt ? { webhookReceivedAt: extra.webhookReceivedAt } : {}) });
  const announceBulk = (callId: string) =>
    publisher.publish(BulkReady, { callId, workspaceId: WORKSPACE, source: 'backfill', hasTranscript: true, storedAt: new Date().toISOString() });
  const metric = async (name: string): Promise<number> => {
    const text = await (await fetch(`${service.url}/metrics`)).text();
    const line = text.split('\n').find((l) => l.startsWith(name));
    return line ? Number(line.split(' ').pop()) : 0;
  };

  beforeAll(async () => {
    natsServer = await PrivateNatsServer.start();
    db = await testDatabase();
    const { databaseUrl } = testServices();
    const config = loadConfig(TranscriptProcessorConfigSchema, {
      NATS_URL: natsServer.url, DATABASE_URL: databaseUrl, DATABASE_SCHEMA: db.schema, CONSUMER_DURABLE: durable,
      CONSUMER_MAX_DELIVER: '3', CONSUMER_BACKOFF_MS: '50', CONSUMER_CONCURRENCY: '2', CONSUMER_LAG_SAMPLE_MS: '200',
    });
    service = await bootstrapService(
      TranscriptProcessorModule.forRoot(config, {
        logger: createLogger({ name: 'tp-test', level: 'silent' }),
        callReady: { contracts: { 'post-call': CallReady, bulk: BulkReady }, stream },
      }),
      { port: 0, host: '127.0.0.1', handleSignals: false, shutdownGraceMs: 200 },
    );
    publisher = service.app.get(EventPublisher);
    nats = service.app.get(NatsClient);
    calls = new CallWriteRepository(db.database);
    index = new PostgresSearchIndex({ database: db.database });
    const sub = nats.nc.subscribe(Events.callIndexed.subject);
    void (async () => {
      for await (const m of sub) {
        const event = Events.callIndexed.schema.parse(m.json());
        const list = [...(indexed.get(event.callId) ?? []), event];
        indexed.set(event.callId, list);
        for (const w of waiters) if (w.callId === event.callId && list.length >= w.count) w.done.resolve(list);
      }
    })();
    const dl = nats.nc.subscribe(Events.messageDeadLettered.subject);
    void (async () => {
      for await (const m of dl) {
        const letter = Events.messageDeadLettered.schema.parse(m.json());
        if (letter.consumer === durable || letter.consumer === `${durable}-post-call`) deadLetters.push(letter);
      }
    })();
    await nats.nc.flush();
  });

  afterAll(async () => {
    await service?.shutdown();
    await db?.close();
    await natsServer?.stop();
  });

  it('indexes a stored call and announces it with its metadata and the webhook time', async () => {
    const id = newCallId();
    await calls.upsertCalls([callRecord(id)], 'webhook');
    await calls.upsertTranscripts([transcript(id, ORIGINAL)]);
    const event = nextIndexed(id, 1);
    await announce(id, { webhookReceivedAt: '2026-01-10T17:00:01.000Z' });
    const [indexedEvent] = await event;
    expect(indexedEvent).toMatchObject({
      callId: id, title: 'Zeppelin Corp security review', started: '2026-01-10T16:00:00Z', workspaceId: WORKSPACE,
      accounts: [{ id: 'crm:Salesforce:001ZEP', name: 'Zeppelin Corp' }], hostUserId: HOST, participantUserIds: [HOST],
      chunkCount: 3, webhookReceivedAt: '2026-01-10T17:00:01.000Z', source: 'webhook', isPrivate: false,
    });
    const found = await chunksOf(id, '"penetration test"');
    expect(found.total).toBe(1);
    expect(found.hits[0]!.callId).toBe(id);
    expect((await chunksOf(id)).total).toBe(3);
    await expect(metric('transcript_calls_indexed_total{source="consumer"')).resolves.toBeGreaterThanOrEqual(1);
    await expect(metric('transcript_chunks_indexed_total')).resolves.toBeGreaterThanOrEqual(3);
  });

  it('handles a duplicate event without duplicating chunks or the call.indexed message', async () => {
    const id = newCallId();
    await calls.upsertCalls([callRecord(id)], 'webhook');
    await calls.upsertTranscripts([transcript(id, ORIGINAL)]);
    const twice = nextIndexed(id, 2);
    await announce(id);
    await announce(id);
    const events = await twice;
    expect(events.map((e) => e.chunkCount)).toEqual([3, 3]);
    expect((await chunksOf(id)).total).toBe(3);
    await expect(metric('transcript_indexed_events_total{outcome="duplicate"')).resolves.toBeGreaterThanOrEqual(1);
  });

  it('replaces a call’s chunks exactly when its transcript changed', async () => {
    const id = newCallId();
    await calls.upsertCalls([callRecord(id)], 'webhook');
    await calls.upsertTranscripts([transcript(id, ORIGINAL)]);
    const first = nextIndexed(id, 1);
    await announce(id);
    await first;
    await calls.upsertTranscripts([transcript(id, CHANGED)]);
    const second = nextIndexed(id, 2);
    await announce(id);
    const events = await second;
    expect(events[1]!.chunkCount).toBe(2);
    expect((await chunksOf(id)).total).toBe(2);
    expect((await chunksOf(id, 'walrus')).total).toBe(1);
    expect((await chunksOf(id, 'penetration')).total).toBe(0);
  });

  it('acknowledges a call without a transcript yet, indexing and announcing nothing', async () => {
    const id = newCallId();
    await calls.upsertCalls([callRecord(id)], 'webhook');
    const before = await metric('transcript_calls_skipped_total{reason="no-transcript"');
    await announce(id, { hasTranscript: false });
    await waitFor(async () => (await metric('transcript_calls_skipped_total{reason="no-transcript"')) > before, 'the skipped call counted');
    expect((await chunksOf(id)).total).toBe(0);
    expect(indexed.get(id)).toBeUndefined();
  });

  it('dead-letters an unknown call after the maximum deliveries, with the reason', async () => {
    const id = newCallId();
    await announce(id);
    const letter = await waitFor(() => deadLetters.find((l) => l.reason.includes(id)), `dead letter for ${id}`);
    expect(letter.deliveries).toBe(3);
    expect(letter.stream).toBe(stream.name);
    expect(letter.consumer).toBe(`${durable}-post-call`); // a webhook's call: the post-call lane
    expect(letter.reason).toContain('CALL_NOT_FOUND');
    await expect(metric('transcript_failures_total{reason="call-not-found"')).resolves.toBeGreaterThanOrEqual(3);
  });

  it('dead-letters an invalid payload at once', async () => {
    await nats.js.publish(CallReady.subject, JSON.stringify({ callId: 'not-a-gong-id', source: 'webhook' }));
    const letter = await waitFor(() => deadLetters.find((l) => l.reason.includes('MESSAGE_INVALID')), 'dead letter for an invalid payload');
    expect(letter.deliveries).toBe(1);
  });

  it('serves health and the consumer lag', async () => {
    const ready = await fetch(`${service.url}/health/ready`);
    expect(ready.status).toBe(200);
    await expect(ready.json()).resolves.toMatchObject({ status: 'ready' });
    const text = await (await fetch(`${service.url}/metrics`)).text();
    expect(text).toMatch(/transcript_consumer_lag\{lane="post-call",service="transcript-processor"\} \d+/);
    expect(text).toMatch(/transcript_consumer_lag\{lane="bulk",service="transcript-processor"\} \d+/);
    expect(text).toContain('transcript_index_duration_seconds_bucket');
  });

  it('indexes a post-call event while the bulk lane holds a large backlog: it overtakes the backlog', async () => {
    const BACKLOG = 300;
    const bulkIds = Array.from({ length: BACKLOG }, () => newCallId());
    const liveId = newCallId();
    const lines = Array.from({ length: 40 }, (_, i) => `${ORIGINAL[i % ORIGINAL.length]} Point ${i} of the review, with the details the buyer asked for.`);
    await calls.upsertCalls([...bulkIds, liveId].map(callRecord), 'backfill');
    await calls.upsertTranscripts([...bulkIds, liveId].map((id) => transcript(id, lines)));
    const bulkSet = new Set(bulkIds);
    const bulkIndexed = () => [...indexed.keys()].filter((id) => bulkSet.has(id)).length;
    const drained = Promise.all(bulkIds.map((id) => within(waitForIndexed(id), 120_000, `bulk call ${id} indexed`)));
    // The whole backlog is on the bulk lane before the live call's event is published.
    for (let i = 0; i < bulkIds.length; i += 50) await Promise.all(bulkIds.slice(i, i + 50).map((id) => announceBulk(id)));
    const live = nextIndexed(liveId, 1);
    await announce(liveId, { webhookReceivedAt: new Date().toISOString() });
    const [liveEvent] = await live;
    const bulkDoneWhenLiveIndexed = bulkIndexed();
    console.log(`post-call call indexed after ${bulkDoneWhenLiveIndexed} of ${BACKLOG} backlogged bulk calls`);
    expect(liveEvent).toMatchObject({ callId: liveId, source: 'webhook' });
    expect([bulkDoneWhenLiveIndexed, bulkDoneWhenLiveIndexed < BACKLOG / 2 ? 'overtook' : 'waited behind the backlog']).toEqual([bulkDoneWhenLiveIndexed, 'overtook']);
    // The bulk lane still does all its work, and says where its events came from.
    const bulkEvents = await drained;
    expect(bulkEvents.every((e) => e.source === 'backfill')).toBe(true);
    await expect(metric('transcript_indexed_events_total{outcome="published",lane="post-call"')).resolves.toBeGreaterThanOrEqual(1);
    await expect(metric('transcript_indexed_events_total{outcome="published",lane="bulk"')).resolves.toBeGreaterThanOrEqual(BACKLOG);
  }, 180_000);
});
