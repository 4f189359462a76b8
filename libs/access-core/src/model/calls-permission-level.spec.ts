import { describe, expect, it } from '@jest/globals';
import { toCallsPermissionLevel } from './calls-permission-level.js';

describe('toCallsPermissionLevel', () => {
  it.each([
    ['all', 'all'],
    ['managers-team', 'managers-team'],
    ['report-to-them', 'report-to-them'],
    ['own', 'own'],
    ['none', 'none'],
    // fails closed on everything else
    ['all / managers-team / report-to-them / own / none', 'none'],
    ['ALL', 'none'],
    ['managers_team', 'none'],
    ['', 'none'],
    [null, 'none'],
    [undefined, 'none'],
    [3, 'none'],
  ])('maps %p to %p', (raw, level) => {
    expect(toCallsPermissionLevel(raw)).toBe(level);
  });
});
