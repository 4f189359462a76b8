import { describe, expect, it } from '@jest/globals';
import { ChunkInputSchema } from './chunk-input.schema.js';
import { ChunkInputBuilder } from '../testing/chunk-input.builder.js';

describe('ChunkInputSchema', () => {
  const valid = new ChunkInputBuilder()
    .withTracker({ id: '1', name: 'Competitors', type: 'KEYWORD', count: 1, occurrences: [{ startTime: 32.56, speakerId: '6432345678555530067' }], phrases: [{ phrase: 'Globex', count: 1 }] })
    .withMonologue('6432345678555530067', ['Hello.'], 460_230)
    .build();

  it('accepts the replica shape, with nulls for absent values', () => {
    const withNulls = {
      ...valid,
      call: { ...valid.call, title: null, workspaceId: null, primaryUserId: null, topics: null },
      monologues: [{ speakerId: null, topic: null, sentences: [{ start: 0, end: 10, text: 'Hi.' }] }],
    };
    expect(ChunkInputSchema.safeParse(valid).success).toBe(true);
    expect(ChunkInputSchema.safeParse(withNulls).success).toBe(true);
  });

  it.each<{ name: string; patch: (input: typeof valid) => unknown; path: string }>([
    { name: 'a numeric call id', patch: (i) => ({ ...i, call: { ...i.call, id: 778234227402 } }), path: 'call.id' },
    { name: 'a non-numeric user id', patch: (i) => ({ ...i, call: { ...i.call, primaryUserId: 'sam' } }), path: 'call.primaryUserId' },
    { name: 'a started without offset', patch: (i) => ({ ...i, call: { ...i.call, started: 'yesterday' } }), path: 'call.started' },
    { name: 'an unknown affiliation value', patch: (i) => ({ ...i, call: { ...i.call, parties: [{ id: '1', affiliation: 'Partner' }] } }), path: 'call.parties.0.affiliation' },
    { name: 'fractional sentence ms', patch: (i) => ({ ...i, monologues: [{ speakerId: '1', sentences: [{ start: 1.5, end: 2, text: 'x' }] }] }), path: 'monologues.0.sentences.0.start' },
  ])('rejects $name', ({ patch, path }) => {
    const result = ChunkInputSchema.safeParse(patch(valid));
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join('.'))).toContain(path);
  });
});
