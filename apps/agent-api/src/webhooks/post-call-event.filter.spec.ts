import { describe, expect, it } from '@jest/globals';
import type { CallSource } from '@gong-connector/contracts';
import { PostCallEventFilter } from './post-call-event.filter.js';

describe('PostCallEventFilter', () => {
  it.each<[CallSource | undefined, boolean, boolean]>([
    ['webhook', false, true],
    ['live', false, true],
    ['sync', false, true],
    ['backfill', false, false],
    [undefined, false, true],
    ['backfill', true, true],
    ['webhook', true, true],
  ])('source %s with include-backfill %s: sent %s', (source, include, sent) => {
    expect(PostCallEventFilter.wants(source ? { source } : {}, { AGENT_API_POST_CALL_INCLUDE_BACKFILL: include })).toBe(sent);
  });
});
