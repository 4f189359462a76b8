import type { GongClient, UserMetadata, Workspace } from '@gong-connector/gong-client';
import {
  DIRECTORY_CHECKPOINT,
  DirectoryRepository,
  SyncCheckpointRepository,
  type Database,
  type UserRecord,
  type WorkspaceRecord,
} from '@gong-connector/persistence';

export function toUserRecord(u: UserMetadata): UserRecord {
  return {
    id: u.id,
    email: u.emailAddress ?? null,
    firstName: u.firstName ?? null,
    lastName: u.lastName ?? null,
    title: u.title ?? null,
    managerId: u.managerId ?? null,
    active: u.active ?? true,
    phoneNumber: u.phoneNumber ?? null,
    created: u.created ?? null,
    emailAliases: u.emailAliases ?? [],
  };
}

export function toWorkspaceRecord(w: Workspace): WorkspaceRecord {
  return { id: w.id, name: w.name ?? w.id, description: w.description ?? null };
}

/**
 * Replicates Gong's users (with the manager graph) and workspaces at `sync` priority. Both ingest
 * and access may ask for it; a sync younger than `minIntervalMs` (a shared checkpoint in Postgres)
 * is not repeated, so the quota is not spent twice.
 */
export class DirectorySync {
  private readonly repo: DirectoryRepository;
  private readonly checkpoints: SyncCheckpointRepository;

  constructor(
    db: Database,
    private readonly gong: GongClient,
    private readonly clock: { now(): number } = { now: () => Date.now() },
  ) {
    this.repo = new DirectoryRepository(db);
    this.checkpoints = new SyncCheckpointRepository(db);
  }

  /** Returns what was synced, or `skipped` when a recent enough sync exists. */
  async run(options: { minIntervalMs?: number; force?: boolean } = {}): Promise<{ skipped: boolean; users: number; workspaces: number; syncedAt: Date }> {
    const last = await this.checkpoints.get(DIRECTORY_CHECKPOINT);
    if (!options.force && last && this.clock.now() - last.position.getTime() < (options.minIntervalMs ?? 0)) {
      return { skipped: true, users: 0, workspaces: 0, syncedAt: last.position };
    }
    const startedAt = new Date(this.clock.now());
    const gong = this.gong.withPriority('sync');
    const workspaces = (await gong.listWorkspaces()).map(toWorkspaceRecord);
    const users: UserRecord[] = [];
    for await (const page of gong.listUsers({ includeAvatars: false })) users.push(...page.items.map(toUserRecord));
    await this.repo.upsertWorkspaces(workspaces);
    await this.repo.upsertUsers(users);
    await this.checkpoints.set(DIRECTORY_CHECKPOINT, startedAt, { users: users.length, workspaces: workspaces.length });
    return { skipped: false, users: users.length, workspaces: workspaces.length, syncedAt: startedAt };
  }

  /** When the directory was last synced (undefined: never). */
  async lastSyncedAt(): Promise<Date | undefined> {
    return (await this.checkpoints.get(DIRECTORY_CHECKPOINT))?.position;
  }
}
