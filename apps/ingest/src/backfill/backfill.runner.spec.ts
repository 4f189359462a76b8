import { describe, expect, it } from '@jest/globals';
import { GongError } from '@gong-connector/gong-client';
import type { BackfillJob, BackfillJobRepository, BackfillPosition, BackfillStatus } from '@gong-connector/persistence';
import { createLogger, MetricsRegistry } from '@gong-connector/platform';
import { FakeClock } from '@gong-connector/testing';
import type { CallPageIngestor } from '../calls/call-page.ingestor.js';
import { IngestMetrics } from '../metrics/ingest.metrics.js';
import type { ScanRequest, WindowScanner } from '../sync/window.scanner.js';
import { BackfillRunner } from './backfill.runner.js';

/** A job table in memory. */
class Jobs {
  readonly rows = new Map<string, BackfillJob>();
  add(id: string): void {
    this.rows.set(id, {
      id, from: '2026-01-01T00:00:00.000Z', to: '2026-02-01T00:00:00.000Z', workspaceId: null, status: 'queued', windowStart: '2026-01-01T00:00:00.000Z',
      cursor: null, resumeFrom: null, callsStored: 0, callsTotal: null, transcriptsStored: 0, requestsSpent: 0, error: null,
      createdAt: '', updatedAt: '', startedAt: null, finishedAt: null,
    });
  }
  async nextRunnable(): Promise<BackfillJob | undefined> {
    return [...this.rows.values()].find((j) => j.status === 'running') ?? [...this.rows.values()].find((j) => j.status === 'queued');
  }
  async markRunning(id: string): Promise<boolean> {
    const j = this.rows.get(id)!;
    if (j.status !== 'queued' && j.status !== 'running') return false;
    j.status = 'running';
    return true;
  }
  async status(id: string): Promise<BackfillStatus | undefined> {
    return this.rows.get(id)?.status;
  }
  async savePosition(id: string, p: BackfillPosition): Promise<void> {
    const j = this.rows.get(id)!;
    Object.assign(j, { windowStart: p.windowStart, cursor: p.cursor, resumeFrom: p.resumeFrom, callsStored: j.callsStored + p.addCalls });
  }
  async finish(id: string, status: 'completed' | 'failed', error?: string): Promise<void> {
    const j = this.rows.get(id)!;
    if (j.status === 'running') Object.assign(j, { status, error: error ?? null });
  }
}

function runnerWith(scan: (request: ScanRequest<unknown>) => Promise<void>, clock = new FakeClock()) {
  const jobs = new Jobs();
  const scanner = { scan } as unknown as WindowScanner;
  const ingestor = {} as CallPageIngestor;
  const runner = new BackfillRunner(
    jobs as unknown as BackfillJobRepository,
    scanner,
    ingestor,
    new IngestMetrics(new MetricsRegistry({ service: 't', defaultMetrics: false })),
    clock,
    createLogger({ name: 't', level: 'silent' }),
  );
  return { jobs, runner, clock };
}

describe('BackfillRunner', () => {
  it('completes a job and runs the next one', async () => {
    const { jobs, runner } = runnerWith(async () => undefined);
    jobs.add('a');
    jobs.add('b');
    runner.wake();
    await runner.idle();
    expect([...jobs.rows.values()].map((j) => j.status)).toEqual(['completed', 'completed']);
  });

  it('leaves a job running when the database or Gong is away, and resumes it after a backoff', async () => {
    let attempts = 0;
    const { jobs, runner, clock } = runnerWith(async () => {
      attempts += 1;
      if (attempts === 1) throw new Error('connect ECONNREFUSED 127.0.0.1:5432');
    });
    jobs.add('a');
    runner.wake();
    await runner.idle();
    expect(jobs.rows.get('a')!.status).toBe('running');
    runner.wake();
    await runner.idle();
    expect(attempts).toBe(1);
    clock.advance(2_001);
    runner.wake();
    await runner.idle();
    expect(attempts).toBe(2);
    expect(jobs.rows.get('a')!.status).toBe('completed');
  });

  it('fails a job Gong refuses outright', async () => {
    const { jobs, runner } = runnerWith(async () => {
      throw new GongError({ kind: 'auth', endpoint: 'POST /v2/calls/extensive', status: 401, message: 'Gong rejected the credentials' });
    });
    jobs.add('a');
    runner.wake();
    await runner.idle();
    expect(jobs.rows.get('a')).toMatchObject({ status: 'failed', error: 'Gong rejected the credentials' });
  });

  it('stops a cancelled job before its next page', async () => {
    const { jobs, runner } = runnerWith(async (request) => {
      jobs.rows.get('a')!.status = 'cancelled';
      await request.commit({ page: { records: { totalRecords: 1, currentPageSize: 1, currentPageNumber: 0 }, items: [] }, next: request.start, firstOfRequest: true, fresh: 0 }, undefined);
    });
    jobs.add('a');
    runner.wake();
    await runner.idle();
    expect(jobs.rows.get('a')!.status).toBe('cancelled');
  });
});
