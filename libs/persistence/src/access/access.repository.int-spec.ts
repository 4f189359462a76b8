import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { testDatabase, type TestDatabase } from '@gong-connector/testing';
import type { CallRecord } from '../calls/call-record.js';
import { CallWriteRepository } from '../calls/call-write.repository.js';
import { DirectoryRepository } from '../directory/directory.repository.js';
import { DIRECTORY_CHECKPOINT } from '../directory/directory.checkpoint.js';
import { SyncCheckpointRepository } from '../sync/sync-checkpoint.repository.js';
import type { PermissionProfileRecord } from './access-records.js';
import { ACCESS_PROFILES_CHECKPOINT, AccessRepository } from './access.repository.js';

const WS = '7000000000000000001';

function profile(id: string, overrides: Partial<PermissionProfileRecord> = {}): PermissionProfileRecord {
  return { id, workspaceId: WS, name: `P${id}`, callsLevel: 'own', teamLeadIds: [], raw: { id }, userIds: [], ...overrides };
}

function call(id: string, started: string): CallRecord {
  return {
    id, workspaceId: WS, url: null, title: 't', scheduled: null, started, durationS: 60, primaryUserId: '11', direction: null,
    system: null, scope: null, media: null, language: null, purpose: null, meetingUrl: null, calendarEventId: null,
    clientUniqueId: null, customData: null, sdrDisposition: null, isPrivate: false, brief: null, keyPoints: [], highlights: [],
    outline: [], structure: [], callOutcome: null, interaction: null, parties: [], context: [], accounts: [], topics: [], trackers: [],
  };
}

describe('AccessRepository', () => {
  let db: TestDatabase;
  let repo: AccessRepository;

  beforeAll(async () => {
    db = await testDatabase();
    repo = new AccessRepository(db.database);
  });
  afterAll(async () => {
    await db?.close();
  });

  it('replaces every profile and its members at once, and moves the profiles checkpoint', async () => {
    const t1 = new Date('2026-01-15T10:00:00.000Z');
    await repo.replaceAllProfiles(
      [
        profile('1', { callsLevel: 'all', userIds: ['12', '11', '11'] }),
        profile('2', { callsLevel: 'managers-team', teamLeadIds: ['11'], userIds: ['13'] }),
        profile('3', { callsLevel: 'all / managers-team / report-to-them / own / none', userIds: [] }),
      ],
      t1,
    );
    expect(await repo.listProfiles()).toEqual([
      profile('1', { callsLevel: 'all', userIds: ['11', '12'] }),
      profile('2', { callsLevel: 'managers-team', teamLeadIds: ['11'], userIds: ['13'] }),
      profile('3', { callsLevel: 'all / managers-team / report-to-them / own / none', userIds: [] }),
    ]);
    const t2 = new Date('2026-01-15T11:00:00.000Z');
    await repo.replaceAllProfiles([profile('2', { callsLevel: 'report-to-them', userIds: ['14'] })], t2);
    expect(await repo.listProfiles()).toEqual([profile('2', { callsLevel: 'report-to-them', userIds: ['14'] })]);
    await expect(new SyncCheckpointRepository(db.database).get(ACCESS_PROFILES_CHECKPOINT)).resolves.toMatchObject({ position: t2 });
  });

  it('stores users-access checks (grants replaced per call) and lists calls due for a check', async () => {
    await new CallWriteRepository(db.database).upsertCalls(
      [call('101', '2026-01-10T10:00:00Z'), call('102', '2026-01-11T10:00:00Z'), call('103', '2026-01-12T10:00:00Z')],
      'sync',
    );
    expect(await repo.callsToCheck({ limit: 10 })).toEqual(['103', '102', '101']);
    expect(await repo.uncheckedCallCount()).toBe(3);

    const checkedAt = new Date('2026-01-15T10:00:00.000Z');
    await repo.recordChecks([{ callId: '101', userIds: ['21', '22'] }, { callId: '102', userIds: [] }], checkedAt);
    expect(await repo.callsToCheck({ limit: 10 })).toEqual(['103']);
    expect(await repo.callsToCheck({ limit: 10, recheckBefore: new Date('2026-01-16T00:00:00Z') })).toEqual(['103', '102', '101']);
    expect(await repo.callsToCheck({ limit: 1, recheckBefore: new Date('2026-01-16T00:00:00Z') })).toEqual(['103']);

    await repo.recordChecks([{ callId: '101', userIds: ['22'] }, { callId: '999', userIds: ['23'] }], checkedAt);
    const snapshot = await repo.loadSnapshot();
    expect(snapshot.grants).toEqual([{ callId: '101', userIds: ['22'] }, { callId: '999', userIds: ['23'] }]);
    expect(await repo.storedCallIds(['101', '999', '103'])).toEqual(new Set(['101', '103']));
  });

  it('loads users, workspaces, profiles, grants and both sync times as one snapshot', async () => {
    const directory = new DirectoryRepository(db.database);
    await directory.upsertWorkspaces([{ id: WS, name: 'NA', description: null }]);
    await directory.upsertUsers([
      { id: '11', email: 'a@x.com', firstName: 'A', lastName: 'One', title: 'VP', managerId: null, active: true, phoneNumber: null, created: null, emailAliases: ['alias@x.com'] },
      { id: '12', email: 'b@x.com', firstName: 'B', lastName: null, title: null, managerId: '11', active: false, phoneNumber: null, created: null, emailAliases: [] },
    ]);
    const directoryAt = new Date('2026-01-15T09:00:00.000Z');
    await new SyncCheckpointRepository(db.database).set(DIRECTORY_CHECKPOINT, directoryAt);
    const snapshot = await repo.loadSnapshot();
    expect(snapshot.workspaceIds).toEqual([WS]);
    expect(snapshot.users).toEqual([
      { id: '11', managerId: null, active: true, email: 'a@x.com', emailAliases: ['alias@x.com'], firstName: 'A', lastName: 'One', title: 'VP' },
      { id: '12', managerId: '11', active: false, email: 'b@x.com', emailAliases: [], firstName: 'B', lastName: null, title: null },
    ]);
    expect(snapshot.profiles.map((p) => p.id)).toEqual(['2']);
    expect(snapshot.directorySyncedAt).toEqual(directoryAt);
    expect(snapshot.profilesSyncedAt).toEqual(new Date('2026-01-15T11:00:00.000Z'));
  });
});
