import { describe, expect, it } from '@jest/globals';
import { CallDataSchema, parseGongJson, type CallData } from '@gong-connector/gong-client';
import type { AccountRecord } from '@gong-connector/persistence';
import { CallRecordMapper } from './call-record.mapper.js';

const ACME: AccountRecord = { id: 'crm:Salesforce:001A', name: 'Acme', domain: 'acme.com', system: 'Salesforce', crmObjectId: '001A', fields: {} };
const BETA: AccountRecord = { id: 'crm:Salesforce:001B', name: 'Beta', domain: null, system: 'Salesforce', crmObjectId: '001B', fields: {} };

/** A call as /v2/calls/extensive sends it, with the CRM context's objects given (Gong's spec: objectType Opportunity or Account). */
const wire = (objects: string, parties = `{"id": "1", "emailAddress": "rep@us.com", "userId": "234599484848423", "affiliation": "Internal"}`): CallData =>
  CallDataSchema.parse(
    parseGongJson(`{
      "metaData": {"id": 7782342274025937001, "title": "Pipeline review", "started": "2026-01-09T16:21:03Z", "scope": "Internal"},
      "context": [{"system": "Salesforce", "objects": [${objects}]}],
      "parties": [${parties}]
    }`),
  );
const OPP_ONLY = `{"objectType": "Opportunity", "objectId": "006B", "timing": "Now", "fields": [{"name": "Name", "value": "Acme renewal"}]}`;

describe('CallRecordMapper: a CRM context with only an opportunity', () => {
  it('links the call to the account its opportunity is known to be of (source opportunity)', () => {
    const record = CallRecordMapper.toCallRecord(wire(OPP_ONLY), { crmAccountsByOpportunity: new Map([['Salesforce:006B', ACME]]) });
    expect(record.accounts).toEqual([{ account: ACME, source: 'opportunity' }]);
  });

  it('links nothing when the opportunity’s account is unknown, or of another CRM system', () => {
    expect(CallRecordMapper.toCallRecord(wire(OPP_ONLY)).accounts).toEqual([]);
    expect(CallRecordMapper.toCallRecord(wire(OPP_ONLY), { crmAccountsByOpportunity: new Map([['HubSpot:006B', ACME]]) }).accounts).toEqual([]);
  });

  it('keeps the Account object of a context that has one (the opportunity adds nothing)', () => {
    const both = wire(`{"objectType": "Account", "objectId": "001B", "fields": [{"name": "Name", "value": "Beta"}]}, ${OPP_ONLY}`);
    expect(CallRecordMapper.opportunityKeys(CallRecordMapper.toCallRecord(both).context)).toEqual([]);
    const record = CallRecordMapper.toCallRecord(both, { crmAccountsByOpportunity: new Map([['Salesforce:006B', ACME]]) });
    expect(record.accounts.map((a) => [a.account.id, a.source])).toEqual([[BETA.id, 'crm']]);
  });

  it('links by opportunity before the title (an opportunity is CRM context)', () => {
    const titled = CallDataSchema.parse({ ...wire(OPP_ONLY), metaData: { ...wire(OPP_ONLY).metaData, title: 'Deal review: Beta' } });
    const record = CallRecordMapper.toCallRecord(titled, { crmAccountsByOpportunity: new Map([['Salesforce:006B', ACME]]), crmAccountsForTitles: [BETA] });
    expect(record.accounts.map((a) => [a.account.id, a.source])).toEqual([[ACME.id, 'opportunity']]);
  });

  it('learns an opportunity’s account from contexts where it is beside exactly one Account object', () => {
    const acmeCall = CallRecordMapper.toCallRecord(wire(`{"objectType": "Account", "objectId": "001A", "fields": [{"name": "Name", "value": "Acme"}]}, ${OPP_ONLY}`));
    const betaCall = CallRecordMapper.toCallRecord(wire(`{"objectType": "Account", "objectId": "001B"}, {"objectType": "Opportunity", "objectId": "006S"}`));
    const acmeShared = CallRecordMapper.toCallRecord(wire(`{"objectType": "Account", "objectId": "001A"}, {"objectType": "Opportunity", "objectId": "006S"}`));
    const oppOnly = CallRecordMapper.toCallRecord(wire(OPP_ONLY));
    const learned = CallRecordMapper.opportunityAccounts([acmeCall, betaCall, acmeShared, oppOnly]);
    expect([...learned].map(([k, a]) => [k, a.id])).toEqual([['Salesforce:006B', ACME.id]]);
    expect(CallRecordMapper.opportunityKeys(oppOnly.context)).toEqual(['Salesforce:006B']);
  });
});
