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
import { isBuiltin } from 'node:module';
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

/** The bare specifiers a compiled ES module imports (static, re-exports and literal dynamic imports). */
export function bareImports(code) {
  const specs = new Set();
  // tsc's output puts each statement on lines of its own: `import ... from 'x';`, `export ... from 'x';`,
  // `import 'x';`, and `import('x')` for dynamic imports of a literal.
  const patterns = [/^(?:import|export)\s[^;]*?\sfrom\s+(['"])([^'"]+)\1;?\s*$/gm, /^import\s+(['"])([^'"]+)\1;?\s*$/gm, /\bimport\((['"])([^'"]+)\1\)/g];
  for (const pattern of patterns) {
    for (const m of code.matchAll(pattern)) if (!m[2].startsWith('.') && !m[2].startsWith('/')) specs.add(m[2]);
  }
  return [...specs];
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
  // The image installs production dependencies only: compiled code that imports anything else (a
  // test helper that slipped in through an import, a dev tool) would fail there, so it fails here.
  const problems = [];
  const production = new Set(Object.keys(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).dependencies ?? {}));
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const file = join(d, e.name);
      if (e.isDirectory()) {
        if (e.name !== 'node_modules') walk(file);
      } else if (TEST_FILE.test(e.name.replace(/\.js$/, '.ts'))) {
        problems.push(`${relative(root, file)} is a test file`);
      } else if (e.name.endsWith('.js')) {
        for (const spec of bareImports(readFileSync(file, 'utf8'))) {
          const name = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0];
          if (!spec.startsWith('node:') && !isBuiltin(spec) && !name.startsWith('@gong-connector/') && !production.has(name)) {
            problems.push(`${relative(root, file)} imports ${spec}, not a production dependency`);
          }
        }
      }
    }
  };
  walk(dist);
  if (problems.length) {
    console.error(`[build] dist/ would not run on production dependencies:\n  ${problems.join('\n  ')}`);
    process.exit(1);
  }
  console.log(`[build] dist/ ready in ${((Date.now() - t0) / 1000).toFixed(1)} s: ${buildPackages().join(', ')}`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
