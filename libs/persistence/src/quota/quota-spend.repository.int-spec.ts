import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { testDatabase, type TestDatabase } from '@gong-connector/testing';
import { QuotaSpendRepository } from './quota-spend.repository.js';

describe('QuotaSpendRepository', () => {
  let db: TestDatabase;
  let repo: QuotaSpendRepository;

  beforeAll(async () => {
    db = await testDatabase();
    repo = new QuotaSpendRepository(db.database);
  });

  afterAll(async () => {
    await db?.close();
  });

  it('has nothing stored before the first write', async () => {
    await expect(repo.load('empty')).resolves.toBeNull();
  });

  it('only ever raises the day’s spend and pause (late writes cannot lower them)', async () => {
    const day = '2026-03-02';
    await expect(repo.save('gong', { version: 1, dayKey: day, used: 50, pausedUntil: null })).resolves.toEqual({
      version: 1,
      dayKey: day,
      used: 50,
      pausedUntil: null,
    });
    const pause = Date.UTC(2026, 2, 2, 13, 20, 0, 123);
    await expect(repo.save('gong', { version: 1, dayKey: day, used: 30, pausedUntil: pause })).resolves.toEqual({
      version: 1,
      dayKey: day,
      used: 50,
      pausedUntil: pause,
    });
    await expect(repo.save('gong', { version: 1, dayKey: day, used: 100, pausedUntil: pause - 1000 })).resolves.toMatchObject({
      used: 100,
      pausedUntil: pause,
    });
    await expect(repo.load('gong')).resolves.toEqual({ version: 1, dayKey: day, used: 100, pausedUntil: pause });
  });

  it('loads the latest day, keeping a pause stored on an earlier day', async () => {
    const pause = Date.UTC(2026, 2, 3, 1, 0, 0);
    await repo.save('roll', { version: 1, dayKey: '2026-03-02', used: 9000, pausedUntil: pause });
    await repo.save('roll', { version: 1, dayKey: '2026-03-03', used: 50, pausedUntil: null });
    await expect(repo.load('roll')).resolves.toEqual({ version: 1, dayKey: '2026-03-03', used: 50, pausedUntil: pause });
  });

  it('keeps budgets apart', async () => {
    await repo.save('a', { version: 1, dayKey: '2026-03-02', used: 7, pausedUntil: null });
    await expect(repo.load('b')).resolves.toBeNull();
    await expect(repo.load('a')).resolves.toMatchObject({ used: 7 });
  });
});
