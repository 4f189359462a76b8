import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { Database, LeaseRepository, type Lease } from '@gong-connector/persistence';
import { HealthRegistry, LOGGER, type Logger } from '@gong-connector/platform';
import { LeaseElector } from '../leadership/lease.elector.js';
import { QuotaMetrics } from '../metrics/quota.metrics.js';
import { BROKER_SETTINGS, type BrokerSettings } from './broker.settings.js';
import { QuotaBrokerService } from './quota-broker.service.js';
import { QuotaRpcHandler } from './quota-rpc.handler.js';

/** This instance's part, as `/health/ready` shows it. */
export interface LeadershipView {
  role: 'leader' | 'standby';
  leader: boolean;
  instanceId: string;
  lease: string;
  /** When this instance took its current role. */
  since: string;
  /** The lease's fencing token while leader. */
  fencingToken: string | null;
  /** The lease's expiry as last renewed, while leader. */
  leaseExpiresAt: string | null;
  /** Whether the broker is answering quota requests (the leader, once it has taken the budget over). */
  serving: boolean;
}

/**
 * Leader or standby. The elected instance takes the budget over and then serves the quota
 * subjects; on losing the lease it stops granting at once and unsubscribes, so requests go to the
 * next leader. A standby is ready (it is doing its job) and says `leader: false`.
 */
@Injectable()
export class BrokerRoleService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly elector: LeaseElector;
  private readonly leases: LeaseRepository;
  /** Grows on each election and step-down, so a slow take-over never serves after a step-down. */
  private generation = 0;

  constructor(
    @Inject(Database) db: Database,
    @Inject(BROKER_SETTINGS) private readonly settings: BrokerSettings,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(QuotaBrokerService) private readonly broker: QuotaBrokerService,
    @Inject(QuotaRpcHandler) private readonly rpc: QuotaRpcHandler,
    @Inject(QuotaMetrics) private readonly metrics: QuotaMetrics,
    @Inject(HealthRegistry) health: HealthRegistry,
  ) {
    this.leases = new LeaseRepository(db);
    this.elector = new LeaseElector(
      this.leases,
      { name: settings.leaseName, holder: settings.instanceId, ttlMs: settings.leaseTtlMs, logger },
      { elected: (lease) => this.lead(lease), deposed: (reason) => this.stepDown(reason) },
    );
    // Up for leader and standby alike; down when the lease table cannot be reached.
    health.register('leadership', () => {
      const { lastError } = this.elector.status();
      if (lastError !== null) throw new Error(`leader lease unreachable: ${lastError}`);
    });
  }

  onApplicationBootstrap(): void {
    this.logger.info({ instanceId: this.settings.instanceId, lease: this.settings.leaseName, ttlMs: this.settings.leaseTtlMs }, 'joining the leader election');
    this.elector.start();
  }

  /** Steps down (unsubscribe, answer the waiting) and releases the lease so a standby takes over at once. */
  async onModuleDestroy(): Promise<void> {
    await this.elector.stop({ release: true });
  }

  view(): LeadershipView {
    const status = this.elector.status();
    return {
      role: status.leader ? 'leader' : 'standby',
      leader: status.leader,
      instanceId: this.settings.instanceId,
      lease: this.settings.leaseName,
      since: status.since.toISOString(),
      fencingToken: status.lease?.fencingToken ?? null,
      leaseExpiresAt: status.lease ? status.lease.expiresAt.toISOString() : null,
      serving: this.rpc.serving && this.broker.active,
    };
  }

  /** The instance holding the lease now, from the database (for a standby's answers). */
  async currentLeader(): Promise<string | null> {
    const lease = await this.leases.current(this.settings.leaseName).catch(() => undefined);
    return lease?.holder ?? null;
  }

  private async lead(lease: Lease): Promise<void> {
    const generation = ++this.generation;
    await this.broker.activate(() => this.elector.check());
    if (generation !== this.generation) return;
    await this.rpc.start();
    if (generation !== this.generation) {
      await this.rpc.stop();
      return;
    }
    this.metrics.setLeader(true);
    this.logger.info({ fencingToken: lease.fencingToken }, 'leading: granting Gong permits');
  }

  private stepDown(reason: string): void {
    this.generation++;
    // Unsubscribe first (no new requests), then answer the waiting ones with "ask again".
    void this.rpc.stop();
    this.broker.deactivate(reason);
    this.metrics.setLeader(false);
  }
}
