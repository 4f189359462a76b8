// npm run bench:startup: each service's cold start, from spawning its process to its /health/ready
// answering 200, and its memory (RSS) at idle, in the two ways a service's code can run:
//   swc       node --import @swc-node/register/esm-register apps/<name>/src/main.ts (compiles at start;
//             how the image ran before, and how tests and `npm run` scripts run)
//   compiled  node --enable-source-maps dist/apps/<name>/src/main.js (what `npm run build` made; the image)
// Each run starts the whole stack as the e2e tests do (a gong-sim in this process, every service in a
// process of its own, one service at a time so no two starts share the CPU) against one PostgreSQL
// schema migrated beforehand (the migration Job's work is not a service's start) and a NATS server
// of the bench's own. Builds dist/ first when it is missing. The last line is one JSON object.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { z } from 'zod';
import { dropSchema, migrateDatabase } from '@gong-connector/persistence';
import { loadConfig } from '@gong-connector/platform';
import { PrivateNatsServer } from '../src/private-nats.server.js';
import { STACK_SERVICES, startStack, type StackService } from '../src/stack/stack.js';
import { workspaceRoot, type ServiceRuntime } from '../src/stack/service-process.js';
import { testServices } from '../src/test-services.js';

const env = loadConfig(
  z.object({
    STARTUP_RUNS: z.coerce.number().int().min(1).max(50).default(5).describe('Stack starts per runtime'),
    STARTUP_IDLE_MS: z.coerce.number().int().min(0).max(120_000).default(5_000).describe('Idle time after the stack is ready before RSS is read'),
    STARTUP_RUNTIMES: z
      .string()
      .default('swc,compiled')
      .transform((s) => s.split(',').map((r) => r.trim()))
      .pipe(z.array(z.enum(['swc', 'compiled'])).min(1))
      .describe('Which runtimes to measure, comma-separated'),
  }),
);
const say = (line: string) => process.stdout.write(`${line}\n`);
const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');
const runtimes = env.STARTUP_RUNTIMES as ServiceRuntime[];

if (runtimes.includes('compiled') && STACK_SERVICES.some((s) => !existsSync(join(workspaceRoot, 'dist', 'apps', s, 'src', 'main.js')))) {
  say('dist/ is missing a service: running `npm run build` first');
  const built = spawnSync(process.execPath, [join(workspaceRoot, 'libs', 'testing', 'bin', 'build.mjs')], { cwd: workspaceRoot, stdio: 'inherit' });
  if (built.status !== 0) throw new Error('npm run build failed');
}

/**
 * CPU time (user + system) a process has used, in ms (Linux /proc/<pid>/stat, clock ticks of 10 ms).
 * On a busy machine a start's wall time mostly measures the wait for a core; its CPU time is what
 * the start costs, and close to the wall time the same start takes on an otherwise idle machine.
 */
function cpuMs(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '').split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** Resident memory of a process in MB (Linux /proc). */
function rssMb(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  const kb = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return kb === undefined ? undefined : Number(kb) / 1024;
}
const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

say(`startup bench: ${env.STARTUP_RUNS} run(s) per runtime (${runtimes.join(', ')}), node ${process.version}; load average ${load()}`);
const databaseUrl = testServices().databaseUrl;
const schema = `startup_${randomBytes(3).toString('hex')}`;
const nats = await PrivateNatsServer.start();
type Samples = Record<StackService, number[]>;
const empty = (): Samples => Object.fromEntries(STACK_SERVICES.map((s) => [s, []])) as unknown as Samples;
const startMs: Record<string, Samples> = {};
const startCpuMs: Record<string, Samples> = {};
const rss: Record<string, Samples> = {};
try {
  await migrateDatabase({ url: databaseUrl, schema });
  for (const runtime of runtimes) {
    startMs[runtime] = empty();
    startCpuMs[runtime] = empty();
    rss[runtime] = empty();
    for (let run = 1; run <= env.STARTUP_RUNS; run++) {
      const stack = await startStack({
        runtime,
        readyPath: '/health/ready',
        natsUrl: nats.url,
        databaseUrl,
        databaseSchema: schema,
        onReady: (service, _url, ms, proc) => {
          startMs[runtime]![service].push(ms);
          const cpu = cpuMs(proc.pid);
          if (cpu !== undefined) startCpuMs[runtime]![service].push(cpu);
        },
      });
      try {
        await delay(env.STARTUP_IDLE_MS);
        for (const service of STACK_SERVICES) {
          const mb = rssMb(stack.services[service].pid);
          if (mb !== undefined) rss[runtime]![service].push(mb);
        }
      } finally {
        await stack.stop();
      }
      say(
        `  ${runtime.padEnd(8)} run ${run}: ` +
          STACK_SERVICES.map((s) => `${s} ${(startMs[runtime]![s].at(-1)! / 1000).toFixed(2)} s (cpu ${(startCpuMs[runtime]![s].at(-1)! / 1000).toFixed(2)} s)`).join(', ') +
          `; load ${load()}`,
      );
    }
  }
} finally {
  await dropSchema(databaseUrl, schema).catch(() => undefined);
  await nats.stop();
}

say('');
say(`cold start to /health/ready, p50 over ${env.STARTUP_RUNS} run(s): wall time, CPU time used until ready, and idle RSS:`);
say(`  ${'service'.padEnd(22)}${runtimes.map((r) => `${r} start`.padStart(16) + `${r} cpu`.padStart(14) + `${r} rss`.padStart(14)).join('')}`);
for (const s of STACK_SERVICES) {
  say(
    `  ${s.padEnd(22)}${runtimes
      .map(
        (r) =>
          `${(median(startMs[r]![s]) / 1000).toFixed(2)} s`.padStart(16) +
          `${(median(startCpuMs[r]![s]) / 1000).toFixed(2)} s`.padStart(14) +
          `${median(rss[r]![s]).toFixed(0)} MB`.padStart(14),
      )
      .join('')}`,
  );
}
const main: ServiceRuntime = runtimes.includes('compiled') ? 'compiled' : runtimes[0]!;
const slowest = Math.max(...STACK_SERVICES.map((s) => median(startMs[main]![s])));
say(`slowest ${main} service: ${(slowest / 1000).toFixed(2)} s (target <= 3 s on an otherwise idle machine); load average ${load()}`);
const perService = (samples: Samples, digits: number) =>
  Object.fromEntries(STACK_SERVICES.map((s) => [s, Number(median(samples[s]).toFixed(digits))]));
say(
  JSON.stringify({
    runtime: main,
    cold_start_p50_ms: perService(startMs[main]!, 0),
    cold_start_cpu_p50_ms: perService(startCpuMs[main]!, 0),
    idle_rss_mb: perService(rss[main]!, 1),
    ...Object.fromEntries(
      runtimes.filter((r) => r !== main).flatMap((r) => [
        [`${r}_cold_start_p50_ms`, perService(startMs[r]!, 0)],
        [`${r}_cold_start_cpu_p50_ms`, perService(startCpuMs[r]!, 0)],
        [`${r}_idle_rss_mb`, perService(rss[r]!, 1)],
      ]),
    ),
    max_cold_start_p50_ms: Math.round(slowest),
    max_cold_start_cpu_p50_ms: Math.round(Math.max(...STACK_SERVICES.map((s) => median(startCpuMs[main]![s])))),
    runs: env.STARTUP_RUNS,
    node_version: process.version,
    load_avg_1m: Number(loadavg()[0]!.toFixed(2)),
  }),
);
