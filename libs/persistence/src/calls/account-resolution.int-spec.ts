import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { denyAllAccessFilter, type AccessFilter } from '@gong-connector/contracts';
import { testDatabase, type TestDatabase } from '@gong-connector/testing';
import type { AccountRecord, CallAccountRecord, CallRecord, PartyRecord } from './call-record.js';
import { CallQueryRepository } from './call-query.repository.js';
import { CallReadRepository } from './call-read.repository.js';
import { CallWriteRepository } from './call-write.repository.js';

const W = '5100000000000000001';
const REP = '1200000000000000001'; // sees own calls
const OTHER = '1200000000000000002'; // another rep: sees own calls
const MANAGER = '1200000000000000003'; // sees the workspace (not private calls they are not on)

const crm = (crmId: string, name: string, domain: string | null): AccountRecord => ({ id: `crm:Salesforce:${crmId}`, name, domain, system: 'Salesforce', crmObjectId: crmId, fields: {} });
const byDomain = (domain: string): AccountRecord => ({ id: `domain:${domain}`, name: domain, domain, system: null, crmObjectId: null, fields: {} });
const PIONEER = crm('001PIONEER0000001', 'Pioneer Foods', 'pioneerfoods.com');
const PIONEER_IO = byDomain('pioneerfoods.io');
const HARBOR = crm('001HARBOR00000001', 'Harbor Logistics', 'harbor.example');
const HARBOR_FREIGHT = crm('001HARBOR00000002', 'Harbor Freight Partners', 'harborfreight.example');

const party = (p: Partial<PartyRecord>): PartyRecord => ({
  partyId: null, speakerId: null, userId: null, email: null, name: null, title: null, affiliation: 'External', phoneNumber: null, methods: [], context: [], ...p,
});
const user = (id: string) => party({ userId: id, email: `u${id.slice(-1)}@ourco.example`, name: `User ${id.slice(-1)}`, affiliation: 'Internal' });

let seq = 0;
function call(o: { host: string; title: string; started: string; parties: PartyRecord[]; accounts: [AccountRecord, CallAccountRecord['source']][]; isPrivate?: boolean; scope?: string }): CallRecord {
  seq += 1;
  return {
    id: `1844674407370955${String(1000 + seq)}`, workspaceId: W, url: `https://app.gong.io/call?id=${seq}`, title: o.title, scheduled: null, started: o.started, durationS: 600,
    primaryUserId: o.host, direction: null, system: null, scope: o.scope ?? 'External', media: null, language: null, purpose: null, meetingUrl: null, calendarEventId: null,
    clientUniqueId: null, customData: null, sdrDisposition: null, isPrivate: o.isPrivate ?? false, brief: null, keyPoints: [], highlights: [], outline: [], structure: [],
    callOutcome: null, interaction: null, parties: o.parties, context: [], accounts: o.accounts.map(([account, source]) => ({ account, source })), topics: [], trackers: [],
  };
}

const CALLS = {
  pioneerCrm: call({ host: REP, title: 'Pioneer Foods discovery', started: '2026-01-05T15:00:00Z', parties: [user(REP), party({ email: 'buyer@pioneerfoods.io' })], accounts: [[PIONEER, 'crm']] }),
  pioneerDomainOnly: call({ host: REP, title: 'Follow-up', started: '2026-01-12T15:00:00Z', parties: [user(REP), party({ email: 'cfo@pioneerfoods.io' })], accounts: [[PIONEER_IO, 'domain']] }),
  harbor: call({ host: REP, title: 'Harbor Logistics pricing', started: '2026-01-06T15:00:00Z', parties: [user(REP), party({ email: 'ops@harbor.example' })], accounts: [[HARBOR, 'crm']] }),
  harborFreight: call({ host: OTHER, title: 'Harbor Freight intro', started: '2026-01-07T15:00:00Z', parties: [user(OTHER), party({ email: 'a@harborfreight.example' })], accounts: [[HARBOR_FREIGHT, 'crm']] }),
  // Internal deal review linked by its title; private, hosted by OTHER with REP on it.
  dealReview: call({ host: OTHER, title: 'Deal review: Harbor Logistics', started: '2026-01-08T15:00:00Z', parties: [user(OTHER), user(REP)], accounts: [[HARBOR, 'title']], isPrivate: true, scope: 'Internal' }),
};

const filter = (f: Partial<AccessFilter>): AccessFilter => ({ ...denyAllAccessFilter(f.userId ?? '1299999999999999999'), ...f });
const own = (id: string) => filter({ userId: id, ownUserId: id });
const manager = filter({ userId: MANAGER, ownUserId: MANAGER, allWorkspaceIds: [W] });

describe('CallQueryRepository.resolveAccounts and merged accounts', () => {
  let db: TestDatabase;
  let repo: CallQueryRepository;
  beforeAll(async () => {
    db = await testDatabase();
    repo = new CallQueryRepository(db.database);
    await new CallWriteRepository(db.database).upsertCalls(Object.values(CALLS), 'test');
  });
  afterAll(async () => {
    await db?.close();
  });

  it.each([
    ['the account id', PIONEER.id, 'id'],
    ['the bare CRM id', '001PIONEER0000001', 'crm-id'],
    ['the exact name, any case', 'pioneer foods', 'name'],
    ['a part of the name', 'Pioneer', 'partial-name'],
    ['the website domain', 'pioneerfoods.com', 'domain'],
    ['a contact email domain (merged)', 'pioneerfoods.io', 'domain'],
    ['an email address', 'someone@pioneerfoods.io', 'domain'],
    ['the domain account id (merged)', 'domain:pioneerfoods.io', 'id'],
  ])('resolves %s to the one merged account', async (_, reference, matchedBy) => {
    const [found, ...rest] = await repo.resolveAccounts(own(REP), reference);
    expect(rest).toEqual([]);
    expect(found).toMatchObject({ id: PIONEER.id, name: 'Pioneer Foods', memberIds: [PIONEER.id, PIONEER_IO.id].sort(), domains: ['pioneerfoods.com', 'pioneerfoods.io'], matchedBy, callCount: 2 });
    // The same answer from groups computed once and passed in (how AccountResolver reuses them).
    await expect(repo.resolveAccounts(own(REP), reference, 10, await repo.accountGroups())).resolves.toEqual([found]);
  });

  it('answers every candidate of an ambiguous name, among the accounts with calls the user may see only', async () => {
    expect((await repo.resolveAccounts(manager, 'harbor')).map((a) => a.name).sort()).toEqual(['Harbor Freight Partners', 'Harbor Logistics']);
    expect((await repo.resolveAccounts(own(REP), 'harbor', 10, await repo.accountGroups())).map((a) => a.name)).toEqual(['Harbor Logistics']);
    // REP may see no call of Harbor Freight Partners: the name resolves to Harbor Logistics alone.
    expect((await repo.resolveAccounts(own(REP), 'harbor')).map((a) => a.name)).toEqual(['Harbor Logistics']);
    expect(await repo.resolveAccounts(own(REP), 'Harbor Freight Partners')).toEqual([]);
    expect(await repo.resolveAccounts(own(REP), 'nothing like it')).toEqual([]);
  });

  it('lists a CRM account once with its contacts’ domains, found by any member’s name or domain', async () => {
    const listed = await repo.listAccounts(own(REP), { limit: 10, offset: 0 });
    expect(listed.map((a) => [a.id, a.callCount, a.domains])).toEqual([
      [PIONEER.id, 2, ['pioneerfoods.com', 'pioneerfoods.io']],
      [HARBOR.id, 2, ['harbor.example']],
    ]);
    expect((await repo.listAccounts(own(REP), { q: 'pioneerfoods.io', limit: 10, offset: 0 })).map((a) => a.id)).toEqual([PIONEER.id]);
  });

  it('lists and researches the calls of both the CRM account and the merged domain account', async () => {
    const [pioneer] = await repo.resolveAccounts(own(REP), 'Pioneer Foods');
    const listed = await repo.listCalls({ filter: own(REP), accountIds: pioneer!.memberIds, limit: 10 });
    expect(listed.map((c) => c.id)).toEqual([CALLS.pioneerDomainOnly.id, CALLS.pioneerCrm.id]);
    expect(listed[0]).toMatchObject({ url: CALLS.pioneerDomainOnly.url, internal: false });
    const t = await repo.accountTimeline(own(REP), pioneer!.id, { recentCalls: 10, participants: 10, memberIds: pioneer!.memberIds });
    expect(t).toMatchObject({ account: { id: PIONEER.id }, callCount: 2 });
    expect(t.participants.map((p) => p.email).sort()).toEqual(['buyer@pioneerfoods.io', 'cfo@pioneerfoods.io', 'u1@ourco.example']);
  });

  it('shows an internal deal review under its account, marked internal, to a user who may see it and never to one who may not', async () => {
    const [harbor] = await repo.resolveAccounts(own(REP), 'Harbor Logistics');
    const seenByRep = await repo.accountTimeline(own(REP), harbor!.id, { recentCalls: 10, participants: 10, memberIds: harbor!.memberIds });
    expect(seenByRep.recentCalls.map((c) => [c.title, c.internal])).toEqual([['Deal review: Harbor Logistics', true], ['Harbor Logistics pricing', false]]);
    // The manager sees the workspace but not a private call they are not on.
    const [harborForManager] = await repo.resolveAccounts(manager, 'Harbor Logistics');
    const seenByManager = await repo.accountTimeline(manager, harborForManager!.id, { recentCalls: 10, participants: 10, memberIds: harborForManager!.memberIds });
    expect(seenByManager.recentCalls.map((c) => c.title)).toEqual(['Harbor Logistics pricing']);
    expect((await repo.listCalls({ filter: manager, accountIds: harborForManager!.memberIds, limit: 10 })).map((c) => c.title)).toEqual(['Harbor Logistics pricing']);
    // A user who may see none of the account's calls does not even find the account.
    expect(await repo.resolveAccounts(own('1200000000000000009'), 'Harbor Logistics')).toEqual([]);
    expect(await repo.countCallsWithTranscript({ filter: manager, accountIds: harborForManager!.memberIds })).toBe(0);
  });

  it('finds the CRM accounts a title names, for linking internal calls when they are stored', async () => {
    const reads = new CallReadRepository(db.database);
    expect((await reads.crmAccountsNamedIn(['Deal review: Harbor Logistics'])).map((a) => a.id)).toEqual([HARBOR.id]);
    expect(await reads.crmAccountsNamedIn(['Weekly pipeline review'])).toEqual([]);
  });

  it('links internal calls stored before their account was known, once, with a new outbox version', async () => {
    const writes = new CallWriteRepository(db.database);
    const late = call({ host: OTHER, title: 'Deal review: Pioneer Foods (Q1)', started: '2026-01-20T15:00:00Z', parties: [user(OTHER)], accounts: [], scope: 'Internal' });
    const both = call({ host: OTHER, title: 'Harbor Logistics / Harbor Freight Partners sync', started: '2026-01-21T15:00:00Z', parties: [user(OTHER)], accounts: [], scope: 'Internal' });
    const external = call({ host: OTHER, title: 'Pioneer Foods intro', started: '2026-01-22T15:00:00Z', parties: [user(OTHER), party({ email: 'x@gmail.com' })], accounts: [] });
    await writes.upsertCalls([late, both, external], 'test');
    const version = async (id: string) => ((await db.database.query('SELECT event_version FROM calls WHERE id = $1', [id])) as { event_version: number }[])[0]!.event_version;
    const before = await version(late.id);

    await expect(writes.linkInternalCallsByTitle()).resolves.toEqual([late.id]);
    expect(await version(late.id)).toBe(before + 1);
    const [stored] = await new CallReadRepository(db.database).getCalls([late.id]);
    expect(stored!.accounts.map((a) => [a.account.id, a.source])).toEqual([[PIONEER.id, 'title']]);
    await expect(writes.linkInternalCallsByTitle()).resolves.toEqual([]);
  });
});
