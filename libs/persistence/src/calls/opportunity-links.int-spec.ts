import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { testDatabase, type TestDatabase } from '@gong-connector/testing';
import type { AccountRecord, CallAccountRecord, CallRecord, ContextObjectRecord, PartyRecord } from './call-record.js';
import { CallReadRepository } from './call-read.repository.js';
import { CallWriteRepository } from './call-write.repository.js';

const W = '5300000000000000001';
const HOST = '1400000000000000001';
const crm = (crmId: string, name: string): AccountRecord => ({ id: `crm:Salesforce:${crmId}`, name, domain: null, system: 'Salesforce', crmObjectId: crmId, fields: {} });
const ACME = crm('001ACME0000000001', 'Acme Corp');
const BETA = crm('001BETA0000000001', 'Beta Labs');
const object = (objectType: string, objectId: string): ContextObjectRecord => ({ system: 'Salesforce', objectType, objectId, name: null, timing: 'Now', fields: [] });
const host: PartyRecord = { partyId: null, speakerId: null, userId: HOST, email: 'host@ourco.example', name: 'Host', title: null, affiliation: 'Internal', phoneNumber: null, methods: [], context: [] };

let seq = 0;
function call(context: ContextObjectRecord[], accounts: [AccountRecord, CallAccountRecord['source']][], scope = 'Internal'): CallRecord {
  seq += 1;
  return {
    id: `2044674407370955${String(1000 + seq)}`, workspaceId: W, url: null, title: `Pipeline sync ${seq}`, scheduled: null, started: `2026-03-${String(seq).padStart(2, '0')}T15:00:00Z`,
    durationS: 600, primaryUserId: HOST, direction: null, system: null, scope, media: null, language: null, purpose: null, meetingUrl: null, calendarEventId: null,
    clientUniqueId: null, customData: null, sdrDisposition: null, isPrivate: false, brief: null, keyPoints: [], highlights: [], outline: [], structure: [],
    callOutcome: null, interaction: null, parties: [host], context, accounts: accounts.map(([account, source]) => ({ account, source })), topics: [], trackers: [],
  };
}

// Acme's opportunity 006A is seen beside Acme's Account object; 006S beside both Acme's and Beta's (ambiguous).
const CALLS = {
  acmeWithOpp: call([object('Account', ACME.crmObjectId!), object('Opportunity', '006A')], [[ACME, 'crm']], 'External'),
  betaWithShared: call([object('Account', BETA.crmObjectId!), object('Opportunity', '006S')], [[BETA, 'crm']], 'External'),
  acmeWithShared: call([object('Account', ACME.crmObjectId!), object('Opportunity', '006S')], [[ACME, 'crm']], 'External'),
  // Internal calls whose CRM context has only an opportunity, stored before anything linked them.
  oppOnly: call([object('Opportunity', '006A')], []),
  sharedOppOnly: call([object('Opportunity', '006S')], []),
  unknownOppOnly: call([object('Opportunity', '006UNKNOWN')], []),
};

/** Calls whose CRM context names only an opportunity are linked to the opportunity's one account. */
describe('opportunity links', () => {
  let db: TestDatabase;
  let reads: CallReadRepository;
  let writes: CallWriteRepository;
  beforeAll(async () => {
    db = await testDatabase();
    reads = new CallReadRepository(db.database);
    writes = new CallWriteRepository(db.database);
    await writes.upsertCalls(Object.values(CALLS), 'test');
  });
  afterAll(async () => {
    await db?.close();
  });

  it('knows the account of an opportunity seen beside exactly one Account object', async () => {
    const found = await reads.crmAccountsByOpportunity(['Salesforce:006A', 'Salesforce:006S', 'Salesforce:006UNKNOWN', 'HubSpot:006A']);
    expect([...found].map(([k, a]) => [k, a.id, a.name])).toEqual([['Salesforce:006A', ACME.id, 'Acme Corp']]);
    await expect(reads.crmAccountsByOpportunity([])).resolves.toEqual(new Map());
  });

  it('links calls stored before their opportunity’s account was known, once, with a new outbox version', async () => {
    const version = async (id: string) => ((await db.database.query('SELECT event_version FROM calls WHERE id = $1', [id])) as { event_version: number }[])[0]!.event_version;
    const before = await version(CALLS.oppOnly.id);
    await expect(writes.linkCallsByOpportunity()).resolves.toEqual([CALLS.oppOnly.id]);
    expect(await version(CALLS.oppOnly.id)).toBe(before + 1);
    const [linked, shared, unknown] = await reads.getCalls([CALLS.oppOnly.id, CALLS.sharedOppOnly.id, CALLS.unknownOppOnly.id]);
    expect(linked!.accounts.map((a) => [a.account.id, a.source])).toEqual([[ACME.id, 'opportunity']]);
    expect(shared!.accounts).toEqual([]);
    expect(unknown!.accounts).toEqual([]);
    await expect(writes.linkCallsByOpportunity()).resolves.toEqual([]);
  });
});
