import { describe, expect, it } from '@jest/globals';
import { hasEngageRight } from './engage-rights.js';

const U = '1000000000000000001';
const profile = (raw: unknown, userIds = [U]) => ({ raw, userIds });

describe('hasEngageRight', () => {
  it.each([
    ['a profile granting it', [profile({ engageAssignFlowToDosToOthers: true })], true],
    ['a profile refusing it', [profile({ engageAssignFlowToDosToOthers: false })], false],
    ['a profile that does not say', [profile({})], false],
    ['no profile at all', [profile({ engageAssignFlowToDosToOthers: true }, ['1000000000000000009'])], false],
    ['one of two workspaces refusing it (the narrower reading)', [profile({ engageAssignFlowToDosToOthers: true }), profile({ engageAssignFlowToDosToOthers: false })], false],
    ['a raw that is not an object', [profile(null)], false],
  ])('%s', (_name, profiles, expected) => {
    expect(hasEngageRight(profiles, U, 'assignFlows')).toBe(expected);
  });

  it('reads the right capability for to-dos', () => {
    expect(hasEngageRight([profile({ engageAssignFlowToDosToOthers: true })], U, 'manageTasks')).toBe(false);
    expect(hasEngageRight([profile({ engageReassignFlowToDosToOthers: true })], U, 'manageTasks')).toBe(true);
  });
});
