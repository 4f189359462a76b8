import type { Database } from '../database/database.js';
import { returningRows } from '../database/returning-rows.js';
import type { OAuthClientLimitsRecord } from './oauth-records.js';

interface LimitsRow {
  client_id: string;
  tools: string[] | null;
  tool_tags: string[] | null;
  read_only: boolean;
  updated_at: Date;
}

const toRecord = (r: LimitsRow): OAuthClientLimitsRecord => ({
  clientId: r.client_id,
  tools: r.tools,
  toolTags: r.tool_tags,
  readOnly: r.read_only,
  updatedAt: new Date(r.updated_at).toISOString(),
});

/** What an admin limited each OAuth client of the built-in authorization server to. */
export class OAuthClientLimitsRepository {
  constructor(private readonly db: Database) {}

  async put(limits: { clientId: string; tools: string[] | null; toolTags: string[] | null; readOnly: boolean }): Promise<OAuthClientLimitsRecord> {
    const rows: LimitsRow[] = await this.db.query(
      `INSERT INTO oauth_client_limits (client_id, tools, tool_tags, read_only) VALUES ($1, $2, $3, $4)
       ON CONFLICT (client_id) DO UPDATE SET tools = EXCLUDED.tools, tool_tags = EXCLUDED.tool_tags,
         read_only = EXCLUDED.read_only, updated_at = now()
       RETURNING *`,
      [limits.clientId, limits.tools, limits.toolTags, limits.readOnly],
    );
    return toRecord(rows[0]!);
  }

  async get(clientId: string): Promise<OAuthClientLimitsRecord | undefined> {
    const rows: LimitsRow[] = await this.db.query('SELECT * FROM oauth_client_limits WHERE client_id = $1', [clientId]);
    return rows[0] ? toRecord(rows[0]) : undefined;
  }

  async list(): Promise<OAuthClientLimitsRecord[]> {
    const rows: LimitsRow[] = await this.db.query('SELECT * FROM oauth_client_limits ORDER BY client_id');
    return rows.map(toRecord);
  }

  /** Lifts every limit of the client; true when it had some. */
  async remove(clientId: string): Promise<boolean> {
    const rows: unknown[] = returningRows(await this.db.query('DELETE FROM oauth_client_limits WHERE client_id = $1 RETURNING client_id', [clientId]));
    return rows.length > 0;
  }
}
