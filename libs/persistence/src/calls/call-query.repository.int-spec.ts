import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { denyAllAccessFilter, type AccessFilter } from '@gong-connector/contracts';
import { testDatabase, type TestDatabase } from '@gong-connector/testing';
import type { CallRecord, PartyRecord } from './call-record.js';
import { CallWriteRepository } from './call-write.repository.js';
import { CallQueryRepository } from './call-query.repository.js';

const W = '5100000000000000001';
const A = '1200000000000000001'; // rep
const B = '1200000000000000002'; // rep
const M = '1200000000000000003'; // manager
const ACME = { id: 'crm:salesforce:001ACME', name: 'Acme', domain: 'acme.example', system: 'Salesforce', crmObjectId: '001ACME', fields: {} };
const GLOBEX = { id: 'crm:salesforce:001GLOBEX', name: 'Globex', domain: 'globex.example', system: 'Salesforce', crmObjectId: '001GLOBEX', fields: {} };
const C = {
  aliceAcme: '18446744073709551601',
  bobAcme: '18446744073709551602',
  privateWithAlice: '18446744073709551603',
  bobGlobex: '18446744073709551604',
  bobBoth: '18446744073709551605',
} as const;

const party = (p: Partial<PartyRecord>): PartyRecord => ({
  partyId: null, speakerId: null, userId: null, email: null, name: null, title: null, affiliation: 'External', phoneNumber: null, methods: [], context: [], ...p,
});
const alice = party({ userId: A, email: 'Alice@ourco.example', name: 'Alice', title: 'AE', affiliation: 'Internal' });
const bob = party({ userId: B, email: 'bob@ourco.example', name: 'Bob', title: 'AE', affiliation: 'Internal' });
const maria = party({ userId: M, email: 'maria@ourco.example', name: 'Maria', title: 'VP', affiliation: 'Internal' });
const cto = party({ email: 'cto@acme.example', name: 'Acme CTO', title: 'CTO' });
const secret = party({ email: 'secret@acme.example', name: 'Only on Bob’s call' });

function call(id: string, o: { host: string; started: string; parties: PartyRecord[]; accounts: (typeof ACME)[]; isPrivate?: boolean; topics?: CallRecord['topics']; trackers?: [string, number][] }): CallRecord {
  return {
    id, workspaceId: W, url: null, title: `Call ${id.slice(-2)}`, scheduled: null, started: o.started, durationS: 1200, primaryUserId: o.host,
    direction: null, system: null, scope: null, media: null, language: null, purpose: null, meetingUrl: null, calendarEventId: null,
    clientUniqueId: null, customData: null, sdrDisposition: null, isPrivate: o.isPrivate ?? false, brief: null, keyPoints: [], highlights: [],
    outline: [], structure: [], callOutcome: null, interaction: null, parties: o.parties.map((p, i) => ({ ...p, partyId: String(i), speakerId: String(i) })),
    context: [], accounts: o.accounts.map((account) => ({ account, source: 'crm' })), topics: o.topics ?? [],
    trackers: (o.trackers ?? []).map(([name, count], i) => ({ trackerId: String(900 + i), name, type: 'KEYWORD', count, occurrences: [], phrases: [] })),
  };
}

const filter = (f: Partial<AccessFilter>): AccessFilter => ({ ...denyAllAccessFilter(f.userId ?? '1299999999999999999'), ...f });
const repFilter = (id: string) => filter({ userId: id, ownUserId: id });
const OPTIONS = { recentCalls: 10, participants: 50 };

describe('CallQueryRepository.accountTimeline', () => {
  let db: TestDatabase;
  let repo: CallQueryRepository;
  beforeAll(async () => {
    db = await testDatabase();
    repo = new CallQueryRepository(db.database);
    await new CallWriteRepository(db.database).upsertCalls(
      [
        call(C.aliceAcme, { host: A, started: '2026-01-05T15:00:00Z', parties: [alice, cto], accounts: [ACME], topics: [{ name: 'Pricing', durationS: 100.4 }], trackers: [['Competitors', 2], ['Budget', 0]] }),
        call(C.bobAcme, { host: B, started: '2026-02-10T09:30:00Z', parties: [bob, cto, secret], accounts: [ACME], topics: [{ name: 'Security', durationS: 50 }], trackers: [['Legal', 1]] }),
        call(C.privateWithAlice, { host: M, started: '2026-03-01T10:00:00Z', parties: [maria, alice], accounts: [ACME], isPrivate: true, topics: [{ name: 'Merger', durationS: 60 }], trackers: [['Acquisition', 3]] }),
        call(C.bobGlobex, { host: B, started: '2026-02-11T09:30:00Z', parties: [bob], accounts: [GLOBEX], topics: [{ name: 'Globex only', durationS: 10 }] }),
        call(C.bobBoth, { host: B, started: '2026-02-20T12:00:00Z', parties: [bob, cto], accounts: [GLOBEX, ACME], trackers: [['Competitors', 4]] }),
      ],
      'test',
    );
  });
  afterAll(async () => {
    await db?.close();
  });

  it('answers a rep from their own calls and the private call they took part in, and nothing of the others', async () => {
    const t = await repo.accountTimeline(repFilter(A), ACME.id, OPTIONS);
    expect(t).toEqual({
      account: { id: ACME.id, name: 'Acme', domain: 'acme.example', system: 'Salesforce', crmObjectId: '001ACME' },
      callCount: 2,
      firstCallAt: '2026-01-05T15:00:00.000Z',
      lastCallAt: '2026-03-01T10:00:00.000Z',
      callsByMonth: [{ month: '2026-01', calls: 1 }, { month: '2026-03', calls: 1 }],
      recentCalls: [
        { id: C.privateWithAlice, title: 'Call 03', started: '2026-03-01T10:00:00.000Z', durationS: 1200, workspaceId: W, primaryUserId: M, isPrivate: true, url: null, internal: false, accounts: [{ id: ACME.id, name: 'Acme' }] },
        { id: C.aliceAcme, title: 'Call 01', started: '2026-01-05T15:00:00.000Z', durationS: 1200, workspaceId: W, primaryUserId: A, isPrivate: false, url: null, internal: false, accounts: [{ id: ACME.id, name: 'Acme' }] },
      ],
      participants: [
        { affiliation: 'Internal', userId: A, email: 'alice@ourco.example', name: 'Alice', title: 'AE', calls: 2, lastCallAt: '2026-03-01T10:00:00.000Z' },
        { affiliation: 'Internal', userId: M, email: 'maria@ourco.example', name: 'Maria', title: 'VP', calls: 1, lastCallAt: '2026-03-01T10:00:00.000Z' },
        { affiliation: 'External', userId: null, email: 'cto@acme.example', name: 'Acme CTO', title: 'CTO', calls: 1, lastCallAt: '2026-01-05T15:00:00.000Z' },
      ],
      topicsByMonth: [{ month: '2026-01', name: 'Pricing', calls: 1, durationS: 100 }, { month: '2026-03', name: 'Merger', calls: 1, durationS: 60 }],
      trackersByMonth: [{ month: '2026-01', name: 'Competitors', calls: 1, mentions: 2 }, { month: '2026-03', name: 'Acquisition', calls: 1, mentions: 3 }],
    });
  });

  it('answers a manager who sees the workspace from every shared call plus their own private one, newest first, limits applied', async () => {
    const t = await repo.accountTimeline(filter({ userId: M, ownUserId: M, allWorkspaceIds: [W] }), ACME.id, { recentCalls: 2, participants: 2 });
    expect(t.callCount).toBe(4);
    expect(t.callsByMonth).toEqual([{ month: '2026-01', calls: 1 }, { month: '2026-02', calls: 2 }, { month: '2026-03', calls: 1 }]);
    expect(t.recentCalls.map((c) => c.id)).toEqual([C.privateWithAlice, C.bobBoth]);
    expect(t.recentCalls[1]!.accounts).toEqual([{ id: ACME.id, name: 'Acme' }, { id: GLOBEX.id, name: 'Globex' }]);
    expect(t.participants.map((p) => [p.email, p.calls])).toEqual([['cto@acme.example', 3], ['alice@ourco.example', 2]]);
    expect(t.trackersByMonth).toEqual([
      { month: '2026-01', name: 'Competitors', calls: 1, mentions: 2 },
      { month: '2026-02', name: 'Competitors', calls: 1, mentions: 4 },
      { month: '2026-02', name: 'Legal', calls: 1, mentions: 1 },
      { month: '2026-03', name: 'Acquisition', calls: 1, mentions: 3 },
    ]);
    expect(t.topicsByMonth.map((r) => r.name)).not.toContain('Globex only');
  });

  it('applies granted calls and per-workspace host lists, never to private calls', async () => {
    const granted = await repo.accountTimeline(filter({ grantedCallIds: [C.bobAcme, C.privateWithAlice] }), ACME.id, OPTIONS);
    expect(granted.recentCalls.map((c) => c.id)).toEqual([C.bobAcme]);
    expect(granted.participants.map((p) => p.email).sort()).toEqual(['bob@ourco.example', 'cto@acme.example', 'secret@acme.example']);
    expect(granted.topicsByMonth).toEqual([{ month: '2026-02', name: 'Security', calls: 1, durationS: 50 }]);
    const hosts = await repo.accountTimeline(filter({ hostUserIdsByWorkspace: [{ workspaceId: W, hostUserIds: [B, M] }] }), ACME.id, OPTIONS);
    expect(hosts.recentCalls.map((c) => c.id)).toEqual([C.bobBoth, C.bobAcme]);
    expect(hosts.trackersByMonth.map((r) => r.name)).toEqual(['Competitors', 'Legal']);
  });

  it('shows nothing of an account whose calls the user may not see, as for an account that does not exist', async () => {
    const empty = { callCount: 0, firstCallAt: null, lastCallAt: null, callsByMonth: [], recentCalls: [], participants: [], topicsByMonth: [], trackersByMonth: [] };
    await expect(repo.accountTimeline(denyAllAccessFilter(A), ACME.id, OPTIONS)).resolves.toMatchObject(empty);
    await expect(repo.accountTimeline(repFilter(A), GLOBEX.id, OPTIONS)).resolves.toMatchObject(empty);
    await expect(repo.accountTimeline(repFilter(B), 'crm:salesforce:001NOPE', OPTIONS)).resolves.toEqual({ account: undefined, ...empty });
  });

  it('gives the same answer on every pooled connection (prepared statements) and for concurrent callers', async () => {
    const answers = await Promise.all(Array.from({ length: 12 }, (_, i) => repo.accountTimeline(i % 2 ? repFilter(A) : repFilter(B), ACME.id, OPTIONS)));
    expect(new Set(answers.filter((_, i) => i % 2 === 1).map((t) => JSON.stringify(t))).size).toBe(1);
    expect(new Set(answers.filter((_, i) => i % 2 === 0).map((t) => JSON.stringify(t))).size).toBe(1);
    expect(answers[1]!.recentCalls.map((c) => c.id)).toEqual([C.privateWithAlice, C.aliceAcme]);
    expect(answers[0]!.recentCalls.map((c) => c.id)).toEqual([C.bobBoth, C.bobAcme]);
  });
});
