import { Inject, Injectable } from '@nestjs/common';
import { MetricsRegistry } from '@gong-connector/platform';
import { Gauge, type Counter, type Histogram } from 'prom-client';

/** What the sync-age gauge reads when scraped: seconds since each part's last sync (undefined: never). */
export type SyncAgeSource = () => { directory: number | undefined; profiles: number | undefined };

/**
 * The access service's metrics, declared once:
 * - `access_sync_age_seconds{part}`: age of the directory (users, managers, workspaces) and of the
 *   profiles data the model was built from, at scrape time (absent before the first sync);
 * - `access_users_by_level{level}`: active users holding a calls level in at least one workspace
 *   (`no-profile`: active users holding no profile anywhere);
 * - `access_filter_computations_total`, `access_filter_cache_hits_total`, `access_stale_refusals_total`;
 * - `access_sync_runs_total{part,outcome}`, `access_users_access_calls_checked_total`,
 *   `access_changed_users_total`, `access_model_build_seconds`, `access_gong_requests_total{endpoint,status}`.
 */
@Injectable()
export class AccessMetrics {
  readonly filterComputations: Counter;
  readonly cacheHits: Counter;
  readonly staleRefusals: Counter;
  readonly usersByLevel;
  readonly syncRuns: Counter<'part' | 'outcome'>;
  readonly callsChecked: Counter;
  readonly changedUsers: Counter;
  readonly changeEventsFailed: Counter;
  readonly modelBuild: Histogram;
  readonly gongRequests: Counter<'endpoint' | 'status'>;
  private ageSource: SyncAgeSource = () => ({ directory: undefined, profiles: undefined });

  constructor(@Inject(MetricsRegistry) metrics: MetricsRegistry) {
    this.filterComputations = metrics.counter('access_filter_computations_total', 'Access filters computed (cache misses)');
    this.cacheHits = metrics.counter('access_filter_cache_hits_total', 'Access filters answered from the cache');
    this.staleRefusals = metrics.counter(
      'access_stale_refusals_total',
      'Filter requests refused with ACCESS_STALE because the access data was too old or never synced',
    );
    this.usersByLevel = metrics.gauge(
      'access_users_by_level',
      'Active users holding this calls level in at least one workspace (no-profile: in none)',
      ['level'],
    );
    this.syncRuns = metrics.counter('access_sync_runs_total', 'Sync runs by part and outcome', ['part', 'outcome']);
    this.callsChecked = metrics.counter('access_users_access_calls_checked_total', 'Calls looked up in Gong users-access');
    this.changedUsers = metrics.counter('access_changed_users_total', 'Users whose access filter changed (published on access.users.changed.v1)');
    this.changeEventsFailed = metrics.counter('access_change_events_failed_total', 'access.users.changed.v1 events that could not be published');
    this.modelBuild = metrics.histogram('access_model_build_seconds', 'Time to load the access model and diff every user’s filter', [], [
      0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
    ]);
    this.gongRequests = metrics.counter('access_gong_requests_total', 'Gong requests sent by the access service', ['endpoint', 'status']);

    const name = 'access_sync_age_seconds';
    if (!metrics.registry.getSingleMetric(name)) {
      const read = (): ReturnType<SyncAgeSource> => this.ageSource();
      new Gauge({
        name,
        help: 'Seconds since the access data was synced from Gong, by part (directory: users and workspaces; profiles: permission profiles and members)',
        labelNames: ['part'],
        registers: [metrics.registry],
        collect() {
          this.reset();
          const ages = read();
          if (ages.directory !== undefined) this.set({ part: 'directory' }, ages.directory);
          if (ages.profiles !== undefined) this.set({ part: 'profiles' }, ages.profiles);
        },
      });
    }
  }

  /** Where the sync-age gauge reads its values at scrape time. */
  setAgeSource(source: SyncAgeSource): void {
    this.ageSource = source;
  }
}
