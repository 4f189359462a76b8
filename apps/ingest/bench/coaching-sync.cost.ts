import { GongClient, LocalPacer } from '@gong-connector/gong-client';
import { CoachingSync, addDays } from '@gong-connector/replica';
import { FakeClock, testDatabase } from '@gong-connector/testing';
import { startGongSim } from '@gong-connector/testing/gong-sim';

export interface CoachingSyncCost {
  users: number;
  days: number;
  /** Stats requests (activity day-by-day, interaction, answered scorecards) of the history backfill. */
  backfillStatsRequests: number;
  /** The same per 1,000 users per day of history. */
  statsSyncRequestsPer1000UserDays: number;
  /** A daily incremental run (one new day, no lookback): stats requests per 1,000 users. */
  incrementalStatsRequestsPer1000UserDays: number;
  /** Requests by endpoint of the backfill. */
  byEndpoint: Record<string, number>;
  seconds: number;
}

const STATS = ['POST /v2/stats/activity/day-by-day', 'POST /v2/stats/interaction', 'POST /v2/stats/activity/scorecards'];

/**
 * Replicates the coaching stats of a seeded gong-sim company into a fresh schema and counts the Gong
 * requests: the history backfill, then one daily incremental run. Shared by `bench:coaching-sync`
 * and any benchmark that reports `stats_sync_requests_per_1000_user_days`.
 */
export async function measureCoachingSyncCost(options: { users?: number; calls?: number; days?: number } = {}): Promise<CoachingSyncCost> {
  const users = options.users ?? 200;
  const days = options.days ?? 30;
  const clock = new FakeClock(Date.UTC(2026, 2, 1, 12));
  const sim = await startGongSim({ port: 0, seed: 'coaching-sync-bench', users, calls: options.calls ?? 2000, days, clock, ratePerSecond: 1_000_000, dailyLimit: 1_000_000_000 });
  const db = await testDatabase();
  try {
    const gong = new GongClient({
      auth: { kind: 'basic', accessKey: sim.credentials.accessKey, accessKeySecret: sim.credentials.accessKeySecret },
      permits: new LocalPacer({ requestsPerSecond: 1_000_000 }),
      baseUrl: sim.baseUrl,
    });
    const sync = new CoachingSync(db.database, gong, clock, { timeZone: sim.settings.timeZone, lookbackDays: 0, initialDays: 0 });
    const companyUsers = sim.company.data.users.filter((u) => !u.isAvatar).length;
    const today = sync.today();
    const started = performance.now();
    sim.resetStats();
    await sync.backfill({ from: addDays(today, -days), to: today });
    const count = (byEndpoint: Record<string, Record<string, number>>, names: string[]) =>
      names.reduce((n, e) => n + Object.values(byEndpoint[e] ?? {}).reduce((a, b) => a + b, 0), 0);
    const backfill = sim.stats().byEndpoint;
    const backfillStatsRequests = count(backfill, STATS);
    // The next day: the incremental run syncs that one day.
    await sync.run();
    clock.advance(86_400_000);
    sim.resetStats();
    await sync.run();
    const incremental = count(sim.stats().byEndpoint, STATS);
    return {
      users: companyUsers,
      days,
      backfillStatsRequests,
      statsSyncRequestsPer1000UserDays: backfillStatsRequests / ((companyUsers * days) / 1000),
      incrementalStatsRequestsPer1000UserDays: incremental / (companyUsers / 1000),
      byEndpoint: Object.fromEntries(Object.entries(backfill).map(([e, s]) => [e, Object.values(s).reduce((a, b) => a + b, 0)])),
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    await sim.close();
    await db.close();
  }
}
