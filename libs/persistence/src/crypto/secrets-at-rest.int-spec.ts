import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { testDatabase, type TestDatabase } from '@gong-connector/testing';
import { randomBytes } from 'node:crypto';
import { PostgresTokenStore } from '../gong-auth/postgres-token.store.js';
import { OAuthSigningKeyRepository } from '../oauth/oauth-signing-key.repository.js';
import { WebhookSubscriptionRepository } from '../webhooks/webhook-subscription.repository.js';
import { SecretBox } from './secret-box.js';

const key = (id: string): string => `${id}:${randomBytes(32).toString('base64')}`;

/** Secrets at rest in PostgreSQL: sealed on write, existing rows migrated by reseal, keys rotated. */
describe('secrets at rest', () => {
  let db: TestDatabase;
  const k1 = key('k1');
  const k2 = key('k2');
  const principal = { kind: 'user' as const, user: 'jane@ourco.example' };

  beforeAll(async () => {
    db = await testDatabase();
  });

  afterAll(async () => {
    await db?.close();
  });

  const raw = async (sql: string): Promise<string> => JSON.stringify(await db.database.query(sql));

  it('webhook secrets: legacy rows resealed, new ones sealed, rotation keeps them readable', async () => {
    const plain = new WebhookSubscriptionRepository(db.database);
    await plain.create({ id: 'legacy', url: 'https://h.example/1', events: ['call.indexed'], secret: 'whsec_legacy_secret_value', description: null, principal });
    const box1 = SecretBox.fromSetting(k1);
    const sealed = new WebhookSubscriptionRepository(db.database, box1);
    await sealed.create({ id: 'new', url: 'https://h.example/2', events: ['call.indexed'], secret: 'whsec_new_secret_value_xx', description: null, principal });
    expect(await raw('SELECT secret FROM outbound_webhook_subscriptions')).toContain('whsec_legacy_secret_value');
    expect(await raw('SELECT secret FROM outbound_webhook_subscriptions')).not.toContain('whsec_new_secret_value_xx');
    await expect(sealed.reseal()).resolves.toBe(1);
    expect(await raw('SELECT secret FROM outbound_webhook_subscriptions')).not.toContain('whsec_legacy');
    await expect(sealed.secretOf('legacy')).resolves.toBe('whsec_legacy_secret_value');

    const rotated = new WebhookSubscriptionRepository(db.database, SecretBox.fromSetting(`${k2},${k1}`));
    await expect(rotated.reseal()).resolves.toBe(2);
    await expect(rotated.reseal()).resolves.toBe(0);
    const onlyNew = new WebhookSubscriptionRepository(db.database, SecretBox.fromSetting(k2));
    await expect(onlyNew.secretOf('new')).resolves.toBe('whsec_new_secret_value_xx');
    await expect(new WebhookSubscriptionRepository(db.database, box1).secretOf('new')).rejects.toThrow(/key "k2"/);
  });

  it('the Gong OAuth grant and the signing key are sealed, and a legacy grant is migrated', async () => {
    await new PostgresTokenStore(db.database).save({ accessToken: 'at-legacy-value', refreshToken: 'rt-legacy-value' });
    const box = SecretBox.fromSetting(k1);
    const store = new PostgresTokenStore(db.database, 'default', box);
    await expect(store.load()).resolves.toMatchObject({ refreshToken: 'rt-legacy-value' });
    await expect(store.reseal()).resolves.toBe(true);
    await expect(store.reseal()).resolves.toBe(false);
    expect(await raw('SELECT tokens FROM gong_oauth_grants')).not.toContain('rt-legacy-value');
    await store.save({ accessToken: 'at-2', refreshToken: 'rt-rotated-value' });
    expect(await raw('SELECT tokens FROM gong_oauth_grants')).not.toContain('rt-rotated-value');
    await expect(store.load()).resolves.toMatchObject({ accessToken: 'at-2', refreshToken: 'rt-rotated-value' });

    const keys = new OAuthSigningKeyRepository(db.database, box);
    const jwk = { kty: 'EC', crv: 'P-256', d: 'private-part-d', x: 'x', y: 'y' };
    await expect(keys.getOrCreate('default', jwk)).resolves.toEqual(jwk);
    expect(await raw('SELECT jwk FROM oauth_signing_keys')).not.toContain('private-part-d');
    await expect(keys.getOrCreate('default', { other: true })).resolves.toEqual(jwk);
  });
});
