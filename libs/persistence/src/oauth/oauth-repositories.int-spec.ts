import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { testDatabase, type TestDatabase } from '@gong-connector/testing';
import { OAuthClientLimitsRepository } from './oauth-client-limits.repository.js';
import { OAuthModelRepository } from './oauth-model.repository.js';
import { OAuthSigningKeyRepository } from './oauth-signing-key.repository.js';

const future = (): Date => new Date(Date.now() + 3_600_000);

describe('OAuth server storage', () => {
  let db: TestDatabase;
  let models: OAuthModelRepository;

  beforeAll(async () => {
    db = await testDatabase();
    models = new OAuthModelRepository(db.database);
  });
  afterAll(async () => {
    await db?.close();
  });

  it('stores a model under the sha256 of its id, never the id itself, and finds it by the id', async () => {
    const id = 'refresh-token-value-0123456789';
    await models.upsert('RefreshToken', id, { jti: id, grantId: 'g1', scope: 'gong:read' }, { grantId: 'g1', expiresAt: future() });
    const raw: { id_sha256: string; payload: unknown }[] = await db.database.query("SELECT id_sha256, payload FROM oauth_models WHERE model = 'RefreshToken'");
    expect(raw).toHaveLength(1);
    expect(raw[0]!.id_sha256).toBe(createHash('sha256').update(id).digest('hex'));
    expect(JSON.stringify(raw)).not.toContain(id);
    await expect(models.find('RefreshToken', id)).resolves.toEqual({ jti: id, grantId: 'g1', scope: 'gong:read' });
    await expect(models.find('RefreshToken', createHash('sha256').update(id).digest('hex'))).resolves.toBeUndefined();
    await expect(models.find('AuthorizationCode', id)).resolves.toBeUndefined();
  });

  it('marks a consumed model, and never returns an expired one', async () => {
    await models.upsert('AuthorizationCode', 'code-1', { jti: 'code-1' }, { expiresAt: future() });
    await expect(models.consume('AuthorizationCode', 'code-1')).resolves.toBe(true);
    const found = await models.find('AuthorizationCode', 'code-1');
    expect(typeof found!['consumed']).toBe('number');
    await models.upsert('AuthorizationCode', 'code-2', { jti: 'code-2' }, { expiresAt: new Date(Date.now() - 1000) });
    await expect(models.find('AuthorizationCode', 'code-2')).resolves.toBeUndefined();
    await expect(models.deleteExpired(new Date())).resolves.toBeGreaterThanOrEqual(1);
  });

  it('finds a session by uid (without its id) and revokes everything of a grant', async () => {
    await models.upsert('Session', 'cookie-secret', { jti: 'cookie-secret', uid: 'u-1', accountId: 'a' }, { uid: 'u-1', expiresAt: future() });
    await expect(models.findByUid('Session', 'u-1')).resolves.toEqual({ uid: 'u-1', accountId: 'a' });
    await models.upsert('Grant', 'g2', { jti: 'g2', clientId: 'c2', accountId: 'a' }, { grantId: 'g2', expiresAt: future() });
    await models.upsert('RefreshToken', 'rt-a', { jti: 'rt-a', grantId: 'g2' }, { grantId: 'g2', expiresAt: future() });
    await models.upsert('RefreshToken', 'rt-b', { jti: 'rt-b', grantId: 'g2' }, { grantId: 'g2', expiresAt: future() });
    expect((await models.listGrants('c2')).map((g) => [g.grantId, g.clientId, g.accountId])).toEqual([['g2', 'c2', 'a']]);
    await models.revokeByGrantId('RefreshToken', 'g2');
    await expect(models.find('RefreshToken', 'rt-a')).resolves.toBeUndefined();
    await expect(models.find('Grant', 'g2')).resolves.toBeDefined();
    await expect(models.revokeGrant('g2')).resolves.toBe(true);
    await expect(models.find('Grant', 'g2')).resolves.toBeUndefined();
    await expect(models.revokeGrant('g2')).resolves.toBe(false);
  });

  it('keeps the first signing key any replica stored', async () => {
    const keys = new OAuthSigningKeyRepository(db.database);
    await expect(keys.getOrCreate('default', { kid: 'first' })).resolves.toEqual({ kid: 'first' });
    await expect(keys.getOrCreate('default', { kid: 'second' })).resolves.toEqual({ kid: 'first' });
  });

  it('stores, replaces and lifts the limits of a client', async () => {
    const limits = new OAuthClientLimitsRepository(db.database);
    await limits.put({ clientId: 'https://client.example/meta.json', tools: ['search_calls'], toolTags: null, readOnly: true });
    await limits.put({ clientId: 'https://client.example/meta.json', tools: null, toolTags: ['calls'], readOnly: false });
    await expect(limits.get('https://client.example/meta.json')).resolves.toMatchObject({ tools: null, toolTags: ['calls'], readOnly: false });
    await expect(limits.list()).resolves.toHaveLength(1);
    await expect(limits.remove('https://client.example/meta.json')).resolves.toBe(true);
    await expect(limits.get('https://client.example/meta.json')).resolves.toBeUndefined();
  });
});
