import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { testDatabase, type TestDatabase } from '@gong-connector/testing';
import { BackfillJobRepository } from './backfill-job.repository.js';

describe('BackfillJobRepository', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await testDatabase();
  });
  afterAll(async () => {
    await db.close();
  });

  it('keeps a backfill job’s position, committed with the caller’s transaction, and resumes running jobs first', async () => {
    const jobs = new BackfillJobRepository(db.database);
    const a = await jobs.create({ id: 'bf-a', from: '2026-01-01T00:00:00.000Z', to: '2026-02-01T00:00:00.000Z', workspaceId: null });
    expect(a).toMatchObject({ status: 'queued', windowStart: '2026-01-01T00:00:00.000Z', cursor: null, callsStored: 0, callsTotal: null });
    await jobs.create({ id: 'bf-b', from: '2026-02-01T00:00:00.000Z', to: '2026-03-01T00:00:00.000Z', workspaceId: '623457276584334' });
    await expect(jobs.nextRunnable()).resolves.toMatchObject({ id: 'bf-a' });
    await expect(jobs.markRunning('bf-b')).resolves.toBe(true);
    await expect(jobs.nextRunnable()).resolves.toMatchObject({ id: 'bf-b', status: 'running' });

    const position = { windowStart: '2026-02-01T00:00:00.000Z', cursor: 'c1', resumeFrom: '2026-02-03T10:00:00.000Z', callsTotal: 250, addCalls: 100, addTranscripts: 99, addRequests: 2 };
    await expect(
      db.database.transaction(async (tx) => {
        await jobs.savePosition('bf-b', position, tx);
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    await expect(jobs.get('bf-b')).resolves.toMatchObject({ cursor: null, callsStored: 0 });
    await db.database.transaction((tx) => jobs.savePosition('bf-b', position, tx));
    await jobs.savePosition('bf-b', { ...position, cursor: null, callsTotal: null, addCalls: 150, addTranscripts: 150, addRequests: 2 });
    await expect(jobs.get('bf-b')).resolves.toMatchObject({ cursor: null, resumeFrom: '2026-02-03T10:00:00.000Z', callsStored: 250, callsTotal: 250, transcriptsStored: 249, requestsSpent: 4 });
    await jobs.finish('bf-b', 'completed');
    await expect(jobs.get('bf-b')).resolves.toMatchObject({ status: 'completed', finishedAt: expect.any(String) });

    await expect(jobs.cancel('bf-a')).resolves.toMatchObject({ status: 'cancelled' });
    await expect(jobs.markRunning('bf-a')).resolves.toBe(false);
    await jobs.finish('bf-a', 'failed', 'late');
    await expect(jobs.status('bf-a')).resolves.toBe('cancelled');
    await expect(jobs.nextRunnable()).resolves.toBeUndefined();
    await expect(jobs.list()).resolves.toHaveLength(2);
  });
});
