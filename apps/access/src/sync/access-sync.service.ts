import { Inject, Injectable } from '@nestjs/common';
import { LOGGER, type Logger } from '@gong-connector/platform';
import { DirectorySync } from '@gong-connector/replica';
import { retryRateLimited } from '../gong/rate-limit.retry.js';
import { AccessMetrics } from '../metrics/access.metrics.js';
import { AccessStateService } from '../state/access-state.service.js';
import { ProfileSyncService, type ProfileSyncResult } from './profile-sync.service.js';
import { UsersAccessSyncService, type UsersAccessCheckResult } from './users-access-sync.service.js';

export interface AccessSyncOptions {
  /** Sync even when the last sync is recent (an operator asked). */
  force?: boolean;
  /** Skip a part synced less than this long ago (by this service, another instance or ingest). */
  minIntervalMs?: number;
  /** Also look up stored calls due for a users-access check (default true). */
  sweep?: boolean;
  /** Why: carried on the access.users.changed.v1 event. */
  reason: string;
}

export interface AccessSyncResult {
  directory: { skipped: boolean; users: number; workspaces: number; syncedAt: string };
  profiles: { skipped: boolean; workspaces: number; profiles: number; members: number; syncedAt: string };
  /** Users whose filter changed with the new directory and profiles. */
  changedUsers: number;
  usersAccess: UsersAccessCheckResult | null;
  /** The older of the directory and profile sync times now in force. */
  dataAsOf: string | null;
}

/**
 * One sync of everything Gong's call permissions depend on, at `sync` priority: users, managers
 * and workspaces (DirectorySync, shared with ingest), then every workspace's profiles and members,
 * then the model is reloaded (changed users are published), then stored calls due for a
 * users-access check are looked up. Runs one at a time: a caller arriving during a run shares it (a forced
 * one runs again after an unforced one).
 */
@Injectable()
export class AccessSyncService {
  private running: { promise: Promise<AccessSyncResult>; force: boolean } | undefined;

  constructor(
    @Inject(DirectorySync) private readonly directory: DirectorySync,
    @Inject(ProfileSyncService) private readonly profiles: ProfileSyncService,
    @Inject(UsersAccessSyncService) private readonly usersAccess: UsersAccessSyncService,
    @Inject(AccessStateService) private readonly state: AccessStateService,
    @Inject(AccessMetrics) private readonly metrics: AccessMetrics,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  run(options: AccessSyncOptions): Promise<AccessSyncResult> {
    const force = options.force ?? false;
    if (this.running !== undefined) {
      // A forced run does not settle for a scheduled one that may have skipped parts.
      if (force && !this.running.force) return this.running.promise.then(() => this.run(options), () => this.run(options));
      return this.running.promise;
    }
    const promise = this.runOnce(options).finally(() => {
      this.running = undefined;
    });
    this.running = { promise, force };
    return promise;
  }

  private async runOnce(options: AccessSyncOptions): Promise<AccessSyncResult> {
    const interval = { force: options.force ?? false, minIntervalMs: options.minIntervalMs ?? 0 };
    // DirectorySync starts over on a retry: one page of users per 100 users, plus the workspaces.
    const directory = await this.part('directory', () => retryRateLimited(() => this.directory.run(interval)));
    let profiles: ProfileSyncResult | undefined;
    let failure: unknown;
    try {
      profiles = await this.part('profiles', () => this.profiles.run(interval));
    } catch (error) {
      failure = error;
    }
    // Apply the new directory even when the profiles failed: it is newer than what is in force.
    const change = await this.state.reload(options.reason);
    if (profiles === undefined) throw failure;
    const usersAccess = options.sweep === false ? null : await this.part('users-access', () => this.usersAccess.sweep());
    const dataAsOf = this.state.current()?.dataAsOf;
    const result: AccessSyncResult = {
      directory: { ...directory, syncedAt: directory.syncedAt.toISOString() },
      profiles: { ...profiles, syncedAt: profiles.syncedAt.toISOString() },
      changedUsers: change.changedUserIds.length,
      usersAccess,
      dataAsOf: dataAsOf?.toISOString() ?? null,
    };
    this.logger.info({ reason: options.reason, ...result }, 'access sync done');
    return result;
  }

  private async part<T extends object>(part: string, fn: () => Promise<T>): Promise<T> {
    try {
      const result = await fn();
      this.metrics.syncRuns.inc({ part, outcome: 'skipped' in result && result.skipped === true ? 'skipped' : 'ok' });
      return result;
    } catch (error) {
      this.metrics.syncRuns.inc({ part, outcome: 'failed' });
      throw error;
    }
  }
}
