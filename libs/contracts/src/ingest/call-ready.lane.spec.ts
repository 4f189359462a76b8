import { describe, expect, it } from '@jest/globals';
import { callReadyLaneOf } from './call-ready.lane.js';
import { CallSourceSchema, type CallSource } from './ingest.events.js';

describe('callReadyLaneOf', () => {
  it.each<[CallSource, string]>([
    ['webhook', 'post-call'],
    ['live', 'post-call'],
    ['sync', 'bulk'],
    ['backfill', 'bulk'],
  ])('%s goes to the %s lane', (source, lane) => {
    expect(callReadyLaneOf(source)).toBe(lane);
  });

  it('has a lane for every source', () => {
    for (const source of CallSourceSchema.options) expect(['post-call', 'bulk']).toContain(callReadyLaneOf(source));
  });
});
