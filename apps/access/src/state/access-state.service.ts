import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { Clock } from '@gong-connector/contracts';
import { CLOCK, LOGGER, type Logger } from '@gong-connector/platform';
import { AccessRepository, type CallAccessCheckRecord } from '@gong-connector/persistence';
import { AccessChangePublisher } from '../changes/access-change.publisher.js';
import { FilterCache } from '../filter/filter.cache.js';
import { AccessMetrics } from '../metrics/access.metrics.js';
import { AccessSnapshot } from '../model/access-snapshot.js';
import { filterChanges } from '../model/filter-changes.js';

/** What a change of the model did. */
export interface StateChange {
  /** Users whose filter changed (sorted). */
  changedUserIds: string[];
  /** Whether `access.users.changed.v1` went out for them. */
  published: boolean;
}

/**
 * Holds the current access snapshot. Every change goes through here, one at a time: a reload from
 * PostgreSQL (after a sync, or to pick up another instance's), or users-access grants just stored.
 * Each change diffs the users' filters, swaps the snapshot, drops the changed users' cached
 * filters and publishes `access.users.changed.v1` for them. Nothing is published while no filter
 * could have been served yet (no snapshot, or one without both syncs).
 */
@Injectable()
export class AccessStateService implements OnModuleInit {
  private snapshot: AccessSnapshot | undefined;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    @Inject(AccessRepository) private readonly repo: AccessRepository,
    @Inject(FilterCache) private readonly cache: FilterCache,
    @Inject(AccessChangePublisher) private readonly changes: AccessChangePublisher,
    @Inject(AccessMetrics) private readonly metrics: AccessMetrics,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async onModuleInit(): Promise<void> {
    const ageSeconds = (at: Date | undefined): number | undefined => (at === undefined ? undefined : Math.max(0, this.clock.now() - at.getTime()) / 1000);
    this.metrics.setAgeSource(() => ({
      directory: ageSeconds(this.snapshot?.directorySyncedAt),
      profiles: ageSeconds(this.snapshot?.profilesSyncedAt),
    }));
    await this.reload('boot');
  }

  /** The snapshot filters are computed from; undefined until the first load. */
  current(): AccessSnapshot | undefined {
    return this.snapshot;
  }

  /** Re-reads the model from PostgreSQL and applies whatever changed. */
  reload(reason: string): Promise<StateChange> {
    return this.serialized(async () => {
      const stop = this.metrics.modelBuild.startTimer();
      const next = AccessSnapshot.fromRecord(await this.repo.loadSnapshot());
      const before = this.snapshot;
      // Before data from both syncs existed every filter was refused (ACCESS_STALE): nobody holds one to drop.
      const served = before?.dataAsOf !== undefined;
      const changed = before === undefined || !served ? [] : filterChanges(before, next);
      const result = await this.swap(next, changed, reason, served);
      stop();
      return result;
    });
  }

  /** Applies users-access lookups already stored in PostgreSQL (recordChecks) to the snapshot. */
  applyChecks(checks: readonly CallAccessCheckRecord[], reason: string): Promise<StateChange> {
    return this.serialized(async () => {
      const before = this.snapshot;
      if (before === undefined) {
        // Nothing loaded yet: the first load reads these grants from PostgreSQL anyway.
        return { changedUserIds: [], published: false };
      }
      const { snapshot, affectedUserIds } = before.withChecks(checks);
      if (affectedUserIds.length === 0) return { changedUserIds: [], published: false };
      return this.swap(snapshot, filterChanges(before, snapshot, affectedUserIds), reason, before.dataAsOf !== undefined);
    });
  }

  private async swap(next: AccessSnapshot, changed: string[], reason: string, publish: boolean): Promise<StateChange> {
    this.snapshot = next;
    this.cache.invalidate(changed);
    const levels = next.usersByLevel();
    for (const [level, n] of Object.entries(levels)) this.metrics.usersByLevel.set({ level }, n);
    if (!publish || changed.length === 0) return { changedUserIds: changed, published: false };
    this.metrics.changedUsers.inc(changed.length);
    this.logger.info({ reason, users: changed.length }, 'access changed');
    try {
      await this.changes.publish(changed, reason);
      return { changedUserIds: changed, published: true };
    } catch (error) {
      // The new snapshot is in force here either way; consumers that miss the event keep a
      // filter until their own cache expires.
      this.metrics.changeEventsFailed.inc();
      this.logger.error({ reason, users: changed.length, err: error instanceof Error ? error.message : String(error) }, 'could not publish access.users.changed.v1');
      return { changedUserIds: changed, published: false };
    }
  }

  private serialized<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }
}
