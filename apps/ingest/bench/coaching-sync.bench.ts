// Gong request cost of coaching replication (stats per user per day) against gong-sim.
// Last line: one JSON object with stats_sync_requests_per_1000_user_days.
import { loadConfig } from '@gong-connector/platform';
import { loadavg } from 'node:os';
import { z } from 'zod';
import { measureCoachingSyncCost } from './coaching-sync.cost.js';

const env = loadConfig(
  z.object({
    BENCH_USERS: z.coerce.number().int().min(10).default(200).describe('Users of the seeded company'),
    BENCH_CALLS: z.coerce.number().int().min(100).default(2000).describe('Calls of history'),
    BENCH_DAYS: z.coerce.number().int().min(2).default(30).describe('Days of history replicated'),
  }),
);

const r = await measureCoachingSyncCost({ users: env.BENCH_USERS, calls: env.BENCH_CALLS, days: env.BENCH_DAYS });
const load = loadavg().map((l) => l.toFixed(2)).join(' ');
console.log(`coaching sync: ${r.users} users, ${r.days} days of history, ${r.seconds.toFixed(1)} s (load average ${load})`);
for (const [endpoint, n] of Object.entries(r.byEndpoint)) console.log(`  ${endpoint.padEnd(40)} ${n} requests`);
console.log(`  backfill stats requests: ${r.backfillStatsRequests} = ${r.statsSyncRequestsPer1000UserDays.toFixed(2)} per 1,000 user-days`);
console.log(`  daily incremental stats requests: ${r.incrementalStatsRequestsPer1000UserDays.toFixed(2)} per 1,000 users per day`);
console.log(
  JSON.stringify({
    users: r.users,
    days: r.days,
    stats_sync_requests_per_1000_user_days: Number(r.statsSyncRequestsPer1000UserDays.toFixed(3)),
    stats_incremental_requests_per_1000_user_days: Number(r.incrementalStatsRequestsPer1000UserDays.toFixed(3)),
    backfill_stats_requests: r.backfillStatsRequests,
    seconds: Number(r.seconds.toFixed(1)),
  }),
);
