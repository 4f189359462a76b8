import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { chunkCall } from '@gong-connector/chunking';
import { CallWriteRepository, RetentionRepository, type CallRecord, type TranscriptRecord } from '@gong-connector/persistence';
import { createLogger, MetricsRegistry } from '@gong-connector/platform';
import { ChunkInputMapper } from '@gong-connector/replica';
import { PostgresSearchIndex } from '@gong-connector/search';
import { FakeClock, testDatabase, type TestDatabase } from '@gong-connector/testing';
import { IngestMetrics } from '../metrics/ingest.metrics.js';
import { RetentionService } from './retention.service.js';

const NOW = Date.parse('2026-06-01T00:00:00.000Z');
const DAY = 86_400_000;

const call = (id: string, started: number): CallRecord => ({
  id, workspaceId: '5000000000000000001', url: null, title: `Call ${id}`, scheduled: null, started: new Date(started).toISOString(), durationS: 600,
  primaryUserId: '1000000000000000001', direction: 'Conference', system: 'Zoom', scope: 'External', media: 'Video', language: 'eng', purpose: null,
  meetingUrl: null, calendarEventId: null, clientUniqueId: null, customData: null, sdrDisposition: null, isPrivate: false, brief: null, keyPoints: [],
  highlights: [], outline: [], structure: [], callOutcome: null, interaction: null,
  parties: [{ partyId: 'p1', speakerId: '1', userId: '1000000000000000001', email: 'rep@ourco.example', name: 'Rita Rep', title: null, affiliation: 'Internal', phoneNumber: null, methods: [], context: [] }],
  context: [], accounts: [], topics: [], trackers: [],
});
const transcript = (id: string): TranscriptRecord => ({
  callId: id, fetchedAt: new Date(NOW).toISOString(), monologues: [{ speakerId: '1', topic: null, sentences: [{ start: 0, end: 3000, text: `Budget talk on call ${id}.` }] }],
});

/** RETENTION_DAYS against PostgreSQL: old calls go with every row of theirs and their chunks, in batches; recent ones stay. */
describe('RetentionService', () => {
  let db: TestDatabase;
  let index: PostgresSearchIndex;
  let metrics: IngestMetrics;
  let registry: MetricsRegistry;
  const old = Array.from({ length: 7 }, (_, i) => `74000000000000000${String(i).padStart(2, '0')}`);
  const recent = ['7400000000000000100', '7400000000000000101'];

  beforeAll(async () => {
    db = await testDatabase();
    index = new PostgresSearchIndex({ database: db.database });
    const calls = [...old.map((id, i) => call(id, NOW - (40 + i) * DAY)), ...recent.map((id) => call(id, NOW - 5 * DAY))];
    await new CallWriteRepository(db.database).upsertCalls(calls, 'sync');
    await new CallWriteRepository(db.database).upsertTranscripts(calls.map((c) => transcript(c.id)));
    for (const c of calls) await index.replaceCallChunks(c.id, chunkCall(ChunkInputMapper.toChunkInput(c, transcript(c.id))));
    await db.database.query(
      `INSERT INTO outbound_webhook_subscriptions (id, url, events, secret, principal_kind, principal_user) VALUES ('s1', 'https://hooks.example.com/x', '{call.indexed}', 'whsec_x', 'user', 'a@b.example')`,
    );
    await db.database.query(
      `INSERT INTO outbound_webhook_deliveries (id, subscription_id, event, event_key, payload, status, give_up_at, created_at) VALUES
         ('old', 's1', 'call.indexed', 'k1', '{}', 'delivered', now(), $1), ('new', 's1', 'call.indexed', 'k2', '{}', 'delivered', now(), $2)`,
      [new Date(NOW - 60 * DAY), new Date(NOW - DAY)],
    );
    await db.database.query(`INSERT INTO webhook_deliveries (id, call_id, outcome, received_at) VALUES ('w-old', $1, 'accepted', $2), ('w-new', $3, 'accepted', $4)`, [
      old[0], new Date(NOW - 50 * DAY), recent[0], new Date(NOW - DAY),
    ]);
    registry = new MetricsRegistry({ service: 'retention-int', defaultMetrics: false });
    metrics = new IngestMetrics(registry);
  });

  afterAll(async () => {
    await db?.close();
  });

  const service = (days: number | undefined) =>
    new RetentionService(new RetentionRepository(db.database), index, metrics, { RETENTION_DAYS: days, RETENTION_BATCH_SIZE: 3 }, new FakeClock(NOW), createLogger({ name: 'retention-int', level: 'silent' }));

  it('keeps everything when RETENTION_DAYS is unset', async () => {
    await expect(service(undefined).purge()).resolves.toEqual({ calls: 0, transcripts: 0, chunks: 0, deliveries: 0, webhookAudits: 0 });
    const [n] = await db.database.query('SELECT count(*)::int AS n FROM calls');
    expect(n.n).toBe(9);
  });

  it('purges calls, transcripts, chunks, deliveries and audit rows older than RETENTION_DAYS in batches, and counts them', async () => {
    const totals = await service(30).purge();
    expect(totals).toMatchObject({ calls: 7, transcripts: 7, deliveries: 1, webhookAudits: 1 });
    expect(totals.chunks).toBeGreaterThanOrEqual(7);
    const ids: { id: string }[] = await db.database.query('SELECT id FROM calls ORDER BY id');
    expect(ids.map((r) => r.id)).toEqual(recent);
    for (const table of ['call_parties', 'call_transcripts']) {
      const rows: { call_id: string }[] = await db.database.query(`SELECT DISTINCT call_id FROM ${table} ORDER BY call_id`);
      expect(rows.map((r) => r.call_id)).toEqual(recent);
    }
    const chunks: { call_id: string }[] = await db.database.query('SELECT DISTINCT call_id FROM search_chunks ORDER BY call_id');
    expect(chunks.map((r) => r.call_id)).toEqual(recent);
    expect((await db.database.query('SELECT id FROM outbound_webhook_deliveries')).map((r: { id: string }) => r.id)).toEqual(['new']);
    expect((await db.database.query('SELECT id FROM webhook_deliveries')).map((r: { id: string }) => r.id)).toEqual(['w-new']);
    const text = await registry.registry.metrics();
    expect(text).toContain('ingest_retention_purged_total{kind="calls",service="retention-int"} 7');
    await expect(service(30).purge()).resolves.toEqual({ calls: 0, transcripts: 0, chunks: 0, deliveries: 0, webhookAudits: 0 });
  });
});
