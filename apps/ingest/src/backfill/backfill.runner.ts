import { Inject, Injectable } from '@nestjs/common';
import { GongError } from '@gong-connector/gong-client';
import { BackfillJobRepository, type BackfillJob } from '@gong-connector/persistence';
import type { Clock } from '@gong-connector/contracts';
import { CLOCK, DrainLoop, LOGGER, type Logger } from '@gong-connector/platform';
import { CallPageIngestor } from '../calls/call-page.ingestor.js';
import { IngestMetrics } from '../metrics/ingest.metrics.js';
import { WindowScanner } from '../sync/window.scanner.js';

/** Attempts of a backfill's Gong requests when Gong or the quota refuse for now (about 10 minutes of backoff). */
const BACKFILL_ATTEMPTS = 15;

class JobCancelled extends Error {
  constructor(id: string) {
    super(`backfill ${id} was cancelled`);
    this.name = 'JobCancelled';
  }
}

class RunnerStopping extends Error {
  constructor() {
    super('ingest is shutting down');
    this.name = 'RunnerStopping';
  }
}

/**
 * Runs backfill jobs one at a time at `backfill` priority: a job left running by a process that
 * stopped resumes first, at its stored position (cursor, or the resume time when the cursor expired),
 * then queued jobs, oldest first. Each page is committed with the job's new position in one
 * transaction, so a crash repeats at most one page and counts nothing twice. A cancelled job stops
 * before its next page (also when another instance cancelled it); shutdown leaves the job running,
 * to be resumed.
 */
@Injectable()
export class BackfillRunner {
  private readonly loop: DrainLoop;
  private current: { id: string; abort: AbortController } | undefined;
  /** After an interruption (database, NATS, Gong down for longer than the retries), not before this. */
  private resumeAfter = 0;
  private interruptions = 0;

  constructor(
    @Inject(BackfillJobRepository) private readonly jobs: BackfillJobRepository,
    @Inject(WindowScanner) private readonly scanner: WindowScanner,
    @Inject(CallPageIngestor) private readonly ingestor: CallPageIngestor,
    @Inject(IngestMetrics) private readonly metrics: IngestMetrics,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    // No sweep of its own: the ingest scheduler wakes it on every tick.
    this.loop = new DrainLoop({
      step: () => this.runNext(),
      onError: (error) => this.logger.error({ err: describe(error) }, 'backfill runner failed'),
    });
  }

  /** Starts working through runnable jobs unless already doing so. */
  wake(): void {
    this.loop.kick();
  }

  /** Stops the job of this instance if it is `id` (it was cancelled). */
  cancelled(id: string): void {
    if (this.current?.id === id) this.current.abort.abort(new JobCancelled(id));
  }

  get runningJobId(): string | undefined {
    return this.current?.id;
  }

  /** Resolves once the runner is idle (tests). */
  async idle(): Promise<void> {
    await this.loop.idle();
  }

  /** Stops after the page in progress (waiting at most `graceMs`); the job stays running for the next start. */
  async stop(graceMs = 10_000): Promise<void> {
    this.current?.abort.abort(new RunnerStopping());
    const stopped = this.loop.stop();
    if (!this.loop.busy) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([stopped, new Promise<void>((r) => (timer = setTimeout(r, graceMs)))]);
    if (timer) clearTimeout(timer);
  }

  /** Runs the next runnable job; false when there is none (or not yet, after an interruption). */
  private async runNext(): Promise<boolean> {
    if (this.clock.now() < this.resumeAfter) return false;
    const job = await this.jobs.nextRunnable();
    if (!job) return false;
    await this.run(job);
    return true;
  }

  private async run(job: BackfillJob): Promise<void> {
    if (!(await this.jobs.markRunning(job.id))) return;
    const abort = new AbortController();
    this.current = { id: job.id, abort };
    const resumed = job.status === 'running';
    this.logger.info({ jobId: job.id, from: job.from, to: job.to, resumed, callsStored: job.callsStored }, resumed ? 'backfill resumed' : 'backfill started');
    let done = job.callsStored;
    let total = job.callsTotal;
    try {
      await this.scanner.scan({
        to: job.to,
        workspaceId: job.workspaceId,
        priority: 'backfill',
        attempts: BACKFILL_ATTEMPTS,
        start: { windowStart: job.windowStart ?? job.from, cursor: job.cursor, resumeFrom: job.resumeFrom },
        signal: abort.signal,
        prepare: (page) => this.ingestor.prepare(page.items, { priority: 'backfill', attempts: BACKFILL_ATTEMPTS, signal: abort.signal }),
        commit: async ({ page, next, firstOfRequest, fresh }, prepared) => {
          if ((await this.jobs.status(job.id)) !== 'running') throw new JobCancelled(job.id);
          const pageTotal = firstOfRequest && total === null ? page.records.totalRecords : null;
          const counted = Math.min(fresh, page.items.length);
          await this.ingestor.commit(prepared, {
            source: 'backfill',
            alsoInTransaction: (tx, commit, transcriptRequests) =>
              this.jobs.savePosition(
                job.id,
                {
                  ...next,
                  callsTotal: pageTotal,
                  addCalls: Math.min(counted, commit.records.length),
                  addTranscripts: commit.transcriptsChanged.length,
                  addRequests: 1 + transcriptRequests,
                },
                tx,
              ),
          });
          done += counted;
          total = total ?? pageTotal;
          this.metrics.backfillCallsDone.set({ job: job.id }, done);
          this.metrics.backfillProgress.set({ job: job.id }, total ? Math.min(1, done / total) : 0);
        },
      });
      await this.jobs.finish(job.id, 'completed');
      this.metrics.backfillProgress.set({ job: job.id }, 1);
      this.interruptions = 0;
      this.logger.info({ jobId: job.id, callsStored: done }, 'backfill completed');
    } catch (error) {
      const reason = abort.signal.aborted ? abort.signal.reason : error;
      if (reason instanceof JobCancelled || error instanceof JobCancelled) {
        this.logger.info({ jobId: job.id, callsStored: done }, 'backfill cancelled');
      } else if (reason instanceof RunnerStopping) {
        this.logger.info({ jobId: job.id, callsStored: done }, 'backfill paused for shutdown; it resumes on the next start');
      } else if (permanent(error)) {
        this.logger.error({ jobId: job.id, err: describe(error) }, 'backfill failed');
        await this.jobs.finish(job.id, 'failed', describe(error));
      } else {
        // The database, NATS or Gong is away for longer than the retries: the job stays running and
        // resumes from its last committed page once they are back.
        this.interruptions += 1;
        const waitMs = Math.min(60_000, 2_000 * 2 ** Math.min(this.interruptions - 1, 5));
        this.resumeAfter = this.clock.now() + waitMs;
        this.logger.warn({ jobId: job.id, callsStored: done, retryInMs: waitMs, err: describe(error) }, 'backfill interrupted; it resumes from its last committed page');
      }
    } finally {
      this.current = undefined;
    }
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Errors retrying cannot fix: Gong refusing the request itself or the credentials. */
function permanent(error: unknown): boolean {
  return error instanceof GongError && ['bad-request', 'auth', 'forbidden', 'not-found'].includes(error.kind);
}
