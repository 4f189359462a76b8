import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Outbound webhook subscriptions get a principal: a Gong user (`principal_user`, email or id:
 * their access filter applies to every event) or a service identity (`principal_name`) with an
 * explicit `scope` (SubscriptionScope in libs/contracts). Subscriptions created before had none:
 * they become service identities scoped to every call except private ones.
 */
export class SubscriptionPrincipals1763900500000 implements MigrationInterface {
  name = 'SubscriptionPrincipals1763900500000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE outbound_webhook_subscriptions
        ADD COLUMN principal_kind text NOT NULL DEFAULT 'service' CHECK (principal_kind IN ('user', 'service')),
        ADD COLUMN principal_user text,
        ADD COLUMN principal_name text,
        ADD COLUMN scope jsonb`);
    await q.query(`
      UPDATE outbound_webhook_subscriptions
         SET principal_name = 'subscription created before principals',
             scope = '{"calls":"all","userIds":[],"teamLeadIds":[],"workspaceIds":[],"includePrivate":false}'::jsonb`);
    await q.query(`ALTER TABLE outbound_webhook_subscriptions ALTER COLUMN principal_kind DROP DEFAULT`);
    await q.query(`
      ALTER TABLE outbound_webhook_subscriptions ADD CONSTRAINT outbound_webhook_subscriptions_principal CHECK (
        (principal_kind = 'user' AND principal_user IS NOT NULL AND scope IS NULL)
        OR (principal_kind = 'service' AND principal_name IS NOT NULL AND scope IS NOT NULL))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE outbound_webhook_subscriptions DROP CONSTRAINT outbound_webhook_subscriptions_principal`);
    await q.query(`
      ALTER TABLE outbound_webhook_subscriptions
        DROP COLUMN scope, DROP COLUMN principal_name, DROP COLUMN principal_user, DROP COLUMN principal_kind`);
  }
}
