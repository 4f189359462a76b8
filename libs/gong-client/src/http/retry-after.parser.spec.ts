import { describe, expect, it } from '@jest/globals';
import { parseRetryAfterMs } from './retry-after.parser.js';

describe('parseRetryAfterMs', () => {
  const now = Date.parse('2024-05-01T10:00:00Z');

  it.each([
    ['80', 80_000],
    [' 4800 ', 4_800_000],
    ['0', 0],
    ['1.5', 1500],
    ['Wed, 01 May 2024 10:00:30 GMT', 30_000],
    ['Wed, 01 May 2024 09:00:00 GMT', 0],
    ['soon', undefined],
    ['', undefined],
    [null, undefined],
    [undefined, undefined],
  ])('%j -> %j', (header, expected) => {
    expect(parseRetryAfterMs(header, now)).toBe(expected);
  });
});
