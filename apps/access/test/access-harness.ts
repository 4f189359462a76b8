import type { AccessChangedV1, Clock } from '@gong-connector/contracts';
import { GongClient, LocalPacer } from '@gong-connector/gong-client';
import { createLogger, MetricsRegistry } from '@gong-connector/platform';
import { AccessRepository, DirectoryRepository, SyncCheckpointRepository, type Database } from '@gong-connector/persistence';
import { DirectorySync } from '@gong-connector/replica';
import type { GongSim } from '@gong-connector/testing/gong-sim';
import { AccessChangePublisher } from '../src/changes/access-change.publisher.js';
import { AccessConfigSchema, type AccessConfig } from '../src/config.js';
import { AccessFilterService } from '../src/filter/access-filter.service.js';
import { FilterCache } from '../src/filter/filter.cache.js';
import { AccessMetrics } from '../src/metrics/access.metrics.js';
import { AccessStateService } from '../src/state/access-state.service.js';
import { AccessSyncService } from '../src/sync/access-sync.service.js';
import { ProfileSyncService } from '../src/sync/profile-sync.service.js';
import { UsersAccessSyncService } from '../src/sync/users-access-sync.service.js';

/** Keeps the events instead of publishing them (tests without NATS). */
class CapturingChangePublisher extends AccessChangePublisher {
  readonly events: AccessChangedV1[] = [];

  constructor(private readonly now: Clock) {
    super(undefined as never, now);
  }

  override async publish(userIds: readonly string[], reason: string): Promise<AccessChangedV1> {
    const event = { userIds: [...userIds], allUsers: false, reason, changedAt: new Date(this.now.now()).toISOString() };
    this.events.push(event);
    return event;
  }
}

export interface AccessHarness {
  config: AccessConfig;
  repo: AccessRepository;
  state: AccessStateService;
  filters: AccessFilterService;
  sync: AccessSyncService;
  usersAccess: UsersAccessSyncService;
  metrics: MetricsRegistry;
  /** Every access.users.changed.v1 the services would have published. */
  events: AccessChangedV1[];
}

/** A Gong client for gong-sim, paced locally. */
export function simGongClient(sim: GongSim, requestsPerSecond = 3): GongClient {
  return new GongClient({
    baseUrl: sim.baseUrl,
    auth: { kind: 'basic', accessKey: sim.credentials.accessKey, accessKeySecret: sim.credentials.accessKeySecret },
    permits: new LocalPacer({ requestsPerSecond }),
  });
}

/**
 * The access service's classes wired by hand (no Nest, no NATS): what the app module wires,
 * with change events captured. The model is loaded once, as at boot.
 */
export async function accessHarness(
  db: Database,
  gong: GongClient,
  options: { clock: Clock; config?: Partial<AccessConfig> },
): Promise<AccessHarness> {
  const { clock } = options;
  const config: AccessConfig = { ...AccessConfigSchema.parse({}), ...options.config };
  const metrics = new MetricsRegistry({ service: 'access-test', defaultMetrics: false });
  const accessMetrics = new AccessMetrics(metrics);
  const logger = createLogger({ name: 'access-test', level: 'silent' });
  const repo = new AccessRepository(db);
  const cache = new FilterCache();
  const publisher = new CapturingChangePublisher(clock);
  const state = new AccessStateService(repo, cache, publisher, accessMetrics, logger, clock);
  const filters = new AccessFilterService(state, cache, accessMetrics, config, clock);
  const profiles = new ProfileSyncService(gong, repo, new DirectoryRepository(db), new SyncCheckpointRepository(db), clock);
  const usersAccess = new UsersAccessSyncService(gong, repo, state, accessMetrics, config, clock);
  const sync = new AccessSyncService(new DirectorySync(db, gong, clock), profiles, usersAccess, state, accessMetrics, logger);
  await state.onModuleInit();
  return { config, repo, state, filters, sync, usersAccess, metrics, events: publisher.events };
}
