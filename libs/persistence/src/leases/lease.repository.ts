import type { Database } from '../database/database.js';

export interface Lease {
  name: string;
  holder: string;
  /** Grows each time another holder takes the lease; writes can be fenced with it. */
  fencingToken: string;
  expiresAt: Date;
}

/** Leader election on Postgres: a lease is held until it expires or is released. */
export class LeaseRepository {
  constructor(private readonly db: Database) {}

  /** Takes or renews the lease; returns it when `holder` holds it afterwards, otherwise undefined. */
  async tryAcquire(name: string, holder: string, ttlMs: number): Promise<Lease | undefined> {
    const rows: { name: string; holder: string; fencing_token: string; expires_at: Date }[] = await this.db.query(
      `INSERT INTO service_leases (name, holder, expires_at)
       VALUES ($1, $2, now() + ($3::bigint * interval '1 millisecond'))
       ON CONFLICT (name) DO UPDATE
         SET holder = EXCLUDED.holder,
             expires_at = EXCLUDED.expires_at,
             acquired_at = CASE WHEN service_leases.holder = EXCLUDED.holder THEN service_leases.acquired_at ELSE now() END,
             fencing_token = service_leases.fencing_token
               + CASE WHEN service_leases.holder = EXCLUDED.holder THEN 0 ELSE 1 END
         WHERE service_leases.holder = EXCLUDED.holder OR service_leases.expires_at < now()
       RETURNING name, holder, fencing_token::text AS fencing_token, expires_at`,
      [name, holder, Math.round(ttlMs)],
    );
    const row = rows[0];
    return row ? { name: row.name, holder: row.holder, fencingToken: row.fencing_token, expiresAt: new Date(row.expires_at) } : undefined;
  }

  async release(name: string, holder: string): Promise<void> {
    await this.db.query('DELETE FROM service_leases WHERE name = $1 AND holder = $2', [name, holder]);
  }

  async current(name: string): Promise<Lease | undefined> {
    const rows: { name: string; holder: string; fencing_token: string; expires_at: Date }[] = await this.db.query(
      `SELECT name, holder, fencing_token::text AS fencing_token, expires_at FROM service_leases
       WHERE name = $1 AND expires_at >= now()`,
      [name],
    );
    const row = rows[0];
    return row ? { name: row.name, holder: row.holder, fencingToken: row.fencing_token, expiresAt: new Date(row.expires_at) } : undefined;
  }
}
