import { SubscriptionScopeSchema, type SubscriptionPrincipal } from '@gong-connector/contracts';
import type { Database } from '../database/database.js';
import { returningRows } from '../database/returning-rows.js';
import { SecretBox } from '../crypto/secret-box.js';
import type { WebhookSubscriptionRecord } from './webhook-subscription.record.js';

interface SubscriptionRow {
  id: string;
  url: string;
  events: string[];
  secret: string;
  description: string | null;
  enabled: boolean;
  created_at: Date;
  principal_kind: 'user' | 'service';
  principal_user: string | null;
  principal_name: string | null;
  scope: unknown;
  trackers: string[] | null;
}

const principalOf = (r: SubscriptionRow): SubscriptionPrincipal =>
  r.principal_kind === 'user'
    ? { kind: 'user', user: r.principal_user ?? '' }
    : { kind: 'service', name: r.principal_name ?? '', scope: SubscriptionScopeSchema.parse(r.scope) };

const toRecord = (r: SubscriptionRow): WebhookSubscriptionRecord => ({
  id: r.id,
  url: r.url,
  events: r.events,
  description: r.description,
  enabled: r.enabled,
  createdAt: new Date(r.created_at).toISOString(),
  principal: principalOf(r),
  trackers: r.trackers ?? null,
});

const PURPOSE = 'outbound_webhook_subscriptions.secret';

/**
 * Outbound webhook subscriptions of the agent API. The secret leaves only through `secretOf`; it is
 * stored sealed with SECRETS_ENCRYPTION_KEYS when set (SecretBox), in clear otherwise.
 */
export class WebhookSubscriptionRepository {
  constructor(
    private readonly db: Database,
    private readonly box: SecretBox = SecretBox.plain,
  ) {}

  /** Seals every secret stored in clear or under an older key with the active key; the number resealed. */
  async reseal(): Promise<number> {
    if (!this.box.enabled) return 0;
    const rows: { id: string; secret: string }[] = await this.db.query('SELECT id, secret FROM outbound_webhook_subscriptions ORDER BY id');
    let n = 0;
    for (const row of rows) {
      if (!this.box.needsReseal(row.secret)) continue;
      const updated: unknown[] = returningRows(
        await this.db.query('UPDATE outbound_webhook_subscriptions SET secret = $2 WHERE id = $1 AND secret = $3 RETURNING id', [
          row.id,
          this.box.seal(this.box.open(row.secret, PURPOSE), PURPOSE),
          row.secret,
        ]),
      );
      n += updated.length;
    }
    return n;
  }

  async create(s: {
    id: string;
    url: string;
    events: readonly string[];
    secret: string;
    description: string | null;
    principal: SubscriptionPrincipal;
    trackers?: readonly string[] | null | undefined;
  }): Promise<WebhookSubscriptionRecord> {
    const p = s.principal;
    const rows: SubscriptionRow[] = await this.db.query(
      `INSERT INTO outbound_webhook_subscriptions (id, url, events, secret, description, principal_kind, principal_user, principal_name, scope, trackers)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING *`,
      [
        s.id,
        s.url,
        [...s.events],
        this.box.seal(s.secret, PURPOSE),
        s.description,
        p.kind,
        p.kind === 'user' ? p.user : null,
        p.kind === 'service' ? p.name : null,
        p.kind === 'service' ? JSON.stringify(p.scope) : null,
        s.trackers ? [...s.trackers] : null,
      ],
    );
    return toRecord(rows[0]!);
  }

  async list(): Promise<WebhookSubscriptionRecord[]> {
    const rows: SubscriptionRow[] = await this.db.query('SELECT * FROM outbound_webhook_subscriptions ORDER BY created_at, id');
    return rows.map(toRecord);
  }

  async get(id: string): Promise<WebhookSubscriptionRecord | undefined> {
    const rows: SubscriptionRow[] = await this.db.query('SELECT * FROM outbound_webhook_subscriptions WHERE id = $1', [id]);
    return rows[0] ? toRecord(rows[0]) : undefined;
  }

  /** Enabled subscriptions to `event` that existed at `at` (a subscription gets events from its creation on). */
  async subscribedTo(event: string, at: Date): Promise<WebhookSubscriptionRecord[]> {
    const rows: SubscriptionRow[] = await this.db.query(
      'SELECT * FROM outbound_webhook_subscriptions WHERE enabled AND $1 = ANY(events) AND created_at <= $2 ORDER BY id',
      [event, at],
    );
    return rows.map(toRecord);
  }

  async secretOf(id: string): Promise<string | undefined> {
    const rows: { secret: string }[] = await this.db.query('SELECT secret FROM outbound_webhook_subscriptions WHERE id = $1', [id]);
    return rows[0] ? this.box.open(rows[0].secret, PURPOSE) : undefined;
  }

  async delete(id: string): Promise<boolean> {
    const rows: unknown[] = returningRows(await this.db.query(
      'DELETE FROM outbound_webhook_subscriptions WHERE id = $1 RETURNING id', [id]));
    return rows.length > 0;
  }
}
