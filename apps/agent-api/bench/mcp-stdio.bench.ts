// Start-up of the MCP stdio bridge (apps/agent-api/bin/gong-connector-mcp.mjs) as a desktop client
// sees it: from spawning `node <bridge>` to the first tool answer through it, against a running agent
// API (small seeded company, PostgreSQL, a NATS server of its own); and how long the bridge takes to
// exit once the client closes it. Also the bare start-up: spawn to exit when stdin is already closed
// (module loading and shutdown, no network). Client-side work counts too (the v2 client compiles each
// tool's output schema before its first call), and the agent API runs in this process.
// Run: npm run bench:mcp-stdio  (BENCH_RUNS=20 to change the number of runs)
import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { loadConfig } from '@gong-connector/platform';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { USERS, startAgentApi } from '../test/agent-api.fixture.js';

const env = loadConfig(z.object({ BENCH_RUNS: z.coerce.number().int().min(1).default(15).describe('Bridge launches to time') }));
const bridge = join(dirname(fileURLToPath(import.meta.url)), '..', 'bin', 'gong-connector-mcp.mjs');
const pct = (values: number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
};
const round = (ms: number): number => Math.round(ms * 10) / 10;

const app = await startAgentApi();
const dir = mkdtempSync(join(tmpdir(), 'gc-bridge-bench-'));
const tokenFile = join(dir, 'token');
writeFileSync(tokenFile, `${await app.token({ user: USERS.alice.email })}\n`, { mode: 0o600 });
const childEnv = { PATH: process.env.PATH ?? '', HOME: dir, AGENT_API_URL: app.service.url, AGENT_API_TOKEN_FILE: tokenFile };

const bare: number[] = [];
const connected: number[] = [];
const firstAnswer: number[] = [];
const exitAfterClose: number[] = [];
try {
  for (let i = 0; i < env.BENCH_RUNS; i++) {
    // Bare start-up: stdin closed at once, the bridge loads, sees EOF and exits.
    const t0 = performance.now();
    await new Promise<void>((resolve, reject) => {
      const child = spawn(process.execPath, [bridge], { env: childEnv, stdio: ['pipe', 'ignore', 'ignore'] });
      child.stdin.end();
      child.on('exit', () => resolve());
      child.on('error', reject);
    });
    bare.push(performance.now() - t0);

    // As a desktop client: spawn, 2026-07-28 discovery, one tool call through the bridge.
    const transport = new StdioClientTransport({ command: process.execPath, args: [bridge], env: childEnv, stderr: 'ignore' });
    const client = new Client({ name: 'bench', version: '1.0.0' }, { versionNegotiation: { mode: { pin: '2026-07-28' } } });
    const t1 = performance.now();
    await client.connect(transport);
    connected.push(performance.now() - t1);
    await client.callTool({ name: 'whoami', arguments: {} });
    firstAnswer.push(performance.now() - t1);
    const exited = new Promise<void>((resolve) => (transport.onclose = () => resolve()));
    const t2 = performance.now();
    await client.close();
    await exited;
    exitAfterClose.push(performance.now() - t2);
  }
} finally {
  await app.close();
  rmSync(dir, { recursive: true, force: true });
}

const figures = {
  runs: env.BENCH_RUNS,
  bridge_bare_start_exit_ms_p50: round(pct(bare, 50)),
  bridge_bare_start_exit_ms_max: round(Math.max(...bare)),
  bridge_spawn_to_connected_ms_p50: round(pct(connected, 50)),
  bridge_spawn_to_connected_ms_p95: round(pct(connected, 95)),
  bridge_spawn_to_first_answer_ms_p50: round(pct(firstAnswer, 50)),
  bridge_spawn_to_first_answer_ms_p95: round(pct(firstAnswer, 95)),
  bridge_spawn_to_first_answer_ms_max: round(Math.max(...firstAnswer)),
  bridge_exit_after_close_ms_p50: round(pct(exitAfterClose, 50)),
  bridge_exit_after_close_ms_max: round(Math.max(...exitAfterClose)),
  load_average_1m: Math.round(loadavg()[0]! * 100) / 100,
};
console.log(`MCP stdio bridge, ${figures.runs} runs (load average ${figures.load_average_1m}):`);
console.log(`  bare start-up (spawn to exit, stdin closed): p50 ${figures.bridge_bare_start_exit_ms_p50} ms, max ${figures.bridge_bare_start_exit_ms_max} ms`);
console.log(`  spawn to connected (server/discover answered through the bridge): p50 ${figures.bridge_spawn_to_connected_ms_p50} ms, p95 ${figures.bridge_spawn_to_connected_ms_p95} ms`);
console.log(
  `  spawn to first tool answer (2026-07-28 discovery + whoami through the agent API): p50 ${figures.bridge_spawn_to_first_answer_ms_p50} ms, p95 ${figures.bridge_spawn_to_first_answer_ms_p95} ms, max ${figures.bridge_spawn_to_first_answer_ms_max} ms`,
);
console.log(`  client close to bridge exit: p50 ${figures.bridge_exit_after_close_ms_p50} ms, max ${figures.bridge_exit_after_close_ms_max} ms`);
console.log(JSON.stringify(figures));
