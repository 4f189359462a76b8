// npm run bench:meeting-prep: the meeting-prep end-to-end test's workload, measured. The whole
// stack (each service in its own process) against gong-sim, the last day's calls replicated, two
// calls of the account in Gong and not replicated; then BENCH_BRIEFS (40) meeting_prep calls over
// MCP (official SDK client), one at a time, alternating a rep and an admin, each with its live
// check. Measured per brief: the MCP round trip (p50, p95, max) and the Gong requests gong-sim saw
// while it ran (max). The figures: meeting_prep_p95_ms_1 (1 concurrent) and
// meeting_prep_gong_requests (the most any brief cost). Prints the figures; the last line is JSON.
import { loadavg } from 'node:os';
import { z } from 'zod';
import { loadConfig } from '@gong-connector/platform';
import { MeetingPrepScenario } from '../src/stack/meeting-prep.scenario.js';

const env = loadConfig(
  z.object({
    BENCH_BRIEFS: z.coerce.number().int().min(1).default(40).describe('meeting_prep calls measured (after 4 warm-up calls)'),
    BENCH_CALLS: z.coerce.number().int().min(20).default(400).describe("Calls of the sim's day, replicated before measuring"),
    BENCH_LIVE_HOURS: z.coerce.number().int().min(0).max(24).default(6).describe('liveHours of each brief (0: replica only, no live check)'),
    BENCH_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('warn'),
  }),
);
const say = (line: string) => process.stdout.write(`${line}\n`);
const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');
const pct = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

say(`meeting-prep bench: ${env.BENCH_BRIEFS} briefs, 1 at a time, over ${env.BENCH_CALLS} replicated calls, liveHours ${env.BENCH_LIVE_HOURS}; load average ${load()}`);
const started = Date.now();
const scenario = await MeetingPrepScenario.start({ calls: env.BENCH_CALLS, logLevel: env.BENCH_LOG_LEVEL });
try {
  say(`stack up and replicated in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const clients = { rep: await scenario.client('rep'), admin: await scenario.client('admin') };
  const args = { account: scenario.account.name, attendees: scenario.attendees(), liveHours: env.BENCH_LIVE_HOURS };
  for (let i = 0; i < 4; i++) await scenario.meetingPrep(i % 2 ? clients.admin : clients.rep, args);
  const runs = [];
  for (let i = 0; i < env.BENCH_BRIEFS; i++) runs.push(await scenario.meetingPrep(i % 2 ? clients.admin : clients.rep, args));
  await clients.rep.close();
  await clients.admin.close();
  const ms = runs.map((r) => r.elapsedMs).sort((a, b) => a - b);
  const gong = runs.map((r) => r.gongRequests);
  const live = runs.filter((r) => r.brief.live.checked).length;
  const figures = { p50: Math.round(pct(ms, 50)), p95: Math.round(pct(ms, 95)), max: Math.round(ms.at(-1)!), gongMax: Math.max(...gong), gongTotal: gong.reduce((a, b) => a + b, 0) };
  say(`meeting_prep over MCP, 1 concurrent: p50 ${figures.p50} ms, p95 ${figures.p95} ms, max ${figures.max} ms`);
  say(`Gong requests per brief (gong-sim's log): max ${figures.gongMax}, ${figures.gongTotal} in ${runs.length} briefs (${live} live checks); calls read: rep ${runs[0]!.brief.callsRead}, admin ${runs[1]!.brief.callsRead}`);
  say(`load average ${load()}`);
  say(
    JSON.stringify({
      briefs: runs.length,
      replicated_calls: env.BENCH_CALLS,
      live_hours: env.BENCH_LIVE_HOURS,
      meeting_prep_p50_ms_1: figures.p50,
      meeting_prep_p95_ms_1: figures.p95,
      meeting_prep_max_ms_1: figures.max,
      meeting_prep_gong_requests: figures.gongMax,
      meeting_prep_live_checks: live,
      load_average_1m: Number(loadavg()[0]!.toFixed(2)),
    }),
  );
} finally {
  await scenario.stop();
}
