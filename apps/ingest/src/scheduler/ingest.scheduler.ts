import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { Clock } from '@gong-connector/contracts';
import { LeaseRepository } from '@gong-connector/persistence';
import { CLOCK, DrainLoop, LOGGER, type Logger } from '@gong-connector/platform';
import { BackfillRunner } from '../backfill/backfill.runner.js';
import { CallEventOutbox } from '../calls/call-event.outbox.js';
import type { IngestConfig } from '../config.js';
import { INGEST_CONFIG, INSTANCE_ID } from '../ingest.tokens.js';
import { IncrementalSyncService } from '../sync/incremental-sync.service.js';
import { CoachingSyncService } from '../coaching/coaching-sync.service.js';
import { RetentionService } from '../retention/retention.service.js';
import { CallVerificationSweep } from '../verification/call-verification.sweep.js';
import { IdleSyncBackoff } from './idle-sync.backoff.js';
import { DealBackfill } from '@gong-connector/replica';

const LEASE = 'ingest.scheduler';
const TICK_MS = 1_000;
/** How often the verification sweep's persisted due time is looked at (the sweep spaces its own batches). */
const VERIFY_CHECK_MS = 60_000;

/**
 * The background work of ingest, on one instance at a time (a Postgres lease): directory sync, tracker sync (daily),
 * incremental sync of every workspace at its interval, backfill jobs (resumed at start), the
 * outbox sweep, and the verification sweep (calls Gong no longer has are purged). Webhooks are handled by every instance.
 */
@Injectable()
export class IngestScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly loop: DrainLoop;
  private readonly syncBackoff: IdleSyncBackoff;
  private leader = false;
  private nextSync = 0;
  private nextDirectory = 0;
  private nextTrackers = 0;
  private nextCoaching = 0;
  private nextSweep = 0;
  private nextVerify = 0;
  private syncing: Promise<void> | undefined;
  private dealsBackfilling: Promise<void> | undefined;

  constructor(
    @Inject(LeaseRepository) private readonly leases: LeaseRepository,
    @Inject(IncrementalSyncService) private readonly sync: IncrementalSyncService,
    @Inject(BackfillRunner) private readonly backfills: BackfillRunner,
    @Inject(CallEventOutbox) private readonly outbox: CallEventOutbox,
    @Inject(RetentionService) private readonly retention: RetentionService,
    @Inject(CallVerificationSweep) private readonly verification: CallVerificationSweep,
    @Inject(CoachingSyncService) private readonly coaching: CoachingSyncService,
    @Inject(INGEST_CONFIG) private readonly config: IngestConfig,
    @Inject(INSTANCE_ID) private readonly instanceId: string,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(DealBackfill) private readonly dealBackfill: DealBackfill,
  ) {
    this.syncBackoff = new IdleSyncBackoff(config.INGEST_SYNC_INTERVAL_MS, config.INGEST_SYNC_IDLE_MAX_INTERVAL_MS);
    // A tick now, and one every TICK_MS; a poke during a tick runs one more right after it.
    this.loop = new DrainLoop({
      step: async () => {
        await this.tick();
        return false;
      },
      sweepMs: TICK_MS,
      onError: (error) => this.logger.error({ err: error instanceof Error ? error.message : String(error) }, 'scheduler tick failed'),
    });
  }

  get isLeader(): boolean {
    return this.leader;
  }

  /** Runs the next tick now (a backfill was queued). */
  poke(): void {
    if (this.config.INGEST_SCHEDULER_ENABLED) this.loop.kick();
  }

  onApplicationBootstrap(): void {
    if (!this.config.INGEST_SCHEDULER_ENABLED) return;
    this.loop.kick();
    this.loop.start();
  }

  async onModuleDestroy(): Promise<void> {
    const loop = this.loop.stop();
    await this.backfills.stop();
    await loop;
    await this.syncing;
    await this.dealsBackfilling;
    if (this.leader) await this.leases.release(LEASE, this.instanceId).catch(() => undefined);
  }

  private async tick(): Promise<void> {
    const lease = await this.leases.tryAcquire(LEASE, this.instanceId, this.config.INGEST_LEASE_TTL_MS);
    const wasLeader = this.leader;
    this.leader = lease !== undefined;
    if (this.leader !== wasLeader) this.logger.info({ instanceId: this.instanceId, leader: this.leader }, this.leader ? 'leading scheduled work' : 'no longer leading scheduled work');
    if (!this.leader) return;
    if (!wasLeader) {
      await this.sync.loadCheckpoints();
      this.nextSweep = 0;
      // Calls stored before the deals replica get their deal links (no Gong request; a no-op once done).
      this.dealsBackfilling ??= this.dealBackfill
        .run()
        .then((r) => {
          if (r.calls > 0) this.logger.info(r, 'deals backfilled from stored calls');
        })
        .catch((error: unknown) => {
          this.dealsBackfilling = undefined;
          this.logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'deals backfill failed; retried when leading again');
        });
    }
    this.backfills.wake();
    const now = this.clock.now();
    if (now >= this.nextSweep && this.config.INGEST_OUTBOX_SWEEP_MS > 0) {
      this.nextSweep = now + this.config.INGEST_OUTBOX_SWEEP_MS;
      const published = await this.outbox.sweep();
      if (published > 0) this.logger.info({ published }, 'outbox sweep announced calls a crash left unannounced');
    }
    this.sync.updateLag();
    if (this.syncing) return;
    const directoryDue = this.config.INGEST_DIRECTORY_SYNC_INTERVAL_MS > 0 && now >= this.nextDirectory;
    const syncDue = this.config.INGEST_SYNC_INTERVAL_MS > 0 && now >= this.nextSync;
    const trackersDue = this.config.INGEST_TRACKER_SYNC_INTERVAL_MS > 0 && now >= this.nextTrackers;
    const verifyDue = this.config.INGEST_VERIFY_CYCLE_MS > 0 && now >= this.nextVerify;
    const coachingDue = this.config.INGEST_COACHING_SYNC_INTERVAL_MS > 0 && now >= this.nextCoaching;
    if (!directoryDue && !syncDue && !trackersDue && !verifyDue && !coachingDue) return;
    this.syncing = (async () => {
      if (directoryDue) {
        this.nextDirectory = now + this.config.INGEST_DIRECTORY_SYNC_INTERVAL_MS;
        await this.sync.syncDirectory();
      }
      if (trackersDue) {
        // Checked every hour at most; the checkpoint in Postgres keeps it to once per interval across restarts.
        this.nextTrackers = now + Math.min(this.config.INGEST_TRACKER_SYNC_INTERVAL_MS, 3_600_000);
        await this.sync.syncTrackers().catch((error: unknown) =>
          this.logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'tracker sync failed; retried at the next check'),
        );
      }
      if (syncDue) {
        this.nextSync = now + this.config.INGEST_SYNC_INTERVAL_MS;
        const results = await this.sync.runOnce();
        // Fewer listings while the company is idle (nothing new or changed), back to the interval once something is.
        this.nextSync = now + this.syncBackoff.next(results.some((r) => r.written > 0 || r.transcripts > 0));
        await this.sync.relinkInternalCalls();
        await this.retention.purge();
      }
      if (verifyDue) {
        this.nextVerify = now + VERIFY_CHECK_MS;
        await this.verification.runIfDue();
      }
      if (coachingDue) {
        // The day streams' checkpoints keep Gong requests to the new days whenever this runs.
        this.nextCoaching = now + this.config.INGEST_COACHING_SYNC_INTERVAL_MS;
        await this.coaching.runOnce().catch((error: unknown) =>
          this.logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'coaching sync failed; resumed at its checkpoints next time'),
        );
      }
    })()
      .catch((error: unknown) => this.logger.error({ err: error instanceof Error ? error.message : String(error) }, 'scheduled sync failed'))
      .finally(() => {
        this.syncing = undefined;
      });
  }
}
