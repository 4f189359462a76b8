import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { denyAllAccessFilter, type AccessFilter } from '@gong-connector/contracts';
import { CallQueryRepository, CallWriteRepository, type AccountRecord, type CallRecord, type PartyRecord } from '@gong-connector/persistence';
import { testDatabase, type TestDatabase } from '@gong-connector/testing';
import { AccountResolver } from './account.resolver.js';

const W = '5200000000000000001';
const REP = '1300000000000000001';
const OTHER = '1300000000000000002';
const PIONEER: AccountRecord = { id: 'crm:Salesforce:001PIONEER0000009', name: 'Pioneer Foods', domain: 'pioneerfoods.com', system: 'Salesforce', crmObjectId: '001PIONEER0000009', fields: {} };
const PIONEER_IO: AccountRecord = { id: 'domain:pioneerfoods.io', name: 'pioneerfoods.io', domain: 'pioneerfoods.io', system: null, crmObjectId: null, fields: {} };

const party = (p: Partial<PartyRecord>): PartyRecord => ({
  partyId: null, speakerId: null, userId: null, email: null, name: null, title: null, affiliation: 'External', phoneNumber: null, methods: [], context: [], ...p,
});
const rep = party({ userId: REP, email: 'rep@ourco.example', name: 'Rep', affiliation: 'Internal' });
const call = (id: string, parties: PartyRecord[], accounts: Array<[AccountRecord, 'crm' | 'domain']>): CallRecord => ({
  id, workspaceId: W, url: `https://app.gong.io/call?id=${id}`, title: 'Pioneer call', scheduled: null, started: '2026-01-05T15:00:00Z', durationS: 600,
  primaryUserId: REP, direction: null, system: null, scope: 'External', media: null, language: null, purpose: null, meetingUrl: null, calendarEventId: null,
  clientUniqueId: null, customData: null, sdrDisposition: null, isPrivate: false, brief: null, keyPoints: [], highlights: [], outline: [], structure: [],
  callOutcome: null, interaction: null, parties, context: [], accounts: accounts.map(([account, source]) => ({ account, source })), topics: [], trackers: [],
});
const own = (id: string): AccessFilter => ({ ...denyAllAccessFilter(id), ownUserId: id });

/**
 * AccountResolver keeps resolutions by the replica's `accounts` data version: a second question
 * about one account does not resolve it again, a committed write that changes what a resolution
 * reads (here a call that merges a domain account into the CRM account) is seen at once, and one
 * user's resolution is never another's answer.
 */
describe('AccountResolver (resolutions kept by the accounts data version)', () => {
  let db: TestDatabase;
  let queries: CallQueryRepository;
  let writes: CallWriteRepository;
  beforeAll(async () => {
    db = await testDatabase();
    queries = new CallQueryRepository(db.database);
    writes = new CallWriteRepository(db.database);
    await writes.upsertCalls([call('1844674407370955001', [rep, party({ email: 'buyer@pioneerfoods.com' })], [[PIONEER, 'crm']])], 'test');
  });
  afterAll(async () => {
    await db?.close();
  });

  it('moves the version with every committed write to what a resolution reads, and never with a read', async () => {
    const before = await queries.accountsVersion();
    await queries.resolveAccounts(own(REP), 'Pioneer');
    expect(await queries.accountsVersion()).toBe(before);
    await writes.upsertCalls([call('1844674407370955002', [rep, party({ email: 'ops@pioneerfoods.com' })], [[PIONEER, 'crm']])], 'test');
    const afterCall = await queries.accountsVersion();
    expect(BigInt(afterCall)).toBeGreaterThan(BigInt(before));
    // A topic or a tracker alone (an account's timeline reads them) moves it too.
    await db.database.query(`INSERT INTO call_topics (call_id, name, duration_s) VALUES ('1844674407370955002', 'Pricing', 60)`);
    expect(BigInt(await queries.accountsVersion())).toBeGreaterThan(BigInt(afterCall));
  });

  it('resolves a repeated reference once, and sees a merge as soon as the call making it is stored', async () => {
    const resolver = new AccountResolver(queries);
    const resolve = jest.spyOn(queries, 'resolveAccounts');
    const first = await resolver.resolve(own(REP), 'Pioneer');
    expect(first).toMatchObject({ id: PIONEER.id, memberIds: [PIONEER.id], callCount: 2 });
    await expect(resolver.memberIds(own(REP), ['Pioneer', PIONEER.id])).resolves.toEqual([PIONEER.id]);
    expect(await resolver.resolve(own(REP), 'Pioneer')).toEqual(first);
    // 'Pioneer' once, the account id once.
    expect(resolve).toHaveBeenCalledTimes(2);

    // A CRM call of Pioneer's with a contact at pioneerfoods.io, and a call of that domain account alone: one account now.
    await writes.upsertCalls(
      [
        call('1844674407370955003', [rep, party({ email: 'cfo@pioneerfoods.io' })], [[PIONEER, 'crm']]),
        call('1844674407370955004', [rep, party({ email: 'cto@pioneerfoods.io' })], [[PIONEER_IO, 'domain']]),
      ],
      'test',
    );
    await expect(resolver.resolve(own(REP), 'Pioneer')).resolves.toMatchObject({ id: PIONEER.id, memberIds: [PIONEER.id, PIONEER_IO.id].sort(), callCount: 4 });
    expect(resolve).toHaveBeenCalledTimes(3);
    resolve.mockRestore();
  });

  it("never answers one user with another's resolution", async () => {
    const resolver = new AccountResolver(queries);
    await expect(resolver.resolve(own(REP), 'Pioneer')).resolves.toMatchObject({ id: PIONEER.id });
    await expect(resolver.resolve(own(OTHER), 'Pioneer')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
