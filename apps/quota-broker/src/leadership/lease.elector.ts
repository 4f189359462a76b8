import type { Lease, LeaseRepository } from '@gong-connector/persistence';
import type { Logger } from '@gong-connector/platform';

export interface LeaseElectorOptions {
  /** The lease's name (instances sharing it elect one leader). */
  name: string;
  /** This instance. */
  holder: string;
  ttlMs: number;
  /** How often to renew (leader) or try to take the lease (standby); a third of the TTL by default. */
  renewEveryMs?: number;
  /**
   * The leader stops this long before the lease could expire without a renewal (timers run late,
   * and the other instance must never grant while this one still does).
   */
  marginMs?: number;
  logger: Logger;
  /** A monotonic clock in ms (performance.now by default). */
  monotonic?: () => number;
}

export interface LeaseListener {
  /** This instance now holds the lease. When it throws, the lease is released and tried again later. */
  elected(lease: Lease): Promise<void>;
  /** This instance no longer holds the lease (taken, lapsed, or shutting down). Must stop at once. */
  deposed(reason: string): void;
}

export interface LeadershipStatus {
  leader: boolean;
  /** The lease as last renewed, while leader. */
  lease: Lease | null;
  /** When this instance became leader or standby. */
  since: Date;
  /** The last attempt's failure (the database could not be reached), null when it worked. */
  lastError: string | null;
}

/**
 * Leader election over a Postgres lease (`service_leases`). The leader renews every third of the
 * TTL; a standby tries as often and wins once the lease expired. The leader counts its lease as
 * valid for the TTL measured from *before* its last successful renewal was sent (minus a margin),
 * so it always stops before the database could hand the lease to someone else, even when the
 * database is unreachable or a renewal hangs. `check()` is asked before every grant.
 */
export class LeaseElector {
  private leader = false;
  private lease: Lease | null = null;
  private validUntil = -Infinity;
  private since = new Date();
  private lastError: string | null = null;
  private stopped = true;
  private tickTimer: NodeJS.Timeout | undefined;
  private expiryTimer: NodeJS.Timeout | undefined;
  private inFlight: Promise<void> | null = null;
  private readonly renewEveryMs: number;
  private readonly marginMs: number;
  private readonly monotonic: () => number;

  constructor(
    private readonly store: Pick<LeaseRepository, 'tryAcquire' | 'release'>,
    private readonly options: LeaseElectorOptions,
    private readonly listener: LeaseListener,
  ) {
    this.renewEveryMs = options.renewEveryMs ?? Math.max(50, Math.floor(options.ttlMs / 3));
    this.marginMs = options.marginMs ?? Math.min(250, Math.floor(options.ttlMs / 10));
    this.monotonic = options.monotonic ?? (() => performance.now());
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.runTick();
  }

  /** True while this instance holds a lease it renewed recently enough; a lapsed lease deposes now. */
  check(): boolean {
    if (!this.leader) return false;
    if (this.monotonic() < this.validUntil) return true;
    this.depose('the lease was not renewed in time');
    return false;
  }

  status(): LeadershipStatus {
    return { leader: this.leader, lease: this.leader ? this.lease : null, since: this.since, lastError: this.lastError };
  }

  /** Stops electing; a leader steps down and (by default) releases the lease so a standby takes over at once. */
  async stop(options: { release?: boolean } = {}): Promise<void> {
    this.stopped = true;
    if (this.tickTimer) clearTimeout(this.tickTimer);
    this.tickTimer = undefined;
    await this.inFlight;
    const wasLeader = this.leader;
    this.depose('shutting down');
    if (wasLeader && options.release !== false) {
      await this.store.release(this.options.name, this.options.holder).catch((error: unknown) => {
        this.options.logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'could not release the leader lease; it expires on its own');
      });
    }
  }

  private runTick(): void {
    this.inFlight = this.tick().finally(() => {
      this.inFlight = null;
      if (!this.stopped) this.tickTimer = setTimeout(() => this.runTick(), this.renewEveryMs);
    });
  }

  private async tick(): Promise<void> {
    const { name, holder, ttlMs, logger } = this.options;
    const sentAt = this.monotonic();
    let lease: Lease | undefined;
    try {
      lease = await this.store.tryAcquire(name, holder, ttlMs);
      this.lastError = null;
    } catch (error) {
      this.lastError = error instanceof Error ? error.message : String(error);
      logger.warn({ err: this.lastError, leader: this.leader }, 'could not reach the leader lease');
      return; // a leader keeps going until its lease could have expired (the expiry timer)
    }
    if (this.stopped) {
      // Took or renewed the lease while stopping: stop() releases it once this tick is over.
      if (lease && !this.leader) await this.store.release(name, holder).catch(() => undefined);
      return;
    }
    if (!lease) {
      if (this.leader) this.depose(`the lease is held by another instance`);
      return;
    }
    this.lease = lease;
    this.validUntil = sentAt + ttlMs - this.marginMs;
    this.armExpiry();
    if (this.leader) return;
    this.leader = true;
    this.since = new Date();
    logger.info({ lease: name, holder, fencingToken: lease.fencingToken }, 'elected leader');
    try {
      await this.listener.elected(lease);
    } catch (error) {
      logger.error({ err: error instanceof Error ? error.message : String(error) }, 'could not take over as leader; releasing the lease');
      this.depose('taking over failed');
      await this.store.release(name, holder).catch(() => undefined);
    }
  }

  private armExpiry(): void {
    if (this.expiryTimer) clearTimeout(this.expiryTimer);
    this.expiryTimer = setTimeout(() => this.check(), Math.max(0, this.validUntil - this.monotonic()));
  }

  private depose(reason: string): void {
    if (this.expiryTimer) clearTimeout(this.expiryTimer);
    this.expiryTimer = undefined;
    if (!this.leader) return;
    this.leader = false;
    this.lease = null;
    this.validUntil = -Infinity;
    this.since = new Date();
    this.options.logger.warn({ lease: this.options.name, holder: this.options.holder, reason }, 'stepped down as leader');
    this.listener.deposed(reason);
  }
}
