import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Scoped admin-minted tokens: OAuth-style scopes (existing tokens keep reading: gong:read), an
 * optional limit to named MCP tools and/or tool tags (NULL: no limit), and read-only.
 */
export class ApiTokenScopes1763900094000 implements MigrationInterface {
  name = 'ApiTokenScopes1763900094000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE api_tokens
        ADD COLUMN scopes    text[] NOT NULL DEFAULT '{gong:read}',
        ADD COLUMN tools     text[],
        ADD COLUMN tool_tags text[],
        ADD COLUMN read_only boolean NOT NULL DEFAULT false`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE api_tokens DROP COLUMN scopes, DROP COLUMN tools, DROP COLUMN tool_tags, DROP COLUMN read_only');
  }
}
