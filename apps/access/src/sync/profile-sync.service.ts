import { Inject, Injectable } from '@nestjs/common';
import type { Clock } from '@gong-connector/contracts';
import { GongError, type GongClient, type PermissionProfile } from '@gong-connector/gong-client';
import { CLOCK } from '@gong-connector/platform';
import {
  ACCESS_PROFILES_CHECKPOINT,
  AccessRepository,
  DirectoryRepository,
  SyncCheckpointRepository,
  type PermissionProfileRecord,
} from '@gong-connector/persistence';
import { GONG_CLIENT } from '../access.tokens.js';
import { retryRateLimited } from '../gong/rate-limit.retry.js';

export interface ProfileSyncResult {
  skipped: boolean;
  workspaces: number;
  profiles: number;
  members: number;
  syncedAt: Date;
}

/**
 * Replicates every workspace's permission profiles (`/v2/all-permission-profiles?workspaceId=`)
 * and each profile's members (`/v2/permission-profile/users?profileId=`) at `sync` priority, and
 * stores them as one snapshot (AccessRepository.replaceAllProfiles). The workspaces are the
 * replica's (DirectorySync runs first). A sync younger than `minIntervalMs` is not repeated.
 */
@Injectable()
export class ProfileSyncService {
  constructor(
    @Inject(GONG_CLIENT) private readonly gong: GongClient,
    @Inject(AccessRepository) private readonly access: AccessRepository,
    @Inject(DirectoryRepository) private readonly directory: DirectoryRepository,
    @Inject(SyncCheckpointRepository) private readonly checkpoints: SyncCheckpointRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async run(options: { minIntervalMs?: number; force?: boolean } = {}): Promise<ProfileSyncResult> {
    const last = await this.checkpoints.get(ACCESS_PROFILES_CHECKPOINT);
    if (!options.force && last && this.clock.now() - last.position.getTime() < (options.minIntervalMs ?? 0)) {
      return { skipped: true, workspaces: 0, profiles: 0, members: 0, syncedAt: last.position };
    }
    const startedAt = new Date(this.clock.now());
    const gong = this.gong.withPriority('sync');
    const workspaces = await this.directory.listWorkspaces();
    const records: PermissionProfileRecord[] = [];
    for (const workspace of workspaces) {
      for (const profile of await this.profilesOf(gong, workspace.id)) {
        const members = await this.membersOf(gong, profile.id);
        // A profile deleted while we read (404) is left out: its members lose what it gave.
        if (members !== undefined) records.push(toProfileRecord(workspace.id, profile, members));
      }
    }
    await this.access.replaceAllProfiles(records, startedAt);
    return {
      skipped: false,
      workspaces: workspaces.length,
      profiles: records.length,
      members: records.reduce((n, p) => n + p.userIds.length, 0),
      syncedAt: startedAt,
    };
  }

  private async membersOf(gong: GongClient, profileId: string): Promise<string[] | undefined> {
    try {
      return (await retryRateLimited(() => gong.listPermissionProfileUsers(profileId))).map((m) => m.id);
    } catch (error) {
      if (error instanceof GongError && error.kind === 'not-found') return undefined;
      throw error;
    }
  }

  /** A workspace Gong no longer knows (404) has no profiles. */
  private async profilesOf(gong: GongClient, workspaceId: string): Promise<PermissionProfile[]> {
    try {
      return await retryRateLimited(() => gong.listPermissionProfiles(workspaceId));
    } catch (error) {
      if (error instanceof GongError && error.kind === 'not-found') return [];
      throw error;
    }
  }
}

function toProfileRecord(workspaceId: string, profile: PermissionProfile, userIds: string[]): PermissionProfileRecord {
  return {
    id: profile.id,
    workspaceId,
    name: profile.name ?? profile.id,
    // An unknown level is stored verbatim; the model maps it to `none` (fails closed).
    callsLevel: profile.callsAccess?.permissionLevel ?? 'none',
    teamLeadIds: [...(profile.callsAccess?.teamLeadIds ?? [])],
    raw: profile,
    userIds: [...new Set(userIds)].sort(),
  };
}
