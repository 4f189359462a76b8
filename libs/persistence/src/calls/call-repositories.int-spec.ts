import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { testDatabase, type TestDatabase } from '@gong-connector/testing';
import type { CallRecord } from './call-record.js';
import { CallOutboxRepository } from './call-outbox.repository.js';
import { CallReadRepository } from './call-read.repository.js';
import { CallWriteRepository } from './call-write.repository.js';

function call(id: string, overrides: Partial<CallRecord> = {}): CallRecord {
  return {
    id,
    workspaceId: '623457276584334001',
    url: `https://app.gong.io/call?id=${id}`,
    title: `Discovery ${id.slice(-3)}`,
    scheduled: null,
    started: '2026-01-15T10:00:00Z',
    durationS: 1800,
    primaryUserId: '234599484848423001',
    direction: 'Conference',
    system: 'Zoom',
    scope: 'External',
    media: 'Video',
    language: 'eng',
    purpose: null,
    meetingUrl: null,
    calendarEventId: null,
    clientUniqueId: null,
    customData: null,
    sdrDisposition: null,
    isPrivate: false,
    brief: 'A brief',
    keyPoints: [{ text: 'k' }],
    highlights: [],
    outline: [],
    structure: [],
    callOutcome: null,
    interaction: null,
    parties: [
      { partyId: '1', speakerId: '6432345678555530067', userId: '234599484848423001', email: 'rep@ourco.com', name: 'Rep', title: 'AE', affiliation: 'Internal', phoneNumber: null, methods: ['Invitee'], context: [] },
      { partyId: '2', speakerId: '6432345678555530068', userId: null, email: 'cto@acme.com', name: 'Cto', title: 'CTO', affiliation: 'External', phoneNumber: null, methods: ['Attendee'], context: [] },
    ],
    context: [{ system: 'Salesforce', objectType: 'Account', objectId: '001A', name: 'Acme', timing: 'Now', fields: [{ name: 'Name', value: 'Acme' }] }],
    accounts: [{ source: 'crm', account: { id: 'crm:Salesforce:001A', name: 'Acme', domain: 'acme.com', system: 'Salesforce', crmObjectId: '001A', fields: { Name: 'Acme' } } }],
    topics: [{ name: 'Pricing', durationS: 86 }],
    trackers: [{ trackerId: '77', name: 'Competitors', type: 'KEYWORD', count: 1, occurrences: [{ startTime: 32.5, speakerId: '6432345678555530068' }], phrases: [] }],
    ...overrides,
  };
}

describe('call repositories (write, read, outbox)', () => {
  let db: TestDatabase;
  let writes: CallWriteRepository;
  let reads: CallReadRepository;
  let outbox: CallOutboxRepository;
  beforeAll(async () => {
    db = await testDatabase();
    writes = new CallWriteRepository(db.database);
    reads = new CallReadRepository(db.database);
    outbox = new CallOutboxRepository(db.database);
  });
  afterAll(async () => {
    await db.close();
  });

  it('stores a call with every child row and reads it back exactly, 20-digit ids intact', async () => {
    const c = call('18446744073709551615');
    await expect(writes.upsertCalls([c], 'backfill')).resolves.toEqual({ inserted: [c.id], updated: [], unchanged: [] });
    await expect(reads.getCall(c.id)).resolves.toEqual(c);
  });

  it('is idempotent: the same call again changes nothing; a changed call replaces its rows', async () => {
    const c = call('7782342274025937895');
    await writes.upsertCalls([c], 'sync');
    await expect(writes.upsertCalls([c], 'webhook')).resolves.toEqual({ inserted: [], updated: [], unchanged: [c.id] });
    const changed = call(c.id, { title: 'Renamed', parties: [c.parties[0]!], topics: [] });
    await expect(writes.upsertCalls([changed], 'sync')).resolves.toEqual({ inserted: [], updated: [c.id], unchanged: [] });
    await expect(reads.getCall(c.id)).resolves.toEqual(changed);
  });

  it('writes a batch all or nothing', async () => {
    const good = call('1000000000000000001');
    const bad = call('1000000000000000002', { started: 'not a date' });
    await expect(writes.upsertCalls([good, bad], 'backfill')).rejects.toThrow();
    await expect(reads.existingIds([good.id, bad.id])).resolves.toEqual(new Set());
  });

  it('stores transcripts idempotently', async () => {
    const c = call('1000000000000000003');
    await writes.upsertCalls([c], 'backfill');
    const t = { callId: c.id, fetchedAt: '2026-01-15T11:00:00.000Z', monologues: [{ speakerId: '6432345678555530067', topic: null, sentences: [{ start: 0, end: 1200, text: 'Hello.' }] }] };
    await writes.upsertTranscripts([t]);
    await writes.upsertTranscripts([{ ...t, fetchedAt: '2026-01-16T11:00:00.000Z' }]);
    await expect(reads.getTranscript(c.id)).resolves.toEqual(t);
    await expect(reads.idsWithTranscript([c.id, '1'])).resolves.toEqual(new Set([c.id]));
  });

  it('joins a caller’s transaction: a rolled back batch stores nothing', async () => {
    const c = call('1000000000000000004');
    await expect(
      db.database.transaction(async (tx) => {
        await writes.upsertCalls([c], 'sync', tx);
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    await expect(reads.existingIds([c.id])).resolves.toEqual(new Set());
  });

  it('keeps an outbox of call changes: pending until published, again after a change or a transcript', async () => {
    const c = call('1000000000000000005');
    await writes.upsertCalls([c], 'webhook');
    await expect(outbox.pendingEvents({ ids: [c.id] })).resolves.toEqual([
      expect.objectContaining({ callId: c.id, workspaceId: c.workspaceId, source: 'webhook', version: 1, hasTranscript: false }),
    ]);
    // A call without a transcript is held back by the sweep until it is old enough.
    await expect(outbox.pendingEvents({ ids: [c.id], withoutTranscriptBefore: new Date(Date.now() - 60_000) })).resolves.toEqual([]);
    await outbox.markPublished([{ callId: c.id, version: 1 }]);
    await expect(outbox.pendingEvents({ ids: [c.id] })).resolves.toEqual([]);
    await writes.upsertCalls([c], 'sync');
    await expect(outbox.pendingEvents({ ids: [c.id] })).resolves.toEqual([]);
    const changed = await writes.upsertTranscripts([{ callId: c.id, fetchedAt: '2026-01-15T11:00:00.000Z', monologues: [{ speakerId: '1', topic: null, sentences: [{ start: 0, end: 1, text: 'Hi.' }] }] }]);
    expect(changed).toEqual([c.id]);
    await expect(outbox.pendingEvents({ ids: [c.id] })).resolves.toEqual([expect.objectContaining({ version: 2, hasTranscript: true, source: 'webhook' })]);
    // Publishing an older version leaves the newer one pending.
    await outbox.markPublished([{ callId: c.id, version: 1 }]);
    await expect(outbox.pendingEvents({ ids: [c.id] })).resolves.toHaveLength(1);
    await outbox.markPublished([{ callId: c.id, version: 2 }]);
    await expect(outbox.pendingEvents({ ids: [c.id] })).resolves.toEqual([]);
    await expect(writes.upsertTranscripts([{ callId: c.id, fetchedAt: '2026-01-16T11:00:00.000Z', monologues: [{ speakerId: '1', topic: null, sentences: [{ start: 0, end: 1, text: 'Hi.' }] }] }])).resolves.toEqual([]);
  });

  it('finds CRM accounts by domain, and does not rewrite an account that did not change', async () => {
    await writes.upsertCalls([call('1000000000000000006')], 'sync');
    const before: { updated_at: Date }[] = await db.database.query(`SELECT updated_at FROM accounts WHERE id = 'crm:Salesforce:001A'`);
    await writes.upsertCalls([call('1000000000000000007')], 'sync');
    const after: { updated_at: Date }[] = await db.database.query(`SELECT updated_at FROM accounts WHERE id = 'crm:Salesforce:001A'`);
    expect(after[0]!.updated_at).toEqual(before[0]!.updated_at);
    const found = await reads.crmAccountsByDomain(['acme.com', 'nowhere.example']);
    expect([...found.keys()]).toEqual(['acme.com']);
    expect(found.get('acme.com')).toMatchObject({ id: 'crm:Salesforce:001A', crmObjectId: '001A' });
  });
});
