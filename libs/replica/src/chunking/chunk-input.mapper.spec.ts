import { describe, expect, it } from '@jest/globals';
import { ChunkInputSchema } from '@gong-connector/chunking';
import type { CallRecord, TranscriptRecord } from '@gong-connector/persistence';
import { ChunkInputMapper } from './chunk-input.mapper.js';

const call: CallRecord = {
  id: '1000000000000000001', workspaceId: '2000000000000000001', url: null, title: 'Pricing review', scheduled: null,
  started: '2026-01-10T16:00:00Z', durationS: 1800, primaryUserId: '3000000000000000001', direction: null, system: null,
  scope: 'External', media: null, language: null, purpose: null, meetingUrl: null, calendarEventId: null, clientUniqueId: null,
  customData: null, sdrDisposition: null, isPrivate: true, brief: null, keyPoints: [], highlights: [], outline: [], structure: [],
  callOutcome: null, interaction: null,
  parties: [
    { partyId: 'p1', speakerId: 's1', userId: '3000000000000000001', email: 'a@x.example', name: 'Ann', title: 'AE', affiliation: 'Internal', phoneNumber: null, methods: [], context: [] },
    { partyId: null, speakerId: null, userId: null, email: null, name: null, title: null, affiliation: 'Unknown', phoneNumber: null, methods: [], context: [] },
  ],
  context: [
    { system: 'Salesforce', objectType: 'Account', objectId: '001A', name: 'Acme', timing: 'Now', fields: [] },
    { system: 'Salesforce', objectType: 'Opportunity', objectId: '006A', name: 'Acme renewal', timing: 'Now', fields: [{ name: 'StageName', value: 'Negotiation' }] },
    { system: 'Salesforce', objectType: 'Opportunity', objectId: '006B', name: null, timing: 'Now', fields: [{ name: 'Name', value: 'Acme upsell' }] },
  ],
  accounts: [
    { source: 'crm', account: { id: 'crm:Salesforce:001A', name: 'Acme', domain: 'acme.example', system: 'Salesforce', crmObjectId: '001A', fields: {} } },
    { source: 'domain', account: { id: 'domain:beta.example', name: 'beta.example', domain: 'beta.example', system: null, crmObjectId: null, fields: {} } },
  ],
  topics: [{ name: 'Pricing', durationS: 120 }],
  trackers: [
    { trackerId: 't1', name: 'Competitors', type: 'KEYWORD', count: 1, occurrences: [{ startTime: 12.5, speakerId: 's1' }], phrases: [{ phrase: 'Gainsight', count: 1, occurrences: [{ startTime: 12.5, speakerId: 's1' }] }] },
    { trackerId: 't2', name: 'Budget', type: 'custom', count: 0, occurrences: [], phrases: [] },
  ],
};

const transcript: TranscriptRecord = {
  callId: call.id,
  fetchedAt: '2026-01-10T17:00:00Z',
  monologues: [{ speakerId: 's1', topic: 'Pricing', sentences: [{ start: 0, end: 4000, text: 'We compared Gainsight.' }] }],
};

describe('ChunkInputMapper', () => {
  it('maps a stored call and transcript to a valid chunker input', () => {
    const input = ChunkInputMapper.toChunkInput(call, transcript);
    expect(ChunkInputSchema.safeParse(input).success).toBe(true);
    expect(input.call).toMatchObject({ id: call.id, title: 'Pricing review', duration: 1800, isPrivate: true, primaryUserId: '3000000000000000001' });
    expect(input.call.accounts).toEqual([
      { id: 'crm:Salesforce:001A', name: 'Acme' },
      { id: 'domain:beta.example', name: 'beta.example' },
    ]);
    expect(input.call.opportunities).toEqual([
      { id: '006A', name: 'Acme renewal', stage: 'Negotiation' },
      { id: '006B', name: 'Acme upsell', stage: null },
    ]);
    expect(input.call.trackers[0]).toEqual({
      id: 't1', name: 'Competitors', type: 'KEYWORD', count: 1, occurrences: [{ startTime: 12.5, speakerId: 's1' }],
      phrases: [{ phrase: 'Gainsight', count: 1, occurrences: [{ startTime: 12.5, speakerId: 's1' }] }],
    });
    expect(input.call.trackers[1]!.type).toBeNull();
    expect(input.call.parties).toEqual([
      { id: 'p1', speakerId: 's1', userId: '3000000000000000001', emailAddress: 'a@x.example', name: 'Ann', title: 'AE', affiliation: 'Internal' },
      { id: 'party-1', speakerId: null, userId: null, emailAddress: null, name: null, title: null, affiliation: 'Unknown' },
    ]);
    expect(input.call.topics).toEqual([{ name: 'Pricing', duration: 120 }]);
    expect(input.monologues).toEqual([{ speakerId: 's1', topic: 'Pricing', sentences: [{ start: 0, end: 4000, text: 'We compared Gainsight.' }] }]);
  });

  it("maps Gong's summary (brief, key points, highlights, outline, outcome), skipping what is not text", () => {
    const summarized: CallRecord = {
      ...call,
      brief: 'Pricing and a security review.',
      keyPoints: [{ text: 'Budget approved.' }, { text: '' }, 'junk'],
      highlights: [{ title: 'Next steps', items: [{ text: 'Send the SOC 2 report.', startTimes: [120.5] }, {}] }, { title: 'Empty', items: [] }],
      outline: [{ section: 'Pricing', startTime: 12, duration: 300, items: [{ text: 'Discount of 10%.', startTime: 15 }] }],
      callOutcome: { id: 'MEETING_BOOKED', category: 'Answered', name: 'Meeting booked' },
    };
    const input = ChunkInputMapper.toChunkInput(summarized, transcript);
    expect(ChunkInputSchema.safeParse(input).success).toBe(true);
    expect(input.summary).toEqual({
      brief: 'Pricing and a security review.',
      keyPoints: ['Budget approved.'],
      highlights: [{ title: 'Next steps', items: ['Send the SOC 2 report.'] }],
      outline: [{ title: 'Pricing', items: ['Discount of 10%.'] }],
      callOutcome: 'Meeting booked',
    });
    expect(ChunkInputMapper.toChunkInput(call, transcript).summary).toEqual({ brief: null, keyPoints: [], highlights: [], outline: [], callOutcome: null });
  });

  it('gives no monologues for a call without a transcript', () => {
    expect(ChunkInputMapper.toChunkInput(call, undefined).monologues).toEqual([]);
  });
});
