import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { denyAllAccessFilter, type AccessFilter } from '@gong-connector/contracts';
import { testDatabase, type TestDatabase } from '@gong-connector/testing';
import type { AccountRecord, CallAccountRecord, CallRecord, PartyRecord } from './call-record.js';
import { CallQueryRepository } from './call-query.repository.js';
import { CallWriteRepository } from './call-write.repository.js';

const W = '5200000000000000001';
const REP = '1300000000000000001';
const MANAGER = '1300000000000000002';

const crm = (crmId: string, name: string, domain: string | null): AccountRecord => ({ id: `crm:Salesforce:${crmId}`, name, domain, system: 'Salesforce', crmObjectId: crmId, fields: {} });
const byDomain = (domain: string): AccountRecord => ({ id: `domain:${domain}`, name: domain, domain, system: null, crmObjectId: null, fields: {} });
const party = (p: Partial<PartyRecord>): PartyRecord => ({
  partyId: null, speakerId: null, userId: null, email: null, name: null, title: null, affiliation: 'External', phoneNumber: null, methods: [], context: [], ...p,
});
const rep = party({ userId: REP, email: 'rep@ourco.example', name: 'Rep', affiliation: 'Internal' });

let seq = 0;
function call(parties: PartyRecord[], accounts: [AccountRecord, CallAccountRecord['source']][], host = REP): CallRecord {
  seq += 1;
  return {
    id: `1944674407370955${String(1000 + seq)}`, workspaceId: W, url: null, title: `Call ${seq}`, scheduled: null, started: `2026-02-${String(seq).padStart(2, '0')}T15:00:00Z`,
    durationS: 600, primaryUserId: host, direction: null, system: null, scope: 'External', media: null, language: null, purpose: null, meetingUrl: null, calendarEventId: null,
    clientUniqueId: null, customData: null, sdrDisposition: null, isPrivate: false, brief: null, keyPoints: [], highlights: [], outline: [], structure: [],
    callOutcome: null, interaction: null, parties: [rep, ...parties], context: [], accounts: accounts.map(([account, source]) => ({ account, source })), topics: [], trackers: [],
  };
}

// A CRM account whose contacts write from a second domain; two CRM accounts sharing a consultant's
// domain and two sharing a website (both stay apart: the narrower reading); a CRM account without a
// website; a domain nobody claims.
const ACME = crm('001ACME0000000001', 'Acme Corp', 'acme.example');
const BETA = crm('001BETA0000000001', 'Beta Labs', 'beta.example');
const GAMMA = crm('001GAMMA000000001', 'Gamma Labs', 'gamma.example');
const DUP1 = crm('001DUP00000000001', 'Dup One', 'dup.example');
const DUP2 = crm('001DUP00000000002', 'Dup Two', 'dup.example');
const NOSITE = crm('001NOSITE00000001', 'Nosite Inc', null);
const LATE = crm('001LATE0000000001', 'Late Arrival', 'late.example');
const DOMAINS = ['acme.io', 'consult.example', 'dup.example', 'nosite.io', 'lonely.io', 'late.io', 'acme.example'].map(byDomain);
const [ACME_IO, CONSULT, DUP, NOSITE_IO, LONELY, LATE_IO, ACME_SITE] = DOMAINS as [AccountRecord, AccountRecord, AccountRecord, AccountRecord, AccountRecord, AccountRecord, AccountRecord];

const CALLS = [
  call([party({ email: 'buyer@acme.io' })], [[ACME, 'crm']]),
  call([party({ email: 'cfo@acme.io' })], [[ACME_IO, 'domain']]),
  call([party({ email: 'it@acme.example' })], [[ACME_SITE, 'domain']]),
  call([party({ email: 'x@beta.example' }), party({ email: 'pat@consult.example' })], [[BETA, 'crm']]),
  call([party({ email: 'y@gamma.example' }), party({ email: 'sam@consult.example' })], [[GAMMA, 'crm']]),
  call([party({ email: 'pat@consult.example' })], [[CONSULT, 'domain']]),
  call([party({ email: 'a@dup.example' })], [[DUP1, 'crm']]),
  call([party({ email: 'b@dup.example' })], [[DUP2, 'crm']]),
  call([party({ email: 'c@dup.example' })], [[DUP, 'domain']]),
  call([party({ email: 'z@nosite.io' })], [[NOSITE, 'crm']]),
  call([party({ email: 'w@nosite.io' })], [[NOSITE_IO, 'domain']]),
  call([party({ email: 'l@lonely.io' })], [[LONELY, 'domain']]),
  call([party({ email: 'first@late.io' })], [[LATE_IO, 'domain']]),
];

const filter = (f: Partial<AccessFilter>): AccessFilter => ({ ...denyAllAccessFilter(f.userId ?? '1399999999999999999'), ...f });
const manager = filter({ userId: MANAGER, ownUserId: MANAGER, allWorkspaceIds: [W] });

/**
 * `resolveAccounts` computes the merged members of the matched accounts only (by index); every
 * reference must resolve exactly as with every account's group computed at once (`accountGroups`),
 * and a merge must be seen as soon as the call that makes it is stored.
 */
describe('CallQueryRepository.resolveAccounts: merged members of the matched accounts', () => {
  let db: TestDatabase;
  let repo: CallQueryRepository;
  beforeAll(async () => {
    db = await testDatabase();
    repo = new CallQueryRepository(db.database);
    await new CallWriteRepository(db.database).upsertCalls(CALLS, 'test');
  });
  afterAll(async () => {
    await db?.close();
  });

  const accounts = [ACME, BETA, GAMMA, DUP1, DUP2, NOSITE, ...DOMAINS.filter((d) => d !== LATE_IO)];
  const references = [
    ...accounts.flatMap((a) => [a.id, a.name, a.name.toUpperCase(), ...(a.domain ? [a.domain, `someone@${a.domain}`, `https://www.${a.domain}/about`] : []), ...(a.crmObjectId ? [a.crmObjectId] : [])]),
    'Labs', 'Dup', 'example', 'io', 'a', 'nothing like it',
  ];

  it.each(references)('resolves %s as the company-wide groups do', async (reference) => {
    const local = await repo.resolveAccounts(manager, reference, 20);
    await expect(repo.resolveAccounts(manager, reference, 20, await repo.accountGroups())).resolves.toEqual(local);
  });

  it.each([
    ['acme.io', ACME.id, [ACME.id, ACME_SITE.id, ACME_IO.id].sort(), ['acme.example', 'acme.io']],
    [ACME_IO.id, ACME.id, [ACME.id, ACME_SITE.id, ACME_IO.id].sort(), ['acme.example', 'acme.io']],
    ['consult.example', CONSULT.id, [CONSULT.id], ['consult.example']],
    [BETA.id, BETA.id, [BETA.id], ['beta.example']],
    [DUP.id, DUP.id, [DUP.id], ['dup.example']],
    ['nosite.io', NOSITE.id, [NOSITE.id, NOSITE_IO.id].sort(), ['nosite.io']],
    ['lonely.io', LONELY.id, [LONELY.id], ['lonely.io']],
  ])('%s is the group %s', async (reference, id, memberIds, domains) => {
    const [found, ...rest] = await repo.resolveAccounts(manager, reference);
    expect(rest).toEqual([]);
    expect(found).toMatchObject({ id, memberIds, domains });
  });

  it('sees a merge as soon as the call that makes it is stored', async () => {
    await expect(repo.resolveAccounts(manager, 'late.io')).resolves.toEqual([expect.objectContaining({ id: LATE_IO.id, memberIds: [LATE_IO.id] })]);
    // A CRM call of Late Arrival with a contact writing from late.io: late.io is now Late Arrival's.
    await new CallWriteRepository(db.database).upsertCalls([call([party({ email: 'second@late.io' })], [[LATE, 'crm']])], 'test');
    const [merged, ...rest] = await repo.resolveAccounts(manager, 'late.io');
    expect(rest).toEqual([]);
    expect(merged).toMatchObject({ id: LATE.id, memberIds: [LATE.id, LATE_IO.id].sort(), domains: ['late.example', 'late.io'], callCount: 2, matchedBy: 'domain' });
    await expect(repo.resolveAccounts(manager, LATE_IO.id)).resolves.toEqual([{ ...merged, matchedBy: 'id' }]);
  });
});
