import { describe, expect, it } from '@jest/globals';
import { AppError, ErrorCode } from '@gong-connector/contracts';
import { createLogger, MetricsRegistry } from '@gong-connector/platform';
import type { AccessRepository, AccessSnapshotRecord } from '@gong-connector/persistence';
import { FakeClock } from '@gong-connector/testing';
import type { AccessChangePublisher } from '../changes/access-change.publisher.js';
import { AccessMetrics } from '../metrics/access.metrics.js';
import { AccessStateService } from '../state/access-state.service.js';
import { AccessFilterService, UNKNOWN_USER_ID } from './access-filter.service.js';
import { FilterCache } from './filter.cache.js';

const W = '9000000000000000001';
const SYNCED = Date.UTC(2026, 0, 15, 10);

function snapshotRecord(level: string): AccessSnapshotRecord {
  return {
    workspaceIds: [W],
    users: [
      { id: '1', managerId: null, active: true, email: 'boss@co.example', emailAliases: [], firstName: 'B', lastName: null, title: 'CEO' },
      { id: '2', managerId: '1', active: true, email: 'rep@co.example', emailAliases: [], firstName: 'R', lastName: null, title: null },
    ],
    profiles: [{ id: '10', workspaceId: W, name: 'P', callsLevel: level, teamLeadIds: [], raw: { callsAndSearch: true }, userIds: ['1'] }],
    grants: [],
    directorySyncedAt: new Date(SYNCED),
    profilesSyncedAt: new Date(SYNCED + 60_000),
  };
}

async function setup(records: AccessSnapshotRecord[]) {
  const clock = new FakeClock(SYNCED);
  const registry = new MetricsRegistry({ service: 'unit', defaultMetrics: false });
  const metrics = new AccessMetrics(registry);
  const cache = new FilterCache();
  const published: string[][] = [];
  const queue = [...records];
  const repo = { loadSnapshot: async () => queue.shift() ?? records[records.length - 1] } as unknown as AccessRepository;
  const changes = { publish: async (ids: readonly string[]) => void published.push([...ids]) } as unknown as AccessChangePublisher;
  const state = new AccessStateService(repo, cache, changes, metrics, createLogger({ name: 'unit', level: 'silent' }), clock);
  await state.onModuleInit();
  const service = new AccessFilterService(state, cache, metrics, { ACCESS_MAX_STALENESS_MS: 3_600_000 }, clock);
  const value = async (name: string) => (await registry.registry.getSingleMetric(name)!.get()).values.reduce((n, v) => n + v.value, 0);
  return { clock, service, state, published, value };
}

describe('AccessFilterService', () => {
  it('computes a filter once and answers again from the cache until the user’s access changes', async () => {
    const t = await setup([snapshotRecord('report-to-them'), snapshotRecord('all')]);
    const first = t.service.filterFor({ userId: '1' });
    expect(first.filter.hostUserIdsByWorkspace).toEqual([{ workspaceId: W, hostUserIds: ['2'] }]);
    expect(t.service.filterFor({ email: 'BOSS@co.example' }).filter).toBe(first.filter);
    expect(await t.value('access_filter_computations_total')).toBe(1);
    expect(await t.value('access_filter_cache_hits_total')).toBe(1);

    await expect(t.state.reload('test')).resolves.toEqual({ changedUserIds: ['1'], published: true });
    expect(t.published).toEqual([['1']]);
    expect(t.service.filterFor({ userId: '1' }).filter.allWorkspaceIds).toEqual([W]);
    expect(await t.value('access_filter_computations_total')).toBe(2);
  });

  it('carries the age of the older sync and refuses past the limit', async () => {
    const t = await setup([snapshotRecord('all')]);
    t.clock.advance(3_600_000);
    expect(t.service.filterFor({ userId: '2' })).toMatchObject({ dataAsOf: new Date(SYNCED).toISOString(), ageMs: 3_600_000 });
    t.clock.advance(1);
    expect(() => t.service.filterFor({ userId: '2' })).toThrow(AppError);
    expect(() => t.service.filterFor({ userId: '2' })).toThrow(/Access data is 1h 00m old .* older than the 1h 00m limit/);
    expect(await t.value('access_stale_refusals_total')).toBe(2);
  });

  it('refuses while a sync part never ran', async () => {
    const t = await setup([{ ...snapshotRecord('all'), profilesSyncedAt: undefined }]);
    let error: unknown;
    try {
      t.service.filterFor({ userId: '1' });
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ code: ErrorCode.ACCESS_STALE, message: expect.stringContaining('not been synced') });
  });

  it('gives unknown users the deny-all filter and no user', async () => {
    const t = await setup([snapshotRecord('all')]);
    expect(t.service.filterFor({ userId: '999' })).toMatchObject({ user: null, filter: { userId: '999', ownUserId: null } });
    expect(t.service.filterFor({ email: 'who@co.example' })).toMatchObject({ user: null, filter: { userId: UNKNOWN_USER_ID, ownUserId: null } });
  });
});
