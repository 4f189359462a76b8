import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the agent API keeps:
 * - `api_tokens`: bearer tokens, stored as sha256 of the secret (the secret is shown once), bound
 *   to a Gong user (by id or email) or a service token allowed to act for a named user;
 * - `outbound_webhook_subscriptions`: where `call.indexed` is POSTed, with the HMAC secret;
 * - `outbound_webhook_deliveries`: one row per event and subscription, retried with backoff until
 *   delivered or dead (then redeliverable by an admin).
 */
export class CreateAgentApi1763900060000 implements MigrationInterface {
  name = 'CreateAgentApi1763900060000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE api_tokens (
        id            text PRIMARY KEY,
        token_hash    text NOT NULL UNIQUE,
        kind          text NOT NULL CHECK (kind IN ('user', 'service')),
        name          text NOT NULL,
        user_id       text,
        user_email    text,
        act_as        boolean NOT NULL DEFAULT false,
        created_at    timestamptz NOT NULL DEFAULT now(),
        expires_at    timestamptz,
        revoked_at    timestamptz,
        last_used_at  timestamptz,
        CHECK (kind = 'service' OR user_id IS NOT NULL OR user_email IS NOT NULL)
      )`);
    await q.query(`
      CREATE TABLE outbound_webhook_subscriptions (
        id          text PRIMARY KEY,
        url         text NOT NULL,
        events      text[] NOT NULL,
        secret      text NOT NULL,
        description text,
        enabled     boolean NOT NULL DEFAULT true,
        created_at  timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE outbound_webhook_deliveries (
        id               text PRIMARY KEY,
        subscription_id  text NOT NULL REFERENCES outbound_webhook_subscriptions (id) ON DELETE CASCADE,
        event            text NOT NULL,
        event_key        text NOT NULL,
        payload          jsonb NOT NULL,
        status           text NOT NULL CHECK (status IN ('pending', 'delivered', 'dead')),
        attempts         integer NOT NULL DEFAULT 0,
        next_attempt_at  timestamptz NOT NULL DEFAULT now(),
        give_up_at       timestamptz NOT NULL,
        last_error       text,
        last_status      integer,
        source_time      timestamptz,
        created_at       timestamptz NOT NULL DEFAULT now(),
        delivered_at     timestamptz,
        UNIQUE (subscription_id, event_key)
      )`);
    await q.query(`CREATE INDEX outbound_webhook_deliveries_due ON outbound_webhook_deliveries (next_attempt_at) WHERE status = 'pending'`);
    await q.query(`CREATE INDEX outbound_webhook_deliveries_status ON outbound_webhook_deliveries (status, created_at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE outbound_webhook_deliveries');
    await q.query('DROP TABLE outbound_webhook_subscriptions');
    await q.query('DROP TABLE api_tokens');
  }
}
