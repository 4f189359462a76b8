import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { AppError, ErrorCode, type BackfillJobV1, type BackfillRequestV1, type Clock } from '@gong-connector/contracts';
import { BackfillJobRepository, type BackfillJob } from '@gong-connector/persistence';
import { CLOCK, LOGGER, type Logger } from '@gong-connector/platform';
import { IngestScheduler } from '../scheduler/ingest.scheduler.js';
import { BackfillEta } from './backfill.eta.js';
import { BackfillRunner } from './backfill.runner.js';
import { QuotaStatusReader } from './quota-status.reader.js';

const PAGE_SIZE = 100;

/**
 * Backfill jobs as the admin API sees them: start, show (with progress and ETA), list, cancel. Jobs
 * run on the instance that leads the scheduled work (IngestScheduler).
 */
@Injectable()
export class BackfillService {
  constructor(
    @Inject(BackfillJobRepository) private readonly jobs: BackfillJobRepository,
    @Inject(BackfillRunner) private readonly runner: BackfillRunner,
    @Inject(IngestScheduler) private readonly scheduler: IngestScheduler,
    @Inject(QuotaStatusReader) private readonly quota: QuotaStatusReader,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async start(request: BackfillRequestV1): Promise<BackfillJobV1> {
    const job = await this.jobs.create({
      id: `bf-${randomUUID()}`,
      from: new Date(Date.parse(request.from)).toISOString(),
      to: new Date(Date.parse(request.to)).toISOString(),
      workspaceId: request.workspaceId ?? null,
    });
    this.logger.info({ jobId: job.id, from: job.from, to: job.to, workspaceId: job.workspaceId }, 'backfill queued');
    this.scheduler.poke();
    return this.view(job);
  }

  async get(id: string): Promise<BackfillJobV1> {
    return this.view(await this.require(id));
  }

  async list(): Promise<BackfillJobV1[]> {
    const jobs = await this.jobs.list();
    return Promise.all(jobs.map((j) => this.view(j)));
  }

  async cancel(id: string): Promise<BackfillJobV1> {
    await this.require(id);
    const job = (await this.jobs.cancel(id))!;
    this.runner.cancelled(id);
    this.logger.info({ jobId: id, status: job.status }, 'backfill cancel requested');
    return this.view(job);
  }

  private async require(id: string): Promise<BackfillJob> {
    const job = await this.jobs.get(id);
    if (!job) throw new AppError(ErrorCode.NOT_FOUND, `No backfill job ${id}`, { details: [{ path: 'id', message: 'unknown job' }] });
    return job;
  }

  private async view(job: BackfillJob): Promise<BackfillJobV1> {
    const finished = job.status === 'completed' || job.status === 'cancelled' || job.status === 'failed';
    const remaining = job.callsTotal === null ? null : Math.max(0, job.callsTotal - job.callsStored);
    let estimate: { requestsRemaining: number | null; eta: number | null; basis: string | null } = {
      requestsRemaining: finished ? 0 : null,
      eta: null,
      basis: null,
    };
    if (!finished) {
      const now = this.clock.now();
      const quota = await this.quota.read();
      const elapsedS = job.startedAt ? (now - Date.parse(job.startedAt)) / 1000 : 0;
      estimate = BackfillEta.estimate({
        now,
        remainingCalls: remaining,
        pageSize: PAGE_SIZE,
        quotaRatePerSecond: quota.ratePerSecond,
        observedRatePerSecond: elapsedS >= 5 && job.requestsSpent >= 4 ? job.requestsSpent / elapsedS : null,
        availableToday: quota.availableToday,
        dayEndsAt: quota.dayEndsAt,
        dailyAllowance: quota.dailyAllowance,
      });
    }
    return {
      id: job.id,
      from: job.from,
      to: job.to,
      workspaceId: job.workspaceId,
      status: job.status,
      callsStored: job.callsStored,
      callsTotal: job.callsTotal,
      transcriptsStored: job.transcriptsStored,
      requestsSpent: job.requestsSpent,
      progress: job.status === 'completed' ? 1 : job.callsTotal ? Math.min(1, job.callsStored / job.callsTotal) : 0,
      requestsRemaining: estimate.requestsRemaining,
      eta: estimate.eta === null ? null : new Date(estimate.eta).toISOString(),
      etaBasis: estimate.basis,
      error: job.error,
      createdAt: job.createdAt,
      updatedAt: job.updatedAt,
      startedAt: job.startedAt,
      finishedAt: job.finishedAt,
    };
  }
}
