import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The trackers (ids, names or phrases) a `tracker.mentioned` subscription chose; null: every tracker. */
export class SubscriptionTrackers1763901500000 implements MigrationInterface {
  name = 'SubscriptionTrackers1763901500000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE outbound_webhook_subscriptions ADD COLUMN trackers text[]');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE outbound_webhook_subscriptions DROP COLUMN trackers');
  }
}
