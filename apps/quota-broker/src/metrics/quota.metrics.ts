import { Inject, Injectable } from '@nestjs/common';
import { QUOTA_PRIORITIES, type QuotaStateV1 } from '@gong-connector/contracts';
import { MetricsRegistry } from '@gong-connector/platform';
import type { QuotaDecision } from '@gong-connector/quota';
import { Gauge, type Counter, type Histogram } from 'prom-client';

const BREAKER_STATES = ['closed', 'open', 'half-open'] as const;
/** The observed grant rate is averaged over this window. */
const RATE_WINDOW_MS = 10_000;

/**
 * The broker's Prometheus metrics. Counters and the wait histogram move with each decision; the
 * gauges (daily budget, reserves, pause, breaker, queues, leadership) are read from the quota state
 * when /metrics is scraped, so they are never stale. A standby reports `quota_leader 0` and no
 * budget gauges (the leader owns them).
 */
@Injectable()
export class QuotaMetrics {
  readonly grants: Counter<'priority'>;
  readonly grantedTokens: Counter<'priority'>;
  readonly refusals: Counter<'priority' | 'reason'>;
  readonly wait: Histogram<'priority'>;
  readonly upstream429: Counter;
  readonly reports: Counter<'outcome'>;
  readonly persistFailures: Counter;
  readonly persistSeconds: Histogram;
  readonly leaderChanges: Counter<'to'>;

  private view: () => QuotaStateV1 | null = () => null;
  private leader = false;
  private readonly grantTimes: number[] = [];
  private refreshedAt = -Infinity;
  private cached: QuotaStateV1 | null = null;

  constructor(@Inject(MetricsRegistry) private readonly metrics: MetricsRegistry) {
    this.grants = metrics.counter('quota_grants_total', 'Permits granted, by priority', ['priority']);
    this.grantedTokens = metrics.counter('quota_granted_tokens_total', 'Gong requests covered by granted permits, by priority', ['priority']);
    this.refusals = metrics.counter('quota_refusals_total', 'Permit requests refused, by priority and reason (error code)', ['priority', 'reason']);
    this.wait = metrics.histogram(
      'quota_wait_seconds',
      'Time a granted request waited in the broker’s queue, by priority',
      ['priority'],
      [0.001, 0.01, 0.05, 0.1, 0.25, 0.4, 0.6, 1, 2, 5, 10, 30, 60, 300, 1800, 3600],
    );
    this.upstream429 = metrics.counter('quota_upstream_429_total', '429 answers from Gong reported by requesters');
    this.reports = metrics.counter('quota_reports_total', 'Reported outcomes of permits (2xx, 4xx, 429, 5xx, transport-error, not-sent)', ['outcome']);
    this.persistFailures = metrics.counter('quota_persist_failures_total', 'Failed writes of the daily spend (grants wait until one succeeds)');
    this.persistSeconds = metrics.histogram('quota_persist_seconds', 'Time to write the daily spend ahead of the grants', [], [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 5]);
    this.leaderChanges = metrics.counter('quota_leader_changes_total', 'Times this instance became leader or stepped down', ['to']);

    this.plainGauge('quota_leader', 'Whether this instance is the active broker (1) or a standby (0)', () => (this.leader ? 1 : 0));
    this.gauge('quota_daily_used', 'Gong requests granted in the current budget day (an upper bound after a restart)', [], (g, v) => g.set(v.used));
    this.gauge('quota_daily_limit', 'The daily budget', [], (g, v) => g.set(v.limit));
    this.gauge('quota_daily_remaining', 'Requests left in the current budget day', [], (g, v) => g.set(v.remaining));
    this.gauge('quota_daily_persisted', 'The daily count stored ahead of the grants', [], (g, v) => g.set(v.persistedUsed));
    this.gauge('quota_reserve_available', 'Requests each priority may still take today', ['priority'], (g, v) => {
      for (const p of QUOTA_PRIORITIES) g.set({ priority: p }, v.reserves[p]?.available ?? 0);
    });
    this.gauge('quota_paused', 'Whether grants are paused (after a 429, or just after a restart)', [], (g, v) => g.set(v.pausedUntil === null ? 0 : 1));
    this.gauge('quota_paused_until_seconds', 'End of the pause in force (Unix seconds), 0 when none', [], (g, v) =>
      g.set(v.pausedUntil === null ? 0 : Date.parse(v.pausedUntil) / 1000),
    );
    this.gauge('quota_breaker_state', 'Circuit breaker state (1 for the state in force)', ['state'], (g, v) => {
      for (const s of BREAKER_STATES) g.set({ state: s }, v.breaker.state === s ? 1 : 0);
    });
    this.gauge('quota_queue_depth', 'Requests waiting, by priority', ['priority'], (g, v) => {
      for (const p of QUOTA_PRIORITIES) g.set({ priority: p }, v.queueDepth[p] ?? 0);
    });
    this.gauge('quota_in_flight', 'Granted permits not yet reported', [], (g, v) => g.set(v.inFlight));
    this.gauge('quota_rate_limit_per_second', 'The rate in force: the configured limit, 0 while paused, lower while ramping up', [], (g, v) =>
      g.set(v.rate.currentPerSecond),
    );
    this.plainGauge('quota_grant_rate_per_second', `Tokens granted per second over the last ${RATE_WINDOW_MS / 1000} s`, () => this.grantRate());
  }

  /** Where the gauges read the state from (null while this instance is a standby). */
  attach(view: () => QuotaStateV1 | null): void {
    this.view = view;
  }

  setLeader(leader: boolean): void {
    if (leader !== this.leader) this.leaderChanges.inc({ to: leader ? 'leader' : 'standby' });
    this.leader = leader;
  }

  recordDecision(decision: QuotaDecision): void {
    if (decision.kind === 'grant') {
      this.grants.inc({ priority: decision.priority });
      this.grantedTokens.inc({ priority: decision.priority }, decision.cost);
      this.wait.observe({ priority: decision.priority }, Math.max(0, decision.waitedMs) / 1000);
      const now = performance.now();
      for (let i = 0; i < decision.cost; i++) this.grantTimes.push(now);
      this.trimGrantTimes(now);
    } else {
      this.refusals.inc({ priority: decision.priority, reason: decision.code });
    }
  }

  recordReport(status: number | 'transport-error' | 'not-sent'): void {
    const outcome = typeof status === 'string' ? status : status === 429 ? '429' : `${Math.floor(status / 100)}xx`;
    this.reports.inc({ outcome });
    if (status === 429) this.upstream429.inc();
  }

  private grantRate(): number {
    this.trimGrantTimes(performance.now());
    return this.grantTimes.length / (RATE_WINDOW_MS / 1000);
  }

  private trimGrantTimes(now: number): void {
    while (this.grantTimes.length > 0 && this.grantTimes[0]! <= now - RATE_WINDOW_MS) this.grantTimes.shift();
  }

  /** A gauge that needs no quota state. */
  private plainGauge(name: string, help: string, value: () => number): void {
    new Gauge({
      name,
      help,
      registers: [this.metrics.registry],
      collect() {
        this.set(value());
      },
    });
  }

  /** A gauge read from the quota state at scrape time; emptied while there is none (standby). */
  private gauge<L extends string>(name: string, help: string, labelNames: readonly L[], set: (g: Gauge<L>, view: QuotaStateV1) => void): void {
    const read = (): QuotaStateV1 | null => this.currentView();
    new Gauge<L>({
      name,
      help,
      labelNames,
      registers: [this.metrics.registry],
      collect() {
        this.reset();
        const view = read();
        if (view) set(this, view);
      },
    });
  }

  /** The state, read once per scrape (gauges are collected one after another). */
  private currentView(): QuotaStateV1 | null {
    const now = performance.now();
    if (now - this.refreshedAt > 50) {
      this.cached = this.view();
      this.refreshedAt = now;
    }
    return this.cached;
  }
}
