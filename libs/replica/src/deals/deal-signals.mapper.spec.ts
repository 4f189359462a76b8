import { describe, expect, it } from '@jest/globals';
import type { CallRecord, TranscriptRecord } from '@gong-connector/persistence';
import { DealSignalsMapper } from './deal-signals.mapper.js';

const opp = (timing: string, stage: string, closeDate: string) => ({
  system: 'Salesforce',
  objectType: 'Opportunity',
  objectId: '006XYZ',
  name: 'Acme - Platform',
  timing,
  fields: [
    { name: 'Name', value: 'Acme - Platform' },
    { name: 'StageName', value: stage },
    { name: 'CloseDate', value: closeDate },
  ],
});

function record(id: string, started: string, over: Partial<CallRecord> = {}): CallRecord {
  return {
    id, workspaceId: null, url: null, title: 't', scheduled: null, started, durationS: 600, primaryUserId: 'u1', direction: null, system: null,
    scope: 'External', media: null, language: null, purpose: null, meetingUrl: null, calendarEventId: null, clientUniqueId: null, customData: null,
    sdrDisposition: null, isPrivate: false, brief: null, keyPoints: [], outline: [], structure: [], callOutcome: null, interaction: null, topics: [],
    highlights: [{ title: 'Next steps', items: [{ text: 'I will send over the proposal.', startTimes: [500] }] }],
    parties: [
      { partyId: 'p1', speakerId: 's1', userId: 'u1', email: 'rep@seller.com', name: 'Rep', title: 'Account Executive', affiliation: 'Internal', phoneNumber: null, methods: ['Attendee'], context: [] },
      { partyId: 'p2', speakerId: 's2', userId: null, email: 'cfo@acme.com', name: 'Dana', title: 'Chief Financial Officer', affiliation: 'External', phoneNumber: null, methods: ['Invitee', 'Attendee'], context: [] },
      { partyId: 'p3', speakerId: null, userId: null, email: 'vp@acme.com', name: 'Lee', title: 'VP of Operations', affiliation: 'External', phoneNumber: null, methods: ['Invitee'], context: [] },
    ],
    context: [opp('Now', 'Closed Lost', '2026-02-01'), opp('TimeOfCall', 'Demo', '2026-01-15')],
    accounts: [{ account: { id: 'crm:Salesforce:001A', name: 'Acme', domain: 'acme.com', system: 'Salesforce', crmObjectId: '001A', fields: {} }, source: 'crm' }],
    trackers: [
      { trackerId: 't1', name: 'Competitors', type: 'KEYWORD', count: 2, occurrences: [], phrases: [{ phrase: 'Corvid', count: 2, occurrences: [{ startTime: 10, speakerId: 's2' }, { startTime: 2, speakerId: 's1' }] }] },
      { trackerId: 't2', name: 'Objections', type: 'SMART', count: 1, occurrences: [{ startTime: 20, speakerId: 's2' }], phrases: [] },
    ],
    ...over,
  };
}

const transcript: TranscriptRecord = {
  callId: 'c1',
  fetchedAt: '2026-01-10T00:00:00Z',
  monologues: [
    { speakerId: 's1', topic: null, sentences: [{ start: 0, end: 6000, text: 'We beat Corvid on adoption.' }] },
    { speakerId: 's2', topic: 'Competition', sentences: [{ start: 10000, end: 12000, text: 'Corvid came in cheaper.' }] },
    { speakerId: 's2', topic: 'Pricing', sentences: [{ start: 20000, end: 22000, text: 'That is above our budget.' }] },
  ],
};

describe('DealSignalsMapper', () => {
  it('groups calls by opportunity and reads stage and close date at the time of each call, current ones from Now', () => {
    const [deal] = DealSignalsMapper.toDeals([
      { call: record('c2', '2026-01-12T10:00:00Z'), transcript: null, visible: false },
      { call: record('c1', '2026-01-10T10:00:00Z'), transcript, visible: true },
    ]);
    expect(deal).toMatchObject({ dealId: '006XYZ', name: 'Acme - Platform', accountName: 'Acme', stage: 'Closed Lost', closeDate: '2026-02-01' });
    expect(deal.calls.map((c) => [c.callId, c.stage, c.closeDate, c.visible])).toEqual([
      ['c1', 'Demo', '2026-01-15', true],
      ['c2', 'Demo', '2026-01-15', false],
    ]);
  });

  it("reads the customer's talk share, attending decision makers, competitor mentions and objections with quotes, and next steps", () => {
    const [deal] = DealSignalsMapper.toDeals([{ call: record('c1', '2026-01-10T10:00:00Z'), transcript, visible: true }]);
    const c = deal.calls[0];
    expect(c.customerTalkShare).toBeCloseTo(4 / 10, 5);
    expect(c.customerSentences).toBe(2);
    expect(c.decisionMakers).toEqual([{ name: 'Dana', title: 'Chief Financial Officer' }]);
    expect(c.competitorMentions).toEqual([{ competitor: 'Corvid', quote: 'Corvid came in cheaper.', atSeconds: 10 }]);
    expect(c.objections).toEqual([{ topic: 'pricing', quote: 'That is above our budget.', atSeconds: 20 }]);
    expect(c.nextSteps).toEqual(['I will send over the proposal.']);
    expect(c.customerAttended).toBe(true);
  });
});
