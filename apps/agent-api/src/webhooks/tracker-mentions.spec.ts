import { describe, expect, it } from '@jest/globals';
import type { CallRecord, TranscriptRecord } from '@gong-connector/persistence';
import { TrackerMentions } from './tracker-mentions.js';

const parties = [
  { partyId: 'p1', speakerId: 's1', userId: '1', email: 'rep@ourco.example', name: 'Rita Rep', title: null, affiliation: 'Internal', phoneNumber: null, methods: [], context: [] },
  { partyId: 'p2', speakerId: 's2', userId: null, email: 'cto@acme.example', name: 'Carl CTO', title: 'CTO', affiliation: 'External', phoneNumber: null, methods: [], context: [] },
] satisfies CallRecord['parties'];
const transcript: Pick<TranscriptRecord, 'monologues'> = {
  monologues: [
    { speakerId: 's1', topic: null, sentences: [{ start: 0, end: 3000, text: 'Welcome.' }] },
    { speakerId: 's2', topic: null, sentences: [{ start: 3000, end: 8000, text: 'We also look at Corvid.' }, { start: 8000, end: 9000, text: 'And Datalyte.' }] },
  ],
};
const trackers: CallRecord['trackers'] = [
  {
    trackerId: '11',
    name: 'Competitors',
    type: 'KEYWORD',
    count: 3,
    occurrences: [],
    phrases: [
      { phrase: 'Corvid', count: 1, occurrences: [{ startTime: 4.2, speakerId: 's2' }] },
      { phrase: 'Datalyte', count: 2, occurrences: [{ startTime: 8.5, speakerId: 's2' }, { startTime: 30, speakerId: null }] },
      { phrase: 'Revora', count: 0, occurrences: [] },
    ],
  },
  { trackerId: '12', name: 'Pricing', type: 'KEYWORD', count: 1, occurrences: [{ startTime: 1, speakerId: 's1' }], phrases: [] },
  { trackerId: '13', name: 'Security', type: 'KEYWORD', count: 0, occurrences: [], phrases: [] },
];

describe('TrackerMentions', () => {
  const mentions = TrackerMentions.of({ trackers, parties }, transcript);

  it('gives one mention per phrase heard (or per tracker without phrases), with the sentence said and its speaker', () => {
    expect(mentions).toEqual([
      { tracker: { id: '11', name: 'Competitors' }, phrase: 'Corvid', count: 1, quotes: [{ text: 'We also look at Corvid.', atSeconds: 4.2, speaker: { name: 'Carl CTO', affiliation: 'External' } }] },
      {
        tracker: { id: '11', name: 'Competitors' },
        phrase: 'Datalyte',
        count: 2,
        quotes: [
          { text: 'And Datalyte.', atSeconds: 8.5, speaker: { name: 'Carl CTO', affiliation: 'External' } },
          { text: null, atSeconds: 30, speaker: { name: null, affiliation: 'Unknown' } },
        ],
      },
      { tracker: { id: '12', name: 'Pricing' }, phrase: null, count: 1, quotes: [{ text: 'Welcome.', atSeconds: 1, speaker: { name: 'Rita Rep', affiliation: 'Internal' } }] },
    ]);
  });

  it('quotes nothing without a transcript', () => {
    expect(TrackerMentions.of({ trackers, parties }, undefined)[0]!.quotes[0]!.text).toBeNull();
  });

  it.each([
    [null, ['Corvid', 'Datalyte', null]],
    [['competitors'], ['Corvid', 'Datalyte']],
    [['11'], ['Corvid', 'Datalyte']],
    [['CORVID'], ['Corvid']],
    [['pricing', 'datalyte'], ['Datalyte', null]],
    [['Security', 'Revora'], []],
    [[], []],
  ])('chooses by tracker id, tracker name or phrase: %j', (chosen, phrases) => {
    expect(TrackerMentions.chosen(mentions, chosen).map((m) => m.phrase)).toEqual(phrases);
  });
});
