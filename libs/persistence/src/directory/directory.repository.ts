import type { Database } from '../database/database.js';
import type { UserRecord, WorkspaceRecord } from './directory-records.js';

export type UserRow = {
  id: string;
  email: string | null;
  first_name: string | null;
  last_name: string | null;
  title: string | null;
  manager_id: string | null;
  active: boolean;
  phone_number: string | null;
  created: Date | null;
  email_aliases: string[];
};

/** A `gong_users` row as a record (shared by the repositories that read users). */
export const toUser = (r: UserRow): UserRecord => ({
  id: r.id,
  email: r.email,
  firstName: r.first_name,
  lastName: r.last_name,
  title: r.title,
  managerId: r.manager_id,
  active: r.active,
  phoneNumber: r.phone_number,
  created: r.created ? new Date(r.created).toISOString() : null,
  emailAliases: r.email_aliases,
});

/** Users (with the manager graph) and workspaces replicated from Gong. */
export class DirectoryRepository {
  constructor(private readonly db: Database) {}

  async upsertUsers(users: readonly UserRecord[]): Promise<void> {
    if (users.length === 0) return;
    const unique = [...new Map(users.map((u) => [u.id, u])).values()];
    await this.db.query(
      `INSERT INTO gong_users (id, email, first_name, last_name, title, manager_id, active, phone_number, created, email_aliases, synced_at)
       SELECT r.id, r.email, r.first_name, r.last_name, r.title, r.manager_id, r.active, r.phone_number, r.created, r.email_aliases, now()
       FROM jsonb_to_recordset($1::jsonb) AS r(id text, email text, first_name text, last_name text, title text,
         manager_id text, active boolean, phone_number text, created timestamptz, email_aliases text[])
       ON CONFLICT (id) DO UPDATE SET email = EXCLUDED.email, first_name = EXCLUDED.first_name,
         last_name = EXCLUDED.last_name, title = EXCLUDED.title, manager_id = EXCLUDED.manager_id,
         active = EXCLUDED.active, phone_number = EXCLUDED.phone_number, created = EXCLUDED.created,
         email_aliases = EXCLUDED.email_aliases, synced_at = now()`,
      [
        JSON.stringify(
          unique.map((u) => ({
            id: u.id,
            email: u.email,
            first_name: u.firstName,
            last_name: u.lastName,
            title: u.title,
            manager_id: u.managerId,
            active: u.active,
            phone_number: u.phoneNumber,
            created: u.created,
            email_aliases: u.emailAliases,
          })),
        ),
      ],
    );
  }

  async upsertWorkspaces(workspaces: readonly WorkspaceRecord[]): Promise<void> {
    if (workspaces.length === 0) return;
    await this.db.query(
      `INSERT INTO gong_workspaces (id, name, description, synced_at)
       SELECT r.id, r.name, r.description, now() FROM jsonb_to_recordset($1::jsonb) AS r(id text, name text, description text)
       ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, description = EXCLUDED.description, synced_at = now()`,
      [JSON.stringify(workspaces)],
    );
  }

  async listUsers(): Promise<UserRecord[]> {
    const rows: UserRow[] = await this.db.query('SELECT * FROM gong_users ORDER BY id');
    return rows.map(toUser);
  }

  /** A manager's direct reports (indexed by manager_id: no walk over the whole directory). */
  async listReports(managerId: string): Promise<UserRecord[]> {
    const rows: UserRow[] = await this.db.query('SELECT * FROM gong_users WHERE manager_id = $1 ORDER BY id', [managerId]);
    return rows.map(toUser);
  }

  async getUser(id: string): Promise<UserRecord | undefined> {
    const rows: UserRow[] = await this.db.query('SELECT * FROM gong_users WHERE id = $1', [id]);
    return rows[0] ? toUser(rows[0]) : undefined;
  }

  /** By primary email or an alias, case-insensitive. */
  async findUserByEmail(email: string): Promise<UserRecord | undefined> {
    const rows: UserRow[] = await this.db.query(
      `SELECT * FROM gong_users WHERE lower(email) = lower($1)
         OR lower($1) = ANY (SELECT lower(a) FROM unnest(email_aliases) a)
       ORDER BY active DESC, id LIMIT 1`,
      [email],
    );
    return rows[0] ? toUser(rows[0]) : undefined;
  }

  async listWorkspaces(): Promise<WorkspaceRecord[]> {
    return this.db.query('SELECT id, name, description FROM gong_workspaces ORDER BY id');
  }
}
