import { buildAccessIndex, domainAccessFor, filterFor, profileExtrasFromGong, toCallsPermissionLevel, type AccessIndex, type AccessModel } from '@gong-connector/access-core';
import { denyAllAccessFilter, denyAllDomainAccess, type AccessFilterReply, type Clock } from '@gong-connector/contracts';
import type { AccessRepository, AccessSnapshotRecord, DirectoryRepository } from '@gong-connector/persistence';
import type { AccessFilterSource, AccessSubject } from './access-filter.source.js';

interface Loaded {
  index: AccessIndex;
  snapshot: AccessSnapshotRecord;
  loadedAt: number;
}

/**
 * Access filters computed in-process from the replicated users, manager graph, permission profiles
 * and users-access grants (the same access-core rules the access service applies). The model is
 * reloaded at most every `cacheMs`. For single-process deployments and tests.
 */
export class ReplicaAccessFilterSource implements AccessFilterSource {
  private loaded: Promise<Loaded> | undefined;

  constructor(
    private readonly access: AccessRepository,
    private readonly directory: DirectoryRepository,
    private readonly clock: Clock,
    private readonly cacheMs: number,
  ) {}

  async filterFor(subject: AccessSubject): Promise<AccessFilterReply> {
    const { index, snapshot } = await this.model();
    const user =
      'userId' in subject ? snapshot.users.find((u) => u.id === subject.userId) : await this.byEmail(subject.email, snapshot);
    const dataAsOf = new Date(
      Math.min(snapshot.directorySyncedAt?.getTime() ?? this.clock.now(), snapshot.profilesSyncedAt?.getTime() ?? this.clock.now()),
    );
    const userId = user?.id ?? ('userId' in subject ? subject.userId : '0');
    return {
      filter: user ? filterFor(index, user.id) : denyAllAccessFilter(userId),
      domains: user ? domainAccessFor(index, user.id) : denyAllDomainAccess(),
      user: user
        ? {
            id: user.id,
            email: user.email,
            name: [user.firstName, user.lastName].filter(Boolean).join(' ') || user.email,
            title: user.title,
            active: user.active,
          }
        : null,
      dataAsOf: dataAsOf.toISOString(),
      ageMs: Math.max(0, this.clock.now() - dataAsOf.getTime()),
    };
  }

  /** Drops the cached model (the next question reloads it). */
  invalidate(): void {
    this.loaded = undefined;
  }

  private async byEmail(email: string, snapshot: AccessSnapshotRecord): Promise<AccessSnapshotRecord['users'][number] | undefined> {
    const found = await this.directory.findUserByEmail(email);
    return found ? snapshot.users.find((u) => u.id === found.id) : undefined;
  }

  private model(): Promise<Loaded> {
    const current = this.loaded;
    if (current) {
      return current.then((l) => (this.clock.now() - l.loadedAt <= this.cacheMs ? l : this.reload()));
    }
    return this.reload();
  }

  private reload(): Promise<Loaded> {
    const next = (async (): Promise<Loaded> => {
      const snapshot = await this.access.loadSnapshot();
      return { index: buildAccessIndex(toModel(snapshot)), snapshot, loadedAt: this.clock.now() };
    })();
    this.loaded = next;
    next.catch(() => {
      if (this.loaded === next) this.loaded = undefined;
    });
    return next;
  }
}

/** The access model of a replica snapshot (also what `GET /v1/me` and `/admin/explain` evaluate). */
export function toModel(s: AccessSnapshotRecord): AccessModel {
  return {
    workspaceIds: [...s.workspaceIds],
    users: s.users.map((u) => ({ id: u.id, managerId: u.managerId, active: u.active })),
    profiles: s.profiles.map((p) => ({
      id: p.id,
      workspaceId: p.workspaceId,
      callsAccess: { permissionLevel: toCallsPermissionLevel(p.callsLevel), teamLeadIds: p.teamLeadIds.length === 0 ? null : [...p.teamLeadIds] },
      ...profileExtrasFromGong(p.raw),
      userIds: [...p.userIds],
    })),
    callAccessGrants: s.grants.filter((g) => g.userIds.length > 0).map((g) => ({ callId: g.callId, userIds: [...g.userIds] })),
  };
}
