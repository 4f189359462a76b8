import { describe, expect, it } from '@jest/globals';
import { FakeClock, ManualTimers } from '@gong-connector/testing';
import type { AccessRepository } from '@gong-connector/persistence';
import type { AccessStateService } from '../state/access-state.service.js';
import type { AccessSyncResult, AccessSyncService } from '../sync/access-sync.service.js';
import { AdminController } from './admin.controller.js';

/** POST /admin/sync over a sync that waits on Gong permits: bounded by ACCESS_ADMIN_SYNC_TIMEOUT_MS, on timers moved by hand. */
describe('AdminController.syncNow', () => {
  const build = (run: () => Promise<AccessSyncResult>) => {
    const controller = new AdminController({ run } as unknown as AccessSyncService, {} as AccessStateService, {} as AccessRepository, new FakeClock(0), {
      ACCESS_ADMIN_SYNC_TIMEOUT_MS: 30_000,
    });
    const timers = new ManualTimers();
    controller.timers = timers;
    return { controller, timers };
  };

  it('answers 503-class QUOTA_DEADLINE_EXCEEDED naming the quota broker when the sync waits past the limit (broker down)', async () => {
    const { controller, timers } = build(() => new Promise<AccessSyncResult>(() => undefined));
    const answer = controller.syncNow({});
    timers.advance(29_999);
    timers.advance(1);
    await expect(answer).rejects.toMatchObject({
      code: 'QUOTA_DEADLINE_EXCEEDED',
      message: expect.stringContaining('quota broker'),
      retryAfterMs: 30_000,
      details: [{ path: 'dependency', message: 'quota-broker' }],
    });
  });

  it('answers the sync result when it finishes in time, and leaves no timer behind', async () => {
    const result = { ok: true } as unknown as AccessSyncResult;
    const { controller, timers } = build(async () => result);
    await expect(controller.syncNow({ sweep: false })).resolves.toBe(result);
    expect(timers.pending).toBe(0);
  });
});
