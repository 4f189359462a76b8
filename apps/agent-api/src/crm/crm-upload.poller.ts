import type { OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import type { Clock } from '@gong-connector/contracts';
import { GongError, type GongClient } from '@gong-connector/gong-client';
import type { CrmUploadJobProgress, CrmUploadJobRecord, CrmUploadJobRepository, NewWriteAudit } from '@gong-connector/persistence';
import { DrainLoop, type Logger } from '@gong-connector/platform';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { AgentApiMetrics } from '../metrics/agent-api.metrics.js';
import type { CrmUploadCompletedPublisher } from './crm-upload-completed.publisher.js';
import { UPLOAD_CRM_OBJECTS } from './crm-upload.service.js';

export interface CrmUploadPollerOptions {
  /** How often this replica looks for due jobs (wall-clock; whether a job is due is decided by the injected clock). */
  sweepMs: number;
  /** Time between two status requests of one job. */
  pollMs: number;
  /** How long a claimed job stays this replica's (longer than one status request may take). */
  leaseMs: number;
  /** After this long without a final status, a job ends failed. */
  maxPollMs: number;
  /** Jobs claimed at once. */
  batch: number;
}

/**
 * Follows CRM upload jobs to the end: claims due jobs with a lease (one replica at a time per job,
 * `FOR UPDATE SKIP LOCKED`), asks Gong's request status at `sync` priority through the quota broker
 * (the Gong client given), records the progress, and when the status is final (DONE, or FAILED with
 * line errors) records it, announces `crm.upload.completed` and appends an audit line. Started with
 * the service and kicked at once, so a job a stopped service left polling is taken again on start
 * (when its lease has run out; a service that stops gives its leases back). A job still
 * `submitting` after its grace time is asked about too: Gong has it (it is polled) or it never
 * arrived (it ends failed, to be sent again).
 */
export class CrmUploadPoller implements OnModuleInit, OnApplicationShutdown {
  readonly owner = `${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`;
  private readonly loop: DrainLoop;
  private looked = 0;

  constructor(
    private readonly jobs: CrmUploadJobRepository,
    private readonly gong: () => Promise<GongClient>,
    private readonly publisher: CrmUploadCompletedPublisher,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly metrics: Pick<AgentApiMetrics, 'crmStatusRequests' | 'crmUploadsFinished'>,
    private readonly options: CrmUploadPollerOptions,
  ) {
    this.loop = new DrainLoop({
      step: () => this.pollDue(),
      sweepMs: Math.max(20, options.sweepMs),
      onError: (error) => this.logger.error({ err: error instanceof Error ? error.message : String(error) }, 'CRM upload polling failed'),
    });
  }

  onModuleInit(): void {
    this.loop.start();
    this.loop.kick();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.loop.stop();
    await this.jobs.releaseLeases(this.owner).catch(() => undefined);
  }

  /** Looks for due jobs now. */
  kick(): void {
    this.loop.kick();
  }

  /** How many times this replica has looked for due jobs (tests wait on it). */
  get sweeps(): number {
    return this.looked;
  }

  /** Polls the jobs due now, one after the other; true when there were some (more may be due). */
  private async pollDue(): Promise<boolean> {
    this.looked++;
    const due = await this.jobs.claimDue(this.owner, new Date(this.clock.now()), this.options.leaseMs, this.options.batch);
    for (const job of due) await this.pollOne(job);
    return due.length > 0;
  }

  private async pollOne(job: CrmUploadJobRecord): Promise<void> {
    const now = this.clock.now();
    const at = new Date(now);
    const later = new Date(now + this.options.pollMs);
    let status;
    try {
      status = await (await this.gong()).getCrmRequestStatus(job.integrationId, job.clientRequestId);
    } catch (error) {
      this.metrics.crmStatusRequests.inc({ outcome: GongError.isKind(error, 'not-found') ? 'not_found' : 'error' });
      if (GongError.isKind(error, 'not-found') && job.state === 'submitting') {
        return this.finish(job, { state: 'failed', error: { code: 'NOT_SENT', message: 'The upload never reached Gong (the service stopped while sending it): upload the objects again' }, nextPollAt: at, at }, []);
      }
      if (now - job.createdAt.getTime() > this.options.maxPollMs) return this.giveUp(job, at);
      this.logger.warn({ uploadId: job.id, err: error instanceof Error ? error.message : String(error) }, 'CRM upload status not read; asked again later');
      await this.jobs.record(job.id, this.owner, { state: job.state, nextPollAt: later, at });
      return;
    }
    this.metrics.crmStatusRequests.inc({ outcome: status.status === 'DONE' || status.status === 'FAILED' ? 'final' : 'pending' });
    const requestIds = status.requestId ? [status.requestId] : [];
    if (status.status === 'DONE' || status.status === 'FAILED') {
      const progress: CrmUploadJobProgress = {
        state: 'done',
        gongStatus: status.status,
        successCount: status.totalSuccessCount ?? null,
        errorCount: status.totalErrorCount ?? null,
        lineErrors: status.errors.map((e) => ({ line: e.line ?? null, description: e.description ?? '' })),
        nextPollAt: at,
        at,
      };
      return this.finish(job, progress, requestIds);
    }
    if (now - job.createdAt.getTime() > this.options.maxPollMs) return this.giveUp(job, at);
    await this.jobs.record(job.id, this.owner, { state: 'polling', gongStatus: status.status, nextPollAt: later, at });
  }

  private giveUp(job: CrmUploadJobRecord, at: Date): Promise<void> {
    const hours = Math.round(this.options.maxPollMs / 360_000) / 10;
    return this.finish(job, { state: 'failed', error: { code: 'GONG_NOT_FINISHED', message: `Gong did not finish processing the upload within ${hours} h; its status may still change in Gong` }, nextPollAt: at, at }, []);
  }

  /** Announces the end (idempotent per upload), then records it under the lease with its audit line (one transaction). */
  private async finish(job: CrmUploadJobRecord, progress: CrmUploadJobProgress, gongRequestIds: string[]): Promise<void> {
    const ended: CrmUploadJobRecord = {
      ...job,
      state: progress.state,
      gongStatus: progress.gongStatus ?? job.gongStatus,
      successCount: progress.successCount ?? job.successCount,
      errorCount: progress.errorCount ?? job.errorCount,
      lineErrors: progress.lineErrors ?? job.lineErrors,
      error: progress.error ?? job.error,
      finishedAt: progress.at,
    };
    await this.publisher.publish(ended, progress.at);
    const audit: NewWriteAudit = {
      at: progress.at,
      tokenId: job.tokenId,
      tokenKind: job.tokenKind,
      actingFor: job.userId,
      tool: UPLOAD_CRM_OBJECTS,
      argsDigest: job.argsDigest,
      outcome: progress.state === 'done' ? 'completed' : 'failed',
      gongRequestIds,
      idempotencyKey: null,
      detail: { uploadId: job.id, gongStatus: ended.gongStatus, successCount: ended.successCount, errorCount: ended.errorCount, ...(ended.error ? { error: ended.error } : {}) },
    };
    if (!(await this.jobs.finish(job.id, this.owner, progress, audit))) return; // another replica took the job over (and finishes it)
    this.metrics.crmUploadsFinished.inc({ state: progress.state, gong_status: ended.gongStatus ?? 'none' });
    this.logger.info({ uploadId: job.id, state: progress.state, gongStatus: ended.gongStatus, errorCount: ended.errorCount }, 'CRM upload finished');
  }
}
