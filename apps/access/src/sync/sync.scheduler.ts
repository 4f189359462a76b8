import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { LOGGER, type Logger } from '@gong-connector/platform';
import { ACCESS_CONFIG } from '../access.tokens.js';
import type { AccessConfig } from '../config.js';
import { AccessStateService } from '../state/access-state.service.js';
import { AccessSyncService } from './access-sync.service.js';
import { UsersAccessSyncService } from './users-access-sync.service.js';

type SchedulerConfig = Pick<
  AccessConfig,
  'ACCESS_SYNC_INTERVAL_MS' | 'ACCESS_SYNC_RETRY_MS' | 'ACCESS_RELOAD_INTERVAL_MS' | 'ACCESS_SWEEP_INTERVAL_MS'
>;

/**
 * The timers: a sync at boot and every ACCESS_SYNC_INTERVAL_MS (sooner again after a failure),
 * a reload of the model every ACCESS_RELOAD_INTERVAL_MS, a users-access sweep every
 * ACCESS_SWEEP_INTERVAL_MS. A scheduled sync skips a part synced within half an interval (by
 * anyone: the checkpoints are shared), so replicas and ingest do not spend the quota twice.
 * An interval of 0 turns its timer off.
 */
@Injectable()
export class SyncScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly timers = new Set<NodeJS.Timeout>();
  private stopped = false;

  constructor(
    @Inject(AccessSyncService) private readonly sync: AccessSyncService,
    @Inject(UsersAccessSyncService) private readonly usersAccess: UsersAccessSyncService,
    @Inject(AccessStateService) private readonly state: AccessStateService,
    @Inject(ACCESS_CONFIG) private readonly config: SchedulerConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    const c = this.config;
    if (c.ACCESS_SYNC_INTERVAL_MS > 0) this.every('sync', 0, c.ACCESS_SYNC_INTERVAL_MS, c.ACCESS_SYNC_RETRY_MS, () =>
      this.sync.run({ reason: 'scheduled sync', minIntervalMs: Math.floor(c.ACCESS_SYNC_INTERVAL_MS / 2) }),
    );
    if (c.ACCESS_RELOAD_INTERVAL_MS > 0) this.every('reload', c.ACCESS_RELOAD_INTERVAL_MS, c.ACCESS_RELOAD_INTERVAL_MS, c.ACCESS_RELOAD_INTERVAL_MS, () =>
      this.state.reload('reload'),
    );
    if (c.ACCESS_SWEEP_INTERVAL_MS > 0) this.every('users-access sweep', c.ACCESS_SWEEP_INTERVAL_MS, c.ACCESS_SWEEP_INTERVAL_MS, c.ACCESS_SWEEP_INTERVAL_MS, () =>
      this.usersAccess.sweep(),
    );
  }

  onModuleDestroy(): void {
    this.stopped = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  private every(what: string, firstMs: number, intervalMs: number, retryMs: number, job: () => Promise<unknown>): void {
    const schedule = (ms: number): void => {
      if (this.stopped) return;
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        job().then(
          () => schedule(intervalMs),
          (error: unknown) => {
            this.logger.error({ job: what, err: error instanceof Error ? error.message : String(error), retryInMs: retryMs }, `${what} failed`);
            schedule(retryMs);
          },
        );
      }, ms);
      timer.unref();
      this.timers.add(timer);
    };
    schedule(firstMs);
  }
}
