import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Writes to Gong on behalf of a user (Engage flows, tasks, CRM uploads):
 * - `gong_write_confirmations`: a write's preview waits here for `confirm: <id>`, bound to the token,
 *   the user, the tool and the digest of the exact arguments; short-lived, used once.
 * - `gong_write_operations`: one row per write run under an idempotency key (per token and user):
 *   the first result is kept and answered again, by every replica and after restarts.
 * - `gong_write_audit`: every write (who, acting for whom, tool, arguments digest, Gong request ids,
 *   outcome, time); append-only (a trigger refuses UPDATE and DELETE).
 * - `api_tokens.auto_confirm`: tokens of trusted automations skip the confirmation step.
 */
export class CreateGongWrites1763900900000 implements MigrationInterface {
  name = 'CreateGongWrites1763900900000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE api_tokens ADD COLUMN auto_confirm boolean NOT NULL DEFAULT false');
    await q.query(`
      CREATE TABLE gong_write_confirmations (
        id          text PRIMARY KEY,
        token_id    text NOT NULL,
        user_id     text NOT NULL,
        tool        text NOT NULL,
        args_digest text NOT NULL,
        preview     jsonb NOT NULL,
        created_at  timestamptz NOT NULL,
        expires_at  timestamptz NOT NULL,
        used_at     timestamptz
      )`);
    await q.query('CREATE INDEX gong_write_confirmations_expires_at ON gong_write_confirmations (expires_at)');
    await q.query(`
      CREATE TABLE gong_write_operations (
        id              uuid PRIMARY KEY,
        scope_key       text NOT NULL,
        idempotency_key text NOT NULL,
        tool            text NOT NULL,
        args_digest     text NOT NULL,
        state           text NOT NULL CHECK (state IN ('running', 'done', 'failed')),
        answer          jsonb,
        created_at      timestamptz NOT NULL,
        finished_at     timestamptz,
        UNIQUE (scope_key, idempotency_key)
      )`);
    await q.query(`
      CREATE TABLE gong_write_audit (
        id               bigserial PRIMARY KEY,
        at               timestamptz NOT NULL,
        token_id         text NOT NULL,
        token_kind       text NOT NULL,
        acting_for       text NOT NULL,
        tool             text NOT NULL,
        args_digest      text NOT NULL,
        outcome          text NOT NULL,
        gong_request_ids text[] NOT NULL DEFAULT '{}',
        idempotency_key  text,
        detail           jsonb
      )`);
    await q.query('CREATE INDEX gong_write_audit_at ON gong_write_audit (at DESC, id DESC)');
    await q.query(`
      CREATE FUNCTION gong_write_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'gong_write_audit is append-only';
      END $$`);
    await q.query(`
      CREATE TRIGGER gong_write_audit_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON gong_write_audit
      FOR EACH STATEMENT EXECUTE FUNCTION gong_write_audit_append_only()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE gong_write_audit');
    await q.query('DROP FUNCTION gong_write_audit_append_only()');
    await q.query('DROP TABLE gong_write_operations');
    await q.query('DROP TABLE gong_write_confirmations');
    await q.query('ALTER TABLE api_tokens DROP COLUMN auto_confirm');
  }
}
