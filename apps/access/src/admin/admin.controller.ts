import { Body, Controller, Get, HttpCode, Inject, Post, UseGuards } from '@nestjs/common';
import { validate, type Clock } from '@gong-connector/contracts';
import { AccessRepository } from '@gong-connector/persistence';
import { z } from 'zod';
import { AccessStateService } from '../state/access-state.service.js';
import { AccessSyncService, type AccessSyncResult } from '../sync/access-sync.service.js';
import { AdminTokenGuard, CLOCK } from '@gong-connector/platform';

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
  ) {}

  /** Syncs users, workspaces, profiles and members now (never skipped as recent), then sweeps users-access. */
  @Post('sync')
  @HttpCode(200)
  async syncNow(@Body() body: unknown): Promise<AccessSyncResult> {
    const request = validate(SyncRequestSchema, body ?? {}, 'request body');
    return this.sync.run({ force: true, reason: 'admin sync', ...(request.sweep === undefined ? {} : { sweep: request.sweep }) });
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
