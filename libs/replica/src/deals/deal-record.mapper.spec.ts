import { describe, expect, it } from '@jest/globals';
import type { CallRecord, ContextObjectRecord } from '@gong-connector/persistence';
import { DealRecordMapper } from './deal-record.mapper.js';

const opp = (timing: string | null, fields: Record<string, unknown>, id = '0061'): ContextObjectRecord => ({
  system: 'Salesforce',
  objectType: 'Opportunity',
  objectId: id,
  name: null,
  timing,
  fields: Object.entries(fields).map(([name, value]) => ({ name, value })),
});

const call = (context: ContextObjectRecord[]): CallRecord =>
  ({
    id: '12345678901234567890',
    started: '2026-01-05T10:00:00.000Z',
    primaryUserId: '98765432109876543210',
    context,
    accounts: [{ source: 'crm', account: { id: 'crm:Salesforce:0011', name: 'Acme', domain: null, system: 'Salesforce', crmObjectId: '0011', fields: {} } }],
  }) as unknown as CallRecord;

describe('DealRecordMapper', () => {
  it('reads each opportunity of a call at the time of the call and now', () => {
    const out = DealRecordMapper.observations(
      call([
        { system: 'Salesforce', objectType: 'Account', objectId: '0011', name: null, timing: 'Now', fields: [] },
        opp('Now', { Name: 'Acme renewal', StageName: 'Closed Won', Amount: 120000, CloseDate: '2026-02-01', OwnerId: '005X' }),
        opp('TimeOfCall', { Name: 'Acme renewal', StageName: 'Negotiation', Amount: '90000.50', CloseDate: '2026-01-15T00:00:00Z' }),
        opp('Now', { Name: 'Acme upsell', StageName: 'Discovery' }, '0062'),
      ]),
    );
    expect(out).toEqual([
      {
        dealId: '0061',
        system: 'Salesforce',
        callId: '12345678901234567890',
        started: '2026-01-05T10:00:00.000Z',
        primaryUserId: '98765432109876543210',
        accountId: 'crm:Salesforce:0011',
        accountName: 'Acme',
        atCall: { name: 'Acme renewal', stage: 'Negotiation', amount: 90000.5, closeDate: '2026-01-15', outcome: 'open', crmOwnerId: null },
        now: { name: 'Acme renewal', stage: 'Closed Won', amount: 120000, closeDate: '2026-02-01', outcome: 'won', crmOwnerId: '005X' },
      },
      expect.objectContaining({ dealId: '0062', atCall: null, now: expect.objectContaining({ stage: 'Discovery', closeDate: null, amount: null }) }),
    ]);
    expect(DealRecordMapper.observations(call([]))).toEqual([]);
  });

  it.each([
    ['Closed Won', null, null, 'won'],
    ['closedlost', null, null, 'lost'],
    ['Negotiation', null, null, 'open'],
    [null, null, null, 'open'],
    ['Contract signed', true, true, 'won'],
    ['Disqualified', true, false, 'lost'],
    ['Closed Won', false, null, 'open'],
  ] as const)('outcome of stage %p (closed %p, won %p) is %p', (stage, isClosed, isWon, expected) => {
    expect(DealRecordMapper.outcome(stage, isClosed, isWon)).toBe(expected);
  });

  it('ignores close dates and amounts it cannot read', () => {
    const [o] = DealRecordMapper.observations(call([opp('Now', { StageName: 'Discovery', CloseDate: 'next week', Amount: 'lots' })]));
    expect(o!.now).toMatchObject({ closeDate: null, amount: null });
  });
});
