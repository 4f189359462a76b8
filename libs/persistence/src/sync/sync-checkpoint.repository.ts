import type { Database } from '../database/database.js';
import type { Transaction } from '../database/transaction.js';

export interface SyncCheckpoint {
  name: string;
  /** How far the sync has safely come (its meaning is the sync's own: a call start time, a sync time). */
  position: Date;
  state: Record<string, unknown>;
  updatedAt: Date;
}

/** Named checkpoints of incremental syncs; a checkpoint only moves after its batch is committed. */
export class SyncCheckpointRepository {
  constructor(private readonly db: Database) {}

  async get(name: string): Promise<SyncCheckpoint | undefined> {
    const rows: { name: string; position: Date; state: Record<string, unknown>; updated_at: Date }[] = await this.db.query(
      'SELECT name, position, state, updated_at FROM sync_checkpoints WHERE name = $1',
      [name],
    );
    const r = rows[0];
    return r ? { name: r.name, position: new Date(r.position), state: r.state, updatedAt: new Date(r.updated_at) } : undefined;
  }

  /** Sets the checkpoint, inside `tx` when given (commit data and checkpoint together). */
  async set(name: string, position: Date, state: Record<string, unknown> = {}, tx?: Transaction): Promise<void> {
    await this.db.query(
      `INSERT INTO sync_checkpoints (name, position, state, updated_at) VALUES ($1, $2, $3, now())
       ON CONFLICT (name) DO UPDATE SET position = EXCLUDED.position, state = EXCLUDED.state, updated_at = now()`,
      [name, position.toISOString(), JSON.stringify(state)],
      tx,
    );
  }
}
