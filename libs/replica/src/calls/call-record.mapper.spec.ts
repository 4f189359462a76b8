import { describe, expect, it } from '@jest/globals';
import { CallDataSchema, CallTranscriptSchema, parseGongJson, type CallData } from '@gong-connector/gong-client';
import { CallRecordMapper } from './call-record.mapper.js';
import { contentHash } from '@gong-connector/persistence';

/** A call as /v2/calls/extensive sends it (Gong's documented example, with our additions). */
const WIRE = `{
  "metaData": {"id": 7782342274025937895, "url": "https://app.gong.io/call?id=7782342274025937895", "title": "Acme <> Us | Pricing",
    "scheduled": "2026-01-09T16:00:00-08:00", "started": "2026-01-09T16:21:03-08:00", "duration": 1805,
    "primaryUserId": "234599484848423", "direction": "Conference", "system": "Zoom", "scope": "External", "media": "Video",
    "language": "eng", "workspaceId": "623457276584334", "isPrivate": null, "purpose": "Pricing"},
  "context": [{"system": "Salesforce", "objects": [
    {"objectType": "Account", "objectId": "001A", "timing": "TimeOfCall", "fields": [{"name": "Name", "value": "Acme (old)"}, {"name": "Website", "value": "https://www.acme.com"}]},
    {"objectType": "Account", "objectId": "001A", "timing": "Now", "fields": [{"name": "Name", "value": "Acme"}, {"name": "Website", "value": "https://www.acme.com"}, {"name": "NumberOfEmployees__c", "value": 1200}]},
    {"objectType": "Opportunity", "objectId": "006B", "timing": "Now", "fields": [{"name": "Name", "value": "Acme renewal"}, {"name": "StageName", "value": "Negotiation"}]},
    {"objectType": "Opportunity", "fields": []}
  ]}],
  "parties": [
    {"id": "1", "emailAddress": "rep@us.com", "name": "Rep", "userId": "234599484848423", "speakerId": "6432345678555530067", "affiliation": "Internal", "methods": ["Invitee"]},
    {"id": "2", "emailAddress": "cto@ACME.com", "name": "Cto", "speakerId": 6432345678555530068, "affiliation": "External", "methods": ["Attendee"]},
    {"id": "3", "emailAddress": "buyer@globex.io", "name": "Buyer", "affiliation": "External", "methods": ["Invitee"]},
    {"id": "4", "emailAddress": "someone@gmail.com", "affiliation": "External"},
    {"id": "5", "phoneNumber": "+1 555", "affiliation": "Sideways"}
  ],
  "content": {
    "topics": [{"name": "Pricing", "duration": 86.5}, {"name": "Pricing", "duration": 3}, {"name": "Intro", "duration": 40}],
    "trackers": [{"id": "77", "name": "Competitors", "count": 2, "type": "KEYWORD",
      "occurrences": [{"startTime": 32.56, "speakerId": "6432345678555530068"}],
      "phrases": [{"phrase": "Walmart", "count": 1, "occurrences": [{"startTime": 32.56}]}]}, {"name": "no id"}],
    "brief": "They want a discount.", "keyPoints": [{"text": "Discount asked"}], "callOutcome": {"id": "X", "name": "Next steps"}
  },
  "interaction": {"speakers": [{"id": "1", "talkTime": 145}]}
}`;

const call = (): CallData => CallDataSchema.parse(parseGongJson(WIRE));

describe('CallRecordMapper', () => {
  it('maps metadata with ids as exact strings and times in UTC', () => {
    const r = CallRecordMapper.toCallRecord(call());
    expect(r).toMatchObject({
      id: '7782342274025937895',
      workspaceId: '623457276584334',
      title: 'Acme <> Us | Pricing',
      scheduled: '2026-01-10T00:00:00Z',
      started: '2026-01-10T00:21:03Z',
      durationS: 1805,
      isPrivate: false,
      purpose: 'Pricing',
      meetingUrl: null,
      brief: 'They want a discount.',
      keyPoints: [{ text: 'Discount asked' }],
      callOutcome: { id: 'X', name: 'Next steps' },
      interaction: { speakers: [{ id: '1', talkTime: 145 }] },
      highlights: [],
    });
  });

  it('keeps every party in order, unknown affiliations as Unknown, speaker ids as strings', () => {
    const parties = CallRecordMapper.toCallRecord(call()).parties;
    expect(parties.map((p) => [p.partyId, p.speakerId, p.affiliation])).toEqual([
      ['1', '6432345678555530067', 'Internal'],
      ['2', '6432345678555530068', 'External'],
      ['3', null, 'External'],
      ['4', null, 'External'],
      ['5', null, 'Unknown'],
    ]);
    expect(parties[4]).toMatchObject({ email: null, phoneNumber: '+1 555', methods: [], context: [] });
  });

  it('flattens CRM context objects with their fields; objects without a type or id are left out', () => {
    expect(CallRecordMapper.toCallRecord(call()).context).toEqual([
      { system: 'Salesforce', objectType: 'Account', objectId: '001A', name: 'Acme (old)', timing: 'TimeOfCall', fields: [{ name: 'Name', value: 'Acme (old)' }, { name: 'Website', value: 'https://www.acme.com' }] },
      {
        system: 'Salesforce',
        objectType: 'Account',
        objectId: '001A',
        name: 'Acme',
        timing: 'Now',
        fields: [{ name: 'Name', value: 'Acme' }, { name: 'Website', value: 'https://www.acme.com' }, { name: 'NumberOfEmployees__c', value: 1200 }],
      },
      { system: 'Salesforce', objectType: 'Opportunity', objectId: '006B', name: 'Acme renewal', timing: 'Now', fields: [{ name: 'Name', value: 'Acme renewal' }, { name: 'StageName', value: 'Negotiation' }] },
    ]);
  });

  it('derives accounts from CRM Account objects (values as of now) and from external email domains, free mail aside', () => {
    expect(CallRecordMapper.toCallRecord(call()).accounts).toEqual([
      {
        source: 'crm',
        account: { id: 'crm:Salesforce:001A', name: 'Acme', domain: 'acme.com', system: 'Salesforce', crmObjectId: '001A', fields: { Name: 'Acme', Website: 'https://www.acme.com', NumberOfEmployees__c: 1200 } },
      },
      { source: 'domain', account: { id: 'domain:globex.io', name: 'globex.io', domain: 'globex.io', system: null, crmObjectId: null, fields: {} } },
    ]);
    expect(CallRecordMapper.externalDomains(call())).toEqual(['acme.com', 'globex.io']);
  });

  it('links an external domain to a CRM account already known by that domain', () => {
    const globex = { id: 'crm:Salesforce:001G', name: 'Globex', domain: 'globex.io', system: 'Salesforce', crmObjectId: '001G', fields: {} };
    const r = CallRecordMapper.toCallRecord(call(), { crmAccountsByDomain: new Map([['globex.io', globex]]) });
    expect(r.accounts.map((a) => [a.account.id, a.source])).toEqual([
      ['crm:Salesforce:001A', 'crm'],
      ['crm:Salesforce:001G', 'domain'],
    ]);
  });

  describe('internal calls named after an account', () => {
    const account = (crmId: string, name: string) => ({ id: `crm:Salesforce:${crmId}`, name, domain: null, system: 'Salesforce', crmObjectId: crmId, fields: {} });
    const harbor = account('001H', 'Harbor Logistics');
    const harborFreight = account('001F', 'Harbor Freight');
    const acme = account('001A', 'Acme');
    const internal = (title: string): CallData => {
      const c = call();
      return { ...c, metaData: { ...c.metaData, title, scope: 'Internal' }, context: [], parties: (c.parties ?? []).filter((p) => p.affiliation === 'Internal') };
    };

    it.each<[string, string | null]>([
      ['Deal review: Harbor Logistics', harbor.id],
      ['harbor logistics / pipeline', harbor.id],
      ['Deal review: Harbor Freight', harborFreight.id],
      ['Harbor Logistics vs Harbor Freight', null],
      ['Weekly pipeline review', null],
      ['Acmeville sync', null],
    ])('links "%s" to %s', (title, id) => {
      const r = CallRecordMapper.toCallRecord(internal(title), { crmAccountsForTitles: [harbor, harborFreight, acme] });
      expect(r.accounts.map((a) => [a.account.id, a.source])).toEqual(id ? [[id, 'title']] : []);
    });

    it('leaves calls with an external participant to their CRM context and domains', () => {
      const c = call();
      const r = CallRecordMapper.toCallRecord({ ...c, metaData: { ...c.metaData, title: 'Deal review: Harbor Logistics' } }, { crmAccountsForTitles: [harbor] });
      expect(r.accounts.map((a) => a.source)).not.toContain('title');
    });
  });

  it('keeps topics and trackers once each, with occurrences in seconds', () => {
    const r = CallRecordMapper.toCallRecord(call());
    expect(r.topics).toEqual([{ name: 'Pricing', durationS: 86.5 }, { name: 'Intro', durationS: 40 }]);
    expect(r.trackers).toEqual([
      {
        trackerId: '77',
        name: 'Competitors',
        type: 'KEYWORD',
        count: 2,
        occurrences: [{ startTime: 32.56, speakerId: '6432345678555530068' }],
        phrases: [{ phrase: 'Walmart', count: 1, occurrences: [{ startTime: 32.56, speakerId: null }] }],
      },
    ]);
  });

  it('is deterministic: the same call hashes the same', () => {
    expect(contentHash(CallRecordMapper.toCallRecord(call()))).toBe(contentHash(CallRecordMapper.toCallRecord(call())));
  });

  it('refuses a call with neither start nor scheduled time', () => {
    const c = call();
    delete c.metaData.started;
    delete c.metaData.scheduled;
    expect(() => CallRecordMapper.toCallRecord(c)).toThrow(/neither a start nor a scheduled time/);
  });

  it('maps a transcript monologue by monologue, stamped with when it was fetched', () => {
    const t = CallTranscriptSchema.parse(
      parseGongJson('{"callId": 7782342274025937895, "transcript": [{"speakerId": 6432345678555530067, "topic": null, "sentences": [{"start": 460230, "end": 462343, "text": "No wait."}]}]}'),
    );
    expect(CallRecordMapper.toTranscriptRecord(t, '2026-01-10T01:00:00.000Z')).toEqual({
      callId: '7782342274025937895',
      fetchedAt: '2026-01-10T01:00:00.000Z',
      monologues: [{ speakerId: '6432345678555530067', topic: null, sentences: [{ start: 460230, end: 462343, text: 'No wait.' }] }],
    });
  });
});
