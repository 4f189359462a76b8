import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { testDatabase, type TestDatabase } from '@gong-connector/testing';
import { randomUUID } from 'node:crypto';
import { GongWriteRepository } from '../gong-writes/gong-write.repository.js';
import { CrmUploadJobRepository } from './crm-upload-job.repository.js';

const T0 = Date.UTC(2026, 10, 30, 12, 0, 0);
const at = (ms: number): Date => new Date(T0 + ms);

describe('CrmUploadJobRepository', () => {
  let db: TestDatabase;
  let jobs: CrmUploadJobRepository;
  beforeAll(async () => {
    db = await testDatabase();
    jobs = new CrmUploadJobRepository(db.database);
  });
  afterAll(async () => {
    await db.close();
  });

  const newJob = async (nextPollMs: number): Promise<string> => {
    const id = randomUUID();
    await jobs.create({
      id,
      userId: '1000000000000000001',
      userEmail: 'jane@example.com',
      tokenId: 'tok',
      tokenKind: 'user',
      argsDigest: 'd'.repeat(64),
      integrationId: '9000000000000000001',
      objectType: 'ACCOUNT',
      clientRequestId: `gc-crm-${id}`,
      lineCount: 2,
      nextPollAt: at(nextPollMs),
      createdAt: at(0),
    });
    return id;
  };

  it('hands a due job to one claimer at a time, until its lease runs out or its poll is recorded', async () => {
    const id = await newJob(1_000);
    await jobs.markSubmitted(id, 'req-1', at(500), at(0));
    await expect(jobs.claimDue('a', at(400), 10_000, 10)).resolves.toEqual([]);
    // Ten claimers at once: exactly one gets the job.
    const claims = await Promise.all(Array.from({ length: 10 }, (_, i) => jobs.claimDue(`r${i}`, at(600), 10_000, 10)));
    const winners = claims.flatMap((c, i) => c.filter((j) => j.id === id).map(() => `r${i}`));
    expect(winners).toHaveLength(1);
    const owner = winners[0]!;
    await expect(jobs.claimDue('other', at(5_000), 10_000, 10)).resolves.toEqual([]);
    // Another claimer may not write under a lease it does not hold.
    await expect(jobs.record(id, 'other', { state: 'polling', gongStatus: 'PENDING', nextPollAt: at(1_100), at: at(600) })).resolves.toBe(false);
    await expect(jobs.record(id, owner, { state: 'polling', gongStatus: 'PENDING', nextPollAt: at(1_100), at: at(600) })).resolves.toBe(true);
    await expect(jobs.get(id)).resolves.toMatchObject({ state: 'polling', gongStatus: 'PENDING', gongRequestId: 'req-1', polls: 1 });
    // The lease is given back with the record: the next poll is anyone's when due.
    const [next] = await jobs.claimDue('b', at(1_100), 10_000, 10);
    expect(next?.id).toBe(id);
    // b stops without recording: its lease runs out, then c takes the job.
    await expect(jobs.claimDue('c', at(11_000), 10_000, 10)).resolves.toEqual([]);
    await expect(jobs.claimDue('c', at(11_100), 10_000, 10).then((js) => js.map((j) => j.id))).resolves.toEqual([id]);
  });

  it('records the end with its audit line in one transaction, and never moves a finished job', async () => {
    const id = await newJob(0);
    await jobs.markSubmitted(id, null, at(0), at(0));
    await jobs.claimDue('a', at(0), 10_000, 10);
    const audit = { at: at(1), tokenId: 'tok', tokenKind: 'user', actingFor: '1000000000000000001', tool: 'upload_crm_objects', argsDigest: 'd'.repeat(64), outcome: 'completed', gongRequestIds: [], idempotencyKey: null, detail: { uploadId: id } };
    const end = { state: 'done' as const, gongStatus: 'FAILED', successCount: 1, errorCount: 1, lineErrors: [{ line: 2, description: 'bad' }], nextPollAt: at(1), at: at(1) };
    await expect(jobs.finish(id, 'b', end, audit)).resolves.toBe(false);
    await expect(jobs.finish(id, 'a', end, audit)).resolves.toBe(true);
    await expect(jobs.get(id)).resolves.toMatchObject({ state: 'done', gongStatus: 'FAILED', lineErrors: [{ line: 2, description: 'bad' }], finishedAt: at(1) });
    const lines = await new GongWriteRepository(db.database).listAudit({ limit: 10, tool: 'upload_crm_objects' });
    expect(lines.filter((l) => (l.detail as { uploadId?: string } | null)?.uploadId === id)).toHaveLength(1);
    await jobs.markNotSubmitted(id, { code: 'X', message: 'late' }, at(2));
    await expect(jobs.claimDue('a', at(100_000), 10_000, 10).then((js) => js.map((j) => j.id))).resolves.not.toContain(id);
    await expect(jobs.get(id)).resolves.toMatchObject({ state: 'done', error: null });
  });
});
