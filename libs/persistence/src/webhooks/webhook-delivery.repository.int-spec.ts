import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { testDatabase, type TestDatabase } from '@gong-connector/testing';
import { WebhookDeliveryRepository } from './webhook-delivery.repository.js';

describe('WebhookDeliveryRepository', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await testDatabase();
  });
  afterAll(async () => {
    await db.close();
  });

  it('audits webhook deliveries and knows which calls were accepted', async () => {
    const deliveries = new WebhookDeliveryRepository(db.database);
    const base = { isTest: false, reason: null, authMethod: 'jwt' as const, bodyBytes: 1234, receivedAt: '2026-01-15T12:00:00.000Z' };
    await deliveries.record({ ...base, id: 'd1', callId: '7782342274025937895', outcome: 'accepted' });
    await deliveries.record({ ...base, id: 'd2', callId: '7782342274025937895', outcome: 'duplicate', receivedAt: '2026-01-15T12:00:01.000Z' });
    await deliveries.record({ ...base, id: 'd3', callId: null, outcome: 'unauthorized', reason: 'bad-signature', authMethod: null });
    await deliveries.record({ ...base, id: 'd3', callId: null, outcome: 'accepted' });
    await expect(deliveries.wasAccepted('7782342274025937895')).resolves.toBe(true);
    await expect(deliveries.wasAccepted('1')).resolves.toBe(false);
    await expect(deliveries.list({ callId: '7782342274025937895' })).resolves.toEqual([
      expect.objectContaining({ id: 'd2', outcome: 'duplicate' }),
      expect.objectContaining({ id: 'd1', outcome: 'accepted', authMethod: 'jwt', bodyBytes: 1234 }),
    ]);
    await expect(deliveries.list()).resolves.toContainEqual(expect.objectContaining({ id: 'd3', outcome: 'unauthorized', reason: 'bad-signature' }));
  });
});
