#!/usr/bin/env node
// Runs every test of the workspace in one Jest run and ends with the line `N passed, N failed`.
// Usage: npm test [-- <jest args>]     (e.g. npm test -- libs/quota)
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'gc-jest-'));
const out = join(dir, 'results.json');
const jestBin = join(root, 'node_modules', 'jest', 'bin', 'jest.js');
const nodeOptions = [process.env.NODE_OPTIONS ?? '', '--experimental-vm-modules', '--disable-warning=ExperimentalWarning']
  .join(' ')
  .trim();
const result = spawnSync(
  process.execPath,
  [jestBin, '-c', join(root, 'jest.workspace.config.js'), '--json', `--outputFile=${out}`, ...process.argv.slice(2)],
  { cwd: root, stdio: 'inherit', env: { ...process.env, NODE_OPTIONS: nodeOptions } },
);
let passed = 0;
let failed = 0;
if (existsSync(out)) {
  const r = JSON.parse(readFileSync(out, 'utf8'));
  passed = r.numPassedTests;
  failed = r.numFailedTests;
  // A suite that failed to load has no failed test but is a failure all the same.
  failed += r.testResults.filter((t) => t.status === 'failed' && t.assertionResults.length === 0).length;
}
rmSync(dir, { recursive: true, force: true });
const code = result.status ?? 1;
if (code !== 0 && failed === 0) failed = 1;
console.log(`${passed} passed, ${failed} failed`);
process.exit(code);
