import { buildAccessIndex, domainAccessFor, filterFor, type AccessFilter, type AccessIndex, type AccessModel } from '@gong-connector/access-core';
import type { AccessUser, UserDomainAccess } from '@gong-connector/contracts';
import { userDisplayName, type AccessDirectoryUser, type AccessSnapshotRecord, type CallAccessCheckRecord } from '@gong-connector/persistence';
import { toAccessModel } from './access-model.mapper.js';

/** Who a filter is asked for: a Gong user id, or an email address (primary or alias, any case). */
export type AccessSubject = { userId: string } | { email: string };

/** Labels of `access_users_by_level`: Gong's calls levels, plus users with a torn or no profile. */
export type UserLevelLabel = 'all' | 'managers-team' | 'report-to-them' | 'own' | 'none' | 'conflicting-profiles' | 'no-profile';

/**
 * One immutable, indexed snapshot of the access model (users, manager graph, workspaces, profiles
 * with members, users-access grants) with the directory of users for lookups by email, and the
 * times its two parts were synced. Filters come from access-core's `filterFor` on its index.
 */
export class AccessSnapshot {
  private constructor(
    readonly model: AccessModel,
    readonly index: AccessIndex,
    private readonly users: ReadonlyMap<string, AccessDirectoryUser>,
    private readonly idsByEmail: ReadonlyMap<string, string>,
    private readonly grantsByCall: ReadonlyMap<string, readonly string[]>,
    readonly directorySyncedAt: Date | undefined,
    readonly profilesSyncedAt: Date | undefined,
  ) {}

  static fromRecord(record: AccessSnapshotRecord): AccessSnapshot {
    const model = toAccessModel(record);
    const users = new Map(record.users.map((u) => [u.id, u]));
    return new AccessSnapshot(
      model,
      buildAccessIndex(model),
      users,
      emailIndex(record.users),
      new Map(model.callAccessGrants.map((g) => [g.callId, g.userIds])),
      record.directorySyncedAt,
      record.profilesSyncedAt,
    );
  }

  /**
   * This snapshot with the users-access grants of some calls replaced (what a users-access lookup
   * found), and the users whose grants changed.
   */
  withChecks(checks: readonly CallAccessCheckRecord[]): { snapshot: AccessSnapshot; affectedUserIds: string[] } {
    const grants = new Map(this.grantsByCall);
    const affected = new Set<string>();
    for (const check of checks) {
      const before = new Set(grants.get(check.callId) ?? []);
      const after = new Set(check.userIds);
      for (const id of before) if (!after.has(id)) affected.add(id);
      for (const id of after) if (!before.has(id)) affected.add(id);
      if (after.size === 0) grants.delete(check.callId);
      else grants.set(check.callId, [...after]);
    }
    if (affected.size === 0) return { snapshot: this, affectedUserIds: [] };
    const model: AccessModel = {
      ...this.model,
      callAccessGrants: [...grants].map(([callId, userIds]) => ({ callId, userIds: [...userIds] })),
    };
    const snapshot = new AccessSnapshot(
      model,
      buildAccessIndex(model),
      this.users,
      this.idsByEmail,
      grants,
      this.directorySyncedAt,
      this.profilesSyncedAt,
    );
    return { snapshot, affectedUserIds: [...affected] };
  }

  /** When the data is from: the older of the directory and profile syncs (undefined until both ran). */
  get dataAsOf(): Date | undefined {
    if (this.directorySyncedAt === undefined || this.profilesSyncedAt === undefined) return undefined;
    return this.directorySyncedAt.getTime() <= this.profilesSyncedAt.getTime() ? this.directorySyncedAt : this.profilesSyncedAt;
  }

  /** Every known user id. */
  userIds(): string[] {
    return [...this.users.keys()];
  }

  /** The user a subject names, or undefined when no known user matches. */
  findUser(subject: AccessSubject): AccessDirectoryUser | undefined {
    if ('userId' in subject) return this.users.get(subject.userId);
    const id = this.idsByEmail.get(subject.email.trim().toLowerCase());
    return id === undefined ? undefined : this.users.get(id);
  }

  /** The user's AccessFilter (deny-all for unknown or inactive users). */
  filterFor(userId: string): AccessFilter {
    return filterFor(this.index, userId);
  }

  /** What the user may see beyond calls (per-domain audiences, Library, booleans), memoized per snapshot. */
  domainAccessFor(userId: string): UserDomainAccess {
    let access = this.domainAccessMemo.get(userId);
    if (access === undefined) {
      access = domainAccessFor(this.index, userId);
      this.domainAccessMemo.set(userId, access);
    }
    return access;
  }

  private readonly domainAccessMemo = new Map<string, UserDomainAccess>();

  /** A user as the `access.filter.v1` reply shows them. */
  static toReplyUser(user: AccessDirectoryUser): AccessUser {
    return { id: user.id, email: user.email, name: userDisplayName(user), title: user.title, active: user.active };
  }

  /** Active users per calls level held in at least one workspace, for `access_users_by_level`. */
  usersByLevel(): Record<UserLevelLabel, number> {
    const counts: Record<UserLevelLabel, number> = {
      all: 0,
      'managers-team': 0,
      'report-to-them': 0,
      own: 0,
      none: 0,
      'conflicting-profiles': 0,
      'no-profile': 0,
    };
    for (const user of this.index.users.values()) {
      if (!user.active) continue;
      const held = new Set<UserLevelLabel>();
      for (const members of this.index.profilesByWorkspace.values()) {
        const access = members.get(user.id);
        if (access?.kind === 'profile') held.add(access.callsAccess.permissionLevel);
        else if (access?.kind === 'conflicting-profiles') held.add('conflicting-profiles');
      }
      if (held.size === 0) held.add('no-profile');
      for (const level of held) counts[level] += 1;
    }
    return counts;
  }
}

/**
 * Lower-cased primary emails and aliases to user ids. A primary address wins over an alias; among
 * equals an active user wins, then the smallest id (as DirectoryRepository.findUserByEmail orders).
 */
function emailIndex(users: readonly AccessDirectoryUser[]): Map<string, string> {
  const rank = (u: AccessDirectoryUser, primary: boolean): [number, number, string] => [primary ? 0 : 1, u.active ? 0 : 1, u.id];
  const best = new Map<string, { id: string; rank: [number, number, string] }>();
  const offer = (email: string | null, user: AccessDirectoryUser, primary: boolean): void => {
    const key = email?.trim().toLowerCase();
    if (!key) return;
    const r = rank(user, primary);
    const current = best.get(key);
    if (current === undefined || compareRank(r, current.rank) < 0) best.set(key, { id: user.id, rank: r });
  };
  for (const user of users) {
    offer(user.email, user, true);
    for (const alias of user.emailAliases) offer(alias, user, false);
  }
  return new Map([...best].map(([email, { id }]) => [email, id]));
}

function compareRank(a: [number, number, string], b: [number, number, string]): number {
  if (a[0] !== b[0]) return a[0] - b[0];
  if (a[1] !== b[1]) return a[1] - b[1];
  if (a[2].length !== b[2].length) return a[2].length - b[2].length;
  return a[2] < b[2] ? -1 : a[2] > b[2] ? 1 : 0;
}
