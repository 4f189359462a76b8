import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `gong_ai_cache`: Gong's AI answers (get-brief, ask-entity, the brief list), paid in Gong credits,
 * kept per cache key (entity, workspace, period, brief name or question) until `expires_at`, shared
 * by every agent-api replica and kept across restarts. Expired rows are deleted as new ones are put.
 */
export class CreateGongAiCache1763901400000 implements MigrationInterface {
  name = 'CreateGongAiCache1763901400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE gong_ai_cache (
        cache_key       text PRIMARY KEY,
        tool            text NOT NULL,
        response        jsonb NOT NULL,
        gong_request_id text,
        generated_at    timestamptz NOT NULL,
        expires_at      timestamptz NOT NULL
      )`);
    await q.query('CREATE INDEX gong_ai_cache_expires_at ON gong_ai_cache (expires_at)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE gong_ai_cache');
  }
}
