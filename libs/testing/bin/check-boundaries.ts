// Fails (exit 1) when a module boundary is crossed; see libs/testing/src/boundaries/check-boundaries.ts.
import { resolve } from 'node:path';
import { checkBoundaries } from '../src/boundaries/check-boundaries.js';

const root = resolve(process.argv[2] ?? '.');
const violations = checkBoundaries(root);
for (const v of violations) console.error(`${v.file}:${v.line}  [${v.rule}] ${v.message}`);
if (violations.length > 0) {
  console.error(`\n${violations.length} boundary violation${violations.length === 1 ? '' : 's'}`);
  process.exit(1);
}
console.log('module boundaries: ok');
