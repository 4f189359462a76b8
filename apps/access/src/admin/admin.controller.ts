import { Body, Controller, Get, HttpCode, Inject, Post, UseGuards } from '@nestjs/common';
import { AppError, ErrorCode, systemTimers, validate, type Clock, type Timers } from '@gong-connector/contracts';
import { AccessRepository } from '@gong-connector/persistence';
import { z } from 'zod';
import { AccessStateService } from '../state/access-state.service.js';
import { AccessSyncService, type AccessSyncResult } from '../sync/access-sync.service.js';
import { AdminTokenGuard, CLOCK } from '@gong-connector/platform';
import { ACCESS_CONFIG } from '../access.tokens.js';
import type { AccessConfig } from '../config.js';

const SyncRequestSchema = z.strictObject({
  /** Also look up stored calls due for a users-access check (default true). */
  sweep: z.boolean().optional(),
});

export interface AccessStatus {
  dataAsOf: string | null;
  ageMs: number | null;
  directorySyncedAt: string | null;
  profilesSyncedAt: string | null;
  users: number;
  profiles: number;
  grants: number;
  uncheckedCalls: number;
}

/** Operators' endpoints, behind the admin token: sync now, and what the model is built from. */
@Controller('admin')
@UseGuards(AdminTokenGuard)
export class AdminController {
  constructor(
    @Inject(AccessSyncService) private readonly sync: AccessSyncService,
    @Inject(AccessStateService) private readonly state: AccessStateService,
    @Inject(AccessRepository) private readonly repo: AccessRepository,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ACCESS_CONFIG) private readonly config: Pick<AccessConfig, 'ACCESS_ADMIN_SYNC_TIMEOUT_MS'>,
  ) {}

  /** The timer of the admin-sync timeout (tests move it by hand). */
  timers: Timers = systemTimers;

  /**
   * Syncs users, workspaces, profiles and members now (never skipped as recent), then sweeps
   * users-access. The sync waits on the quota broker for each Gong request; when it has not finished
   * within ACCESS_ADMIN_SYNC_TIMEOUT_MS (the broker is down, or Gong's quota is paused) the call
   * answers 503 QUOTA_DEADLINE_EXCEEDED with Retry-After instead of hanging, and the sync goes on.
   */
  @Post('sync')
  @HttpCode(200)
  async syncNow(@Body() body: unknown): Promise<AccessSyncResult> {
    const request = validate(SyncRequestSchema, body ?? {}, 'request body');
    const run = this.sync.run({ force: true, reason: 'admin sync', ...(request.sweep === undefined ? {} : { sweep: request.sweep }) });
    const limitMs = this.config.ACCESS_ADMIN_SYNC_TIMEOUT_MS;
    let handle: unknown;
    const timedOut = new Promise<never>((_resolve, reject) => {
      handle = this.timers.setTimeout(
        () =>
          reject(
            new AppError(
              ErrorCode.QUOTA_DEADLINE_EXCEEDED,
              `The sync did not finish within ${Math.round(limitMs / 1000)} s: it is waiting for Gong permits from the quota broker (check that quota-broker is running and GET /metrics of it). ` +
                'It goes on in the background; GET /admin/status shows when the data is new.',
              { retryAfterMs: Math.min(limitMs, 60_000), details: [{ path: 'dependency', message: 'quota-broker' }] },
            ),
          ),
        limitMs,
      );
    });
    run.catch(() => undefined); // a background failure after the timeout is the sync's own to log
    try {
      return await Promise.race([run, timedOut]);
    } finally {
      this.timers.clearTimeout(handle);
    }
  }

  @Get('status')
  async status(): Promise<AccessStatus> {
    const snapshot = this.state.current();
    const dataAsOf = snapshot?.dataAsOf;
    return {
      dataAsOf: dataAsOf?.toISOString() ?? null,
      ageMs: dataAsOf === undefined ? null : Math.max(0, this.clock.now() - dataAsOf.getTime()),
      directorySyncedAt: snapshot?.directorySyncedAt?.toISOString() ?? null,
      profilesSyncedAt: snapshot?.profilesSyncedAt?.toISOString() ?? null,
      users: snapshot?.model.users.length ?? 0,
      profiles: snapshot?.model.profiles.length ?? 0,
      grants: snapshot?.model.callAccessGrants.reduce((n, g) => n + g.userIds.length, 0) ?? 0,
      uncheckedCalls: await this.repo.uncheckedCallCount(),
    };
  }
}
