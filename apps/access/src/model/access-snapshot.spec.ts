import { describe, expect, it } from '@jest/globals';
import type { AccessDirectoryUser, AccessSnapshotRecord, PermissionProfileRecord } from '@gong-connector/persistence';
import { AccessSnapshot } from './access-snapshot.js';
import { filterChanges } from './filter-changes.js';

const W1 = '9000000000000000001';
const W2 = '9000000000000000002';

function user(id: string, managerId: string | null, extra: Partial<AccessDirectoryUser> = {}): AccessDirectoryUser {
  return { id, managerId, active: true, email: `u${id}@co.example`, emailAliases: [], firstName: `F${id}`, lastName: `L${id}`, title: null, ...extra };
}

function profile(id: string, workspaceId: string, callsLevel: string, userIds: string[], teamLeadIds: string[] = []): PermissionProfileRecord {
  return { id, workspaceId, name: `P${id}`, callsLevel, teamLeadIds, raw: { callsAndSearch: true }, userIds };
}

function record(overrides: Partial<AccessSnapshotRecord> = {}): AccessSnapshotRecord {
  return {
    workspaceIds: [W1, W2],
    // 1 is the boss of 2, who manages 3 and 4; 5 is inactive; 6 has no profile.
    users: [user('1', null), user('2', '1'), user('3', '2'), user('4', '2', { emailAliases: ['Shared@Co.example'] }), user('5', '2', { active: false }), user('6', null, { email: 'shared@co.example', active: false })],
    profiles: [
      profile('101', W1, 'all', ['1']),
      profile('102', W1, 'report-to-them', ['2']),
      profile('103', W1, 'own', ['3', '4']),
      profile('104', W2, 'managers-team', ['3'], ['2']),
      profile('105', W2, 'all / managers-team / report-to-them / own / none', ['4']),
    ],
    grants: [{ callId: '501', userIds: ['3'] }],
    directorySyncedAt: new Date('2026-01-15T10:00:00Z'),
    profilesSyncedAt: new Date('2026-01-15T11:00:00Z'),
    ...overrides,
  };
}

describe('AccessSnapshot', () => {
  it('builds access-core filters from the replica records (unknown levels fail closed)', () => {
    const s = AccessSnapshot.fromRecord(record());
    expect(s.filterFor('1').allWorkspaceIds).toEqual([W1]);
    expect(s.filterFor('2').hostUserIdsByWorkspace).toEqual([{ workspaceId: W1, hostUserIds: ['3', '4', '5'] }]);
    expect(s.filterFor('3')).toMatchObject({ hostUserIdsByWorkspace: [{ workspaceId: W2, hostUserIds: ['2', '4', '5'] }], grantedCallIds: ['501'] });
    expect(s.filterFor('4')).toMatchObject({ ownUserId: '4', allWorkspaceIds: [], hostUserIdsByWorkspace: [] });
    expect(s.filterFor('5').ownUserId).toBeNull();
  });

  it('dates its data by the older of the two syncs, and has none until both ran', () => {
    expect(AccessSnapshot.fromRecord(record()).dataAsOf).toEqual(new Date('2026-01-15T10:00:00Z'));
    expect(AccessSnapshot.fromRecord(record({ profilesSyncedAt: new Date('2026-01-15T09:00:00Z') })).dataAsOf).toEqual(new Date('2026-01-15T09:00:00Z'));
    expect(AccessSnapshot.fromRecord(record({ profilesSyncedAt: undefined })).dataAsOf).toBeUndefined();
  });

  it('finds users by id and by email, case-insensitively; a primary address wins over an alias', () => {
    const s = AccessSnapshot.fromRecord(record());
    expect(s.findUser({ userId: '3' })?.id).toBe('3');
    expect(s.findUser({ email: ' U3@CO.EXAMPLE ' })?.id).toBe('3');
    expect(s.findUser({ email: 'shared@co.example' })?.id).toBe('6');
    expect(s.findUser({ email: 'nobody@co.example' })).toBeUndefined();
    expect(s.findUser({ userId: '77' })).toBeUndefined();
    expect(AccessSnapshot.toReplyUser(s.findUser({ userId: '2' })!)).toEqual({ id: '2', email: 'u2@co.example', name: 'F2 L2', title: null, active: true });
  });

  it('replaces grants of checked calls and names the users whose grants changed', () => {
    const s = AccessSnapshot.fromRecord(record());
    const { snapshot, affectedUserIds } = s.withChecks([
      { callId: '501', userIds: ['4'] },
      { callId: '502', userIds: [] },
      { callId: '503', userIds: ['1'] },
    ]);
    expect(affectedUserIds.sort()).toEqual(['1', '3', '4']);
    expect(snapshot.filterFor('3').grantedCallIds).toEqual([]);
    expect(snapshot.filterFor('4').grantedCallIds).toEqual(['501']);
    expect(s.filterFor('3').grantedCallIds).toEqual(['501']);
    expect(s.withChecks([{ callId: '501', userIds: ['3'] }]).snapshot).toBe(s);
  });

  it('counts active users by the calls levels they hold', () => {
    expect(AccessSnapshot.fromRecord(record()).usersByLevel()).toEqual({
      all: 1,
      'managers-team': 1,
      'report-to-them': 1,
      own: 2,
      none: 1,
      'conflicting-profiles': 0,
      'no-profile': 0,
    });
  });
});

describe('filterChanges', () => {
  it('names exactly the users whose filter differs', () => {
    const before = AccessSnapshot.fromRecord(record());
    const moved = record();
    moved.users = moved.users.map((u) => (u.id === '4' ? { ...u, managerId: '1' } : u));
    const after = AccessSnapshot.fromRecord(moved);
    // 4 left 2's team: 2 (report-to-them) and 3 (managers-team of 2) see other hosts; 4's own filter is the same.
    expect(filterChanges(before, after)).toEqual(['2', '3']);
    expect(filterChanges(before, after, ['3', '4'])).toEqual(['3']);
    expect(filterChanges(before, before)).toEqual([]);
  });
});
