import type { Database } from '../database/database.js';
import type { Transaction } from '../database/transaction.js';
import { DIRECTORY_CHECKPOINT } from '../directory/directory.checkpoint.js';
import { SyncCheckpointRepository } from '../sync/sync-checkpoint.repository.js';
import type {
  AccessDirectoryUser,
  AccessSnapshotRecord,
  CallAccessCheckRecord,
  PermissionProfileRecord,
} from './access-records.js';

/** The checkpoint of the permission-profile sync (its position is when the last full sync started). */
export const ACCESS_PROFILES_CHECKPOINT = 'access.profiles';

type ProfileRow = {
  id: string;
  workspace_id: string;
  name: string;
  calls_level: string;
  team_lead_ids: string[];
  raw: unknown;
  user_ids: string[];
};

type UserRow = {
  id: string;
  manager_id: string | null;
  active: boolean;
  email: string | null;
  email_aliases: string[];
  first_name: string | null;
  last_name: string | null;
  title: string | null;
};

const PROFILES_SQL = `
  SELECT p.id, p.workspace_id, p.name, p.calls_level, p.team_lead_ids, p.raw,
         COALESCE(array_agg(DISTINCT m.user_id ORDER BY m.user_id) FILTER (WHERE m.user_id IS NOT NULL), '{}') AS user_ids
  FROM permission_profiles p LEFT JOIN permission_profile_users m ON m.profile_id = p.id
  GROUP BY p.id ORDER BY p.workspace_id, p.id`;

const toProfile = (r: ProfileRow): PermissionProfileRecord => ({
  id: r.id,
  workspaceId: r.workspace_id,
  name: r.name,
  callsLevel: r.calls_level,
  teamLeadIds: r.team_lead_ids,
  raw: r.raw,
  userIds: r.user_ids,
});

const toUser = (r: UserRow): AccessDirectoryUser => ({
  id: r.id,
  managerId: r.manager_id,
  active: r.active,
  email: r.email,
  emailAliases: r.email_aliases,
  firstName: r.first_name,
  lastName: r.last_name,
  title: r.title,
});

/**
 * What Gong's call permissions depend on, beside users and workspaces (DirectoryRepository):
 * permission profiles with their members, and users-access grants with when each call was checked.
 * Writes are all-or-nothing; `loadSnapshot` reads everything in one repeatable-read transaction.
 */
export class AccessRepository {
  private readonly checkpoints: SyncCheckpointRepository;

  constructor(private readonly db: Database) {
    this.checkpoints = new SyncCheckpointRepository(db);
  }

  /**
   * Makes the stored profiles exactly `profiles` (a full snapshot of every workspace): profiles
   * not in it are removed with their members, the others are written with their members replaced,
   * and the profiles checkpoint moves to `syncedAt`, all in one transaction.
   */
  async replaceAllProfiles(profiles: readonly PermissionProfileRecord[], syncedAt: Date): Promise<void> {
    const unique = [...new Map(profiles.map((p) => [p.id, p])).values()];
    const ids = unique.map((p) => p.id);
    await this.db.transaction(async (tx) => {
      await tx.query('DELETE FROM permission_profiles WHERE NOT (id = ANY($1::text[]))', [ids]);
      if (unique.length > 0) {
        await tx.query(
          `INSERT INTO permission_profiles (id, workspace_id, name, calls_level, team_lead_ids, raw, synced_at)
           SELECT r.id, r.workspace_id, r.name, r.calls_level, r.team_lead_ids, r.raw, $2
           FROM jsonb_to_recordset($1::jsonb) AS r(id text, workspace_id text, name text, calls_level text, team_lead_ids text[], raw jsonb)
           ON CONFLICT (id) DO UPDATE SET workspace_id = EXCLUDED.workspace_id, name = EXCLUDED.name,
             calls_level = EXCLUDED.calls_level, team_lead_ids = EXCLUDED.team_lead_ids, raw = EXCLUDED.raw,
             synced_at = EXCLUDED.synced_at`,
          [
            JSON.stringify(
              unique.map((p) => ({
                id: p.id,
                workspace_id: p.workspaceId,
                name: p.name,
                calls_level: p.callsLevel,
                team_lead_ids: p.teamLeadIds,
                raw: p.raw ?? {},
              })),
            ),
            syncedAt.toISOString(),
          ],
        );
      }
      await tx.query('DELETE FROM permission_profile_users WHERE profile_id = ANY($1::text[])', [ids]);
      const members = unique.flatMap((p) => [...new Set(p.userIds)].map((userId) => ({ profile_id: p.id, user_id: userId })));
      if (members.length > 0) {
        await tx.query(
          `INSERT INTO permission_profile_users (profile_id, user_id)
           SELECT r.profile_id, r.user_id FROM jsonb_to_recordset($1::jsonb) AS r(profile_id text, user_id text)`,
          [JSON.stringify(members)],
        );
      }
      await this.checkpoints.set(ACCESS_PROFILES_CHECKPOINT, syncedAt, { profiles: unique.length, members: members.length }, tx);
    });
  }

  /** Every stored profile with its members, by workspace then id. */
  async listProfiles(): Promise<PermissionProfileRecord[]> {
    const rows: ProfileRow[] = await this.db.query(PROFILES_SQL);
    return rows.map(toProfile);
  }

  /**
   * Stores what users-access said about these calls: each call's grants are replaced by the ones
   * given (none when `userIds` is empty) and the call is marked checked at `checkedAt`, together.
   */
  async recordChecks(checks: readonly CallAccessCheckRecord[], checkedAt: Date): Promise<void> {
    if (checks.length === 0) return;
    const unique = [...new Map(checks.map((c) => [c.callId, c])).values()];
    const ids = unique.map((c) => c.callId);
    await this.db.transaction(async (tx) => {
      await tx.query('DELETE FROM call_user_access WHERE call_id = ANY($1::text[])', [ids]);
      const grants = unique.flatMap((c) => [...new Set(c.userIds)].map((userId) => ({ call_id: c.callId, user_id: userId })));
      if (grants.length > 0) {
        await tx.query(
          `INSERT INTO call_user_access (call_id, user_id, synced_at)
           SELECT r.call_id, r.user_id, $2 FROM jsonb_to_recordset($1::jsonb) AS r(call_id text, user_id text)`,
          [JSON.stringify(grants), checkedAt.toISOString()],
        );
      }
      await tx.query(
        `INSERT INTO call_access_checks (call_id, checked_at, grants)
         SELECT r.call_id, $2, r.grants FROM jsonb_to_recordset($1::jsonb) AS r(call_id text, grants integer)
         ON CONFLICT (call_id) DO UPDATE SET checked_at = EXCLUDED.checked_at, grants = EXCLUDED.grants`,
        [JSON.stringify(unique.map((c) => ({ call_id: c.callId, grants: new Set(c.userIds).size }))), checkedAt.toISOString()],
      );
    });
  }

  /**
   * Stored calls whose users-access is due: never checked first (newest calls first), then those
   * last checked before `recheckBefore` (oldest check first). At most `limit`.
   */
  async callsToCheck(options: { limit: number; recheckBefore?: Date }): Promise<string[]> {
    const rows: { id: string }[] = await this.db.query(
      `SELECT c.id FROM calls c LEFT JOIN call_access_checks k ON k.call_id = c.id
       WHERE k.call_id IS NULL OR ($2::timestamptz IS NOT NULL AND k.checked_at < $2::timestamptz)
       ORDER BY (k.call_id IS NULL) DESC, k.checked_at ASC, c.started DESC, c.id
       LIMIT $1`,
      [options.limit, options.recheckBefore?.toISOString() ?? null],
    );
    return rows.map((r) => r.id);
  }

  /** Of `callIds`, those stored in the replica's `calls` table. */
  async storedCallIds(callIds: readonly string[]): Promise<Set<string>> {
    if (callIds.length === 0) return new Set();
    const rows: { id: string }[] = await this.db.query('SELECT id FROM calls WHERE id = ANY($1::text[])', [[...callIds]]);
    return new Set(rows.map((r) => r.id));
  }

  /** Stored calls never checked against users-access. */
  async uncheckedCallCount(): Promise<number> {
    const rows: { n: number }[] = await this.db.query(
      `SELECT count(*)::int AS n FROM calls c WHERE NOT EXISTS (SELECT 1 FROM call_access_checks k WHERE k.call_id = c.id)`,
    );
    return rows[0]?.n ?? 0;
  }

  /** Workspaces, users, profiles with members, grants and both sync times, as one consistent snapshot. */
  async loadSnapshot(): Promise<AccessSnapshotRecord> {
    return this.db.transaction('REPEATABLE READ', async (tx) => {
      // Checkpoints first: the data read after them is at least as new as they say.
      const positions = await readPositions(tx, [DIRECTORY_CHECKPOINT, ACCESS_PROFILES_CHECKPOINT]);
      const workspaces: { id: string }[] = await tx.query('SELECT id FROM gong_workspaces ORDER BY id');
      const users: UserRow[] = await tx.query(
        'SELECT id, manager_id, active, email, email_aliases, first_name, last_name, title FROM gong_users ORDER BY id',
      );
      const profiles: ProfileRow[] = await tx.query(PROFILES_SQL);
      const grants: { call_id: string; user_ids: string[] }[] = await tx.query(
        'SELECT call_id, array_agg(DISTINCT user_id ORDER BY user_id) AS user_ids FROM call_user_access GROUP BY call_id ORDER BY call_id',
      );
      return {
        workspaceIds: workspaces.map((w) => w.id),
        users: users.map(toUser),
        profiles: profiles.map(toProfile),
        grants: grants.map((g) => ({ callId: g.call_id, userIds: g.user_ids })),
        directorySyncedAt: positions.get(DIRECTORY_CHECKPOINT),
        profilesSyncedAt: positions.get(ACCESS_PROFILES_CHECKPOINT),
      };
    });
  }
}

async function readPositions(tx: Transaction, names: readonly string[]): Promise<Map<string, Date>> {
  const rows: { name: string; position: Date }[] = await tx.query(
    'SELECT name, position FROM sync_checkpoints WHERE name = ANY($1::text[])',
    [[...names]],
  );
  return new Map(rows.map((r) => [r.name, new Date(r.position)]));
}
