import type { Database } from '../database/database.js';
import type { UserRecord } from '../directory/directory-records.js';
import { toUser, type UserRow } from '../directory/directory.repository.js';

/** The replica's data versions (`replica_data_versions`): bumped by every write to the domain's tables. */
export interface ReplicaDataVersions {
  /** Per-user stats and scorecards (the coaching sync's tables). */
  coaching: string;
  /** The PostgreSQL search index's chunks. */
  search: string;
}

export interface RepTeam {
  rep: UserRecord;
  /** The rep's manager's direct reports, the rep included, by id; only the rep when they have no manager. */
  peers: UserRecord[];
  /** Read in the same snapshot as the users, before any figure is read: a cache key for what is derived from them. */
  versions: ReplicaDataVersions;
}

/**
 * A rep, their team and the replica's data versions in one round trip: what a coaching answer
 * needs before it reads (or takes from a cache) any figure.
 */
export class CoachingTeamRepository {
  constructor(private readonly db: Database) {}

  async repTeam(userId: string): Promise<RepTeam | undefined> {
    const rows: Array<UserRow & { coaching_version: string; search_version: string }> = await this.db.query(
      `SELECT u.*,
              (SELECT version::text FROM replica_data_versions WHERE domain = 'coaching') AS coaching_version,
              (SELECT version::text FROM replica_data_versions WHERE domain = 'search') AS search_version
       FROM gong_users u
       WHERE u.id = $1 OR u.manager_id = (SELECT r.manager_id FROM gong_users r WHERE r.id = $1)
       ORDER BY u.id`,
      [userId],
    );
    const repRow = rows.find((r) => r.id === userId);
    if (!repRow) return undefined;
    const rep = toUser(repRow);
    return {
      rep,
      peers: rep.managerId === null ? [rep] : rows.filter((r) => r.manager_id === rep.managerId).map(toUser),
      versions: { coaching: repRow.coaching_version ?? '0', search: repRow.search_version ?? '0' },
    };
  }

  /** The current data versions alone. */
  async versions(): Promise<ReplicaDataVersions> {
    const rows: Array<{ domain: string; version: string }> = await this.db.query('SELECT domain, version::text AS version FROM replica_data_versions');
    const of = (domain: string) => rows.find((r) => r.domain === domain)?.version ?? '0';
    return { coaching: of('coaching'), search: of('search') };
  }
}
