import { createHash } from 'node:crypto';
import type { Database } from '../database/database.js';

/** A cached Gong AI answer. */
export interface GongAiCacheEntry {
  tool: string;
  response: unknown;
  gongRequestId: string | null;
  generatedAt: Date;
  expiresAt: Date;
}

interface Row {
  tool: string;
  response: unknown;
  gong_request_id: string | null;
  generated_at: Date;
  expires_at: Date;
}

/** The key as stored: sha256 of the caller's key (which holds the question, kept out of the table). */
const stored = (key: string): string => createHash('sha256').update(key).digest('hex');

/**
 * Gong's AI answers (paid in Gong credits) shared by every agent-api replica: `get` answers a fresh
 * entry only; `put` replaces the entry and deletes expired ones. Keys are stored as their sha256.
 */
export class GongAiCacheRepository {
  constructor(private readonly db: Database) {}

  async get(key: string, now: Date): Promise<GongAiCacheEntry | undefined> {
    const rows: Row[] = await this.db.query('SELECT tool, response, gong_request_id, generated_at, expires_at FROM gong_ai_cache WHERE cache_key = $1 AND expires_at > $2', [stored(key), now]);
    const r = rows[0];
    return r && { tool: r.tool, response: r.response, gongRequestId: r.gong_request_id, generatedAt: new Date(r.generated_at), expiresAt: new Date(r.expires_at) };
  }

  async put(key: string, entry: GongAiCacheEntry, now: Date): Promise<void> {
    await this.db.transaction(async (tx) => {
      await this.db.query('DELETE FROM gong_ai_cache WHERE expires_at <= $1', [now], tx);
      await this.db.query(
        `INSERT INTO gong_ai_cache (cache_key, tool, response, gong_request_id, generated_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (cache_key) DO UPDATE SET tool = EXCLUDED.tool, response = EXCLUDED.response, gong_request_id = EXCLUDED.gong_request_id,
           generated_at = EXCLUDED.generated_at, expires_at = EXCLUDED.expires_at`,
        [stored(key), entry.tool, JSON.stringify(entry.response), entry.gongRequestId, entry.generatedAt, entry.expiresAt],
        tx,
      );
    });
  }

  /** Drops every cached answer (an erasure: Gong's text may name the person); how many. */
  async clear(): Promise<number> {
    const rows: { n: string }[] = await this.db.query('WITH d AS (DELETE FROM gong_ai_cache RETURNING 1) SELECT count(*) AS n FROM d');
    return Number(rows[0]?.n ?? 0);
  }
}
