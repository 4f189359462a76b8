#!/usr/bin/env node
// Runs every test of the workspace and ends with the line `N passed, N failed`.
// Phase 1: unit and integration files, in parallel. Phase 2: end-to-end files (*.e2e-spec.ts), one
// at a time, since each starts the whole stack. Arguments go to both phases (e.g. `npm test -- libs/quota`).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const jestBin = join(root, 'node_modules', 'jest', 'bin', 'jest.js');
const nodeOptions = [process.env.NODE_OPTIONS ?? '', '--experimental-vm-modules', '--disable-warning=ExperimentalWarning'].join(' ').trim();
const args = process.argv.slice(2);

function runPhase(phase, extra) {
  const dir = mkdtempSync(join(tmpdir(), 'gc-jest-'));
  const out = join(dir, 'results.json');
  const result = spawnSync(
    process.execPath,
    [jestBin, '-c', join(root, 'jest.workspace.config.js'), '--json', `--outputFile=${out}`, '--passWithNoTests', ...extra, ...args],
    { cwd: root, stdio: 'inherit', env: { ...process.env, NODE_OPTIONS: nodeOptions, GC_TEST_PHASE: phase } },
  );
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
  const code = result.status ?? 1;
  if (code !== 0 && failed === 0) failed = 1;
  return { passed, failed, code };
}

const main = runPhase('main', []);
const e2e = runPhase('e2e', ['--runInBand']);
const passed = main.passed + e2e.passed;
const failed = main.failed + e2e.failed;
console.log(`${passed} passed, ${failed} failed`);
process.exit(main.code !== 0 ? main.code : e2e.code);
