import { describe, expect, it } from '@jest/globals';
import { AccessFilterSchema, denyAllAccessFilter } from './access-filter.schema.js';

const VALID = {
  version: 1,
  userId: '7782342274025937895',
  ownUserId: '7782342274025937895',
  allWorkspaceIds: ['1'],
  hostUserIdsByWorkspace: [{ workspaceId: '2', hostUserIds: ['20'] }],
  grantedCallIds: ['10000000000000000001'],
  privateCalls: 'owner-and-participants-only',
};

describe('AccessFilterSchema', () => {
  it('accepts a filter and the deny-all filter, after a JSON round trip', () => {
    expect(AccessFilterSchema.parse(JSON.parse(JSON.stringify(VALID)))).toEqual(VALID);
    expect(AccessFilterSchema.parse(denyAllAccessFilter('5'))).toEqual(denyAllAccessFilter('5'));
  });

  it.each<[string, unknown]>([
    ['an unknown field', { ...VALID, canSeePrivate: true }],
    ['an unknown field in a workspace entry', { ...VALID, hostUserIdsByWorkspace: [{ workspaceId: '2', hostUserIds: ['20'], x: 1 }] }],
    ['another private-call rule', { ...VALID, privateCalls: 'everyone' }],
    ['another version', { ...VALID, version: 2 }],
    ['a numeric id', { ...VALID, grantedCallIds: [1234567] }],
    ['a non-numeric id', { ...VALID, allWorkspaceIds: ['sales'] }],
    ['an empty host list', { ...VALID, hostUserIdsByWorkspace: [{ workspaceId: '2', hostUserIds: [] }] }],
    ['a missing ownUserId', { ...VALID, ownUserId: undefined }],
  ])('rejects %s', (_name, value) => {
    expect(AccessFilterSchema.safeParse(value).success).toBe(false);
  });
});
