import type { Clock } from '@gong-connector/contracts';

export interface StatsSnapshot {
  since: string;
  total: number;
  /** `"<METHOD> <route>"` -> status -> count, e.g. `{"POST /v2/calls/extensive": {"200": 3, "429": 1}}`. */
  byEndpoint: Record<string, Record<string, number>>;
  byStatus: Record<string, number>;
}

/** Request counts by endpoint and status since start or the last reset. */
export class RequestStats {
  private counts = new Map<string, Map<number, number>>();
  private since: number;

  constructor(private readonly clock: Clock) {
    this.since = clock.now();
  }

  record(endpoint: string, status: number): void {
    let byStatus = this.counts.get(endpoint);
    if (!byStatus) this.counts.set(endpoint, (byStatus = new Map()));
    byStatus.set(status, (byStatus.get(status) ?? 0) + 1);
  }

  count(endpoint: string, status?: number): number {
    const byStatus = this.counts.get(endpoint);
    if (!byStatus) return 0;
    if (status !== undefined) return byStatus.get(status) ?? 0;
    let n = 0;
    for (const c of byStatus.values()) n += c;
    return n;
  }

  snapshot(): StatsSnapshot {
    const byEndpoint: Record<string, Record<string, number>> = {};
    const byStatus: Record<string, number> = {};
    let total = 0;
    for (const endpoint of [...this.counts.keys()].sort()) {
      const entry: Record<string, number> = {};
      for (const [status, n] of [...this.counts.get(endpoint)!.entries()].sort((a, b) => a[0] - b[0])) {
        entry[String(status)] = n;
        byStatus[String(status)] = (byStatus[String(status)] ?? 0) + n;
        total += n;
      }
      byEndpoint[endpoint] = entry;
    }
    return { since: new Date(this.since).toISOString(), total, byEndpoint, byStatus };
  }

  reset(): void {
    this.counts = new Map();
    this.since = this.clock.now();
  }
}
