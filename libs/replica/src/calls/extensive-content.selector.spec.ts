import { describe, expect, it } from '@jest/globals';
import { CallDataSchema } from '@gong-connector/gong-client';
import { ExtensiveContentSelector } from './extensive-content.selector.js';

const full = {
  metaData: { id: '1' },
  parties: [],
  interaction: {},
  content: { structure: [], topics: [], trackers: [{ id: 't', count: 1, occurrences: [{ startTime: 1 }] }] },
  context: [{ system: 'Salesforce', objects: [{ objectType: 'Account', objectId: 'a', timing: 'Now' }, { objectType: 'Account', objectId: 'a', timing: 'TimeOfCall' }] }],
};

describe('ExtensiveContentSelector.covers', () => {
  it.each<[string, Record<string, unknown>, boolean]>([
    ['everything the selector asks for', full, true],
    ['no CRM context at all', { ...full, context: [] }, true],
    ['CRM context as of now only', { ...full, context: [{ objects: [{ objectType: 'Account', objectId: 'a', timing: 'Now' }] }] }, false],
    ['trackers without occurrences', { ...full, content: { ...full.content, trackers: [{ id: 't', count: 2 }] } }, false],
    ['no parties', { ...full, parties: undefined }, false],
    ['metadata only', { metaData: { id: '1' } }, false],
  ])('%s → %s', (_what, callData, expected) => {
    expect(ExtensiveContentSelector.covers(CallDataSchema.parse(callData))).toBe(expected);
  });
});
