#!/usr/bin/env node
// `npm run build` (or `nx build <app>`): compiles every service ahead of time with tsc
// (tsconfig.build.json: decorator metadata as the compiler emits it, type-checked) into dist/, so
// production runs plain JavaScript (`node dist/apps/<app>/src/main.js`) instead of compiling its
// TypeScript through @swc-node/register at every start.
//
// Layout of dist/:
//   dist/apps/<app>/src/**.js, dist/libs/<lib>/src/**.js   compiled sources (with source maps)
//   dist/<apps|libs>/<name>/package.json                    the workspace package, exports pointing at .js
//   dist/node_modules/@gong-connector/<name> -> ../../<apps|libs>/<name>   so `@gong-connector/platform`
//       resolves to the compiled lib; third-party packages resolve from the node_modules beside dist/.
// libs/testing (tests, the demo, benchmarks) is not part of the build.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const dist = join(root, 'dist');
const NOT_BUILT = new Set(['libs/testing']);
const TEST_FILE = /\.(spec|int-spec|e2e-spec)\.ts$/;

/** Workspace packages that are part of the build: `apps/<name>` and `libs/<name>` with a package.json. */
export function buildPackages() {
  return ['apps', 'libs'].flatMap((group) =>
    readdirSync(join(root, group))
      .map((name) => `${group}/${name}`)
      .filter((dir) => !NOT_BUILT.has(dir) && existsSync(join(root, dir, 'package.json'))),
  );
}

/** A package's `exports` with every `./src/...ts` target pointing at the compiled `.js` instead. */
export function compiledExports(exports) {
  if (typeof exports === 'string') return exports.replace(/\.ts$/, '.js');
  if (exports && typeof exports === 'object') {
    return Object.fromEntries(Object.entries(exports).map(([key, value]) => [key, compiledExports(value)]));
  }
  return exports;
}

function copyAssets(fromDir, toDir) {
  if (!existsSync(fromDir)) return;
  for (const entry of readdirSync(fromDir)) {
    const from = join(fromDir, entry);
    const to = join(toDir, entry);
    if (statSync(from).isDirectory()) copyAssets(from, to);
    else if (!entry.endsWith('.ts')) {
      mkdirSync(toDir, { recursive: true });
      cpSync(from, to);
    }
  }
}

function main() {
  const t0 = Date.now();
  for (const dir of ['apps', 'libs', 'node_modules']) rmSync(join(dist, dir), { recursive: true, force: true });
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  const result = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error('[build] tsc failed');
    process.exit(result.status ?? 1);
  }
  for (const dir of buildPackages()) {
    const pkg = JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8'));
    const out = join(dist, dir);
    mkdirSync(out, { recursive: true });
    const compiled = { name: pkg.name, version: pkg.version, private: true, type: pkg.type ?? 'module' };
    if (pkg.exports) compiled.exports = compiledExports(pkg.exports);
    writeFileSync(join(out, 'package.json'), `${JSON.stringify(compiled, null, 2)}\n`);
    copyAssets(join(root, dir, 'src'), join(out, 'src'));
    const link = join(dist, 'node_modules', ...pkg.name.split('/'));
    mkdirSync(dirname(link), { recursive: true });
    symlinkSync(relative(dirname(link), out), link, 'dir');
  }
  // Test files are excluded by tsconfig.build.json; make sure none slipped in through an import.
  const stray = [];
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory() && e.name !== 'node_modules') walk(join(d, e.name));
      else if (TEST_FILE.test(e.name.replace(/\.js$/, '.ts'))) stray.push(relative(root, join(d, e.name)));
    }
  };
  walk(dist);
  if (stray.length) {
    console.error(`[build] test files in dist/: ${stray.join(', ')}`);
    process.exit(1);
  }
  console.log(`[build] dist/ ready in ${((Date.now() - t0) / 1000).toFixed(1)} s: ${buildPackages().join(', ')}`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
