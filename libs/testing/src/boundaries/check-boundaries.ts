import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';

/**
 * The workspace's module boundaries, checked from the import statements of every source file:
 * - core libs (`type:core`) and contracts may not import Nest, TypeORM, NATS, Elasticsearch,
 *   prom-client, pg or fastify, and core libs may import only contracts among our projects;
 * - contracts import none of our projects;
 * - adapters import core, contracts and other adapters, never an app or the testing lib;
 * - an app never imports another app (tests included);
 * - an app never imports TypeORM (tests and benches included): it uses persistence's Database,
 *   repositories and Transaction;
 * - projects are imported by package name, never by a relative path into another project;
 * - no cycles between projects (test files aside: they may use the testing lib, which may use anything).
 */
export interface Project {
  name: string;
  root: string;
  tags: string[];
}

export interface Violation {
  file: string;
  line: number;
  rule: string;
  message: string;
}

const SCOPE = '@gong-connector/';
const FRAMEWORK_PACKAGES = [/^@nestjs\//, /^typeorm$/, /^@nats-io\//, /^nats$/, /^@elastic\//, /^prom-client$/, /^pg$/, /^fastify$/];
/** ORM packages no app file may import (apps go through libs/persistence and libs/replica). */
const ORM_PACKAGES = [/^typeorm$/];
const TEST_FILE = /\.(spec|int-spec|e2e-spec)\.ts$|\/(test|bench)\//;

export function readProjects(workspaceRoot: string): Project[] {
  const projects: Project[] = [];
  for (const group of ['apps', 'libs']) {
    const dir = join(workspaceRoot, group);
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir)) {
      const file = join(dir, name, 'project.json');
      if (!existsSync(file)) continue;
      const json = JSON.parse(readFileSync(file, 'utf8')) as { name: string; tags?: string[] };
      projects.push({ name: json.name, root: join(group, name), tags: json.tags ?? [] });
    }
  }
  return projects;
}

function kindOf(p: Project): string {
  return p.tags.find((t) => t.startsWith('type:'))?.slice(5) ?? 'unknown';
}

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir)) {
    if (entry === 'node_modules' || entry === 'dist' || entry === 'fixtures') continue;
    const full = join(dir, entry);
    if (statSync(full).isDirectory()) out.push(...sourceFiles(full));
    else if (entry.endsWith('.ts') && !entry.endsWith('.d.ts')) out.push(full);
  }
  return out;
}

function importsOf(file: string): { specifier: string; line: number }[] {
  const text = readFileSync(file, 'utf8');
  const info = ts.preProcessFile(text, true, true);
  return info.importedFiles.map((f) => ({
    specifier: f.fileName,
    line: text.slice(0, f.pos).split('\n').length,
  }));
}

function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

export function checkBoundaries(workspaceRoot: string): Violation[] {
  const projects = readProjects(workspaceRoot);
  const byPackage = new Map<string, Project>();
  for (const p of projects) {
    const pkgFile = join(workspaceRoot, p.root, 'package.json');
    const pkgName = existsSync(pkgFile) ? (JSON.parse(readFileSync(pkgFile, 'utf8')) as { name: string }).name : `${SCOPE}${p.name}`;
    byPackage.set(pkgName, p);
  }
  const violations: Violation[] = [];
  const edges = new Map<string, Set<string>>(projects.map((p) => [p.name, new Set<string>()]));
  const edgeWitness = new Map<string, string>();

  for (const project of projects) {
    const kind = kindOf(project);
    const rootAbs = resolve(workspaceRoot, project.root);
    if (!existsSync(rootAbs)) continue;
    for (const file of sourceFiles(rootAbs)) {
      const rel = relative(workspaceRoot, file).split(sep).join('/');
      const isTest = TEST_FILE.test(rel);
      for (const { specifier, line } of importsOf(file)) {
        const at = { file: rel, line };
        let target: Project | undefined;
        if (specifier.startsWith('.')) {
          const abs = resolve(dirname(file), specifier);
          if (!abs.startsWith(rootAbs + sep) && abs !== rootAbs) {
            target = projects.find((p) => abs.startsWith(resolve(workspaceRoot, p.root) + sep));
            violations.push({
              ...at,
              rule: 'import-by-package-name',
              message: `relative import "${specifier}" leaves ${project.name}; import ${target ? `${SCOPE}${target.name}` : 'it'} by package name`,
            });
            if (target && !isTest) {
              edges.get(project.name)!.add(target.name);
              edgeWitness.set(`${project.name}->${target.name}`, `${rel}:${line}`);
            }
          }
          continue;
        }
        const pkg = packageName(specifier);
        target = byPackage.get(pkg);
        if (!target) {
          if (kind === 'app' && ORM_PACKAGES.some((re) => re.test(pkg))) {
            violations.push({
              ...at,
              rule: 'no-orm-in-apps',
              message: `${project.name} is an app and may not import "${pkg}" (tests included): use Database, the repositories and Transaction from @gong-connector/persistence`,
            });
          }
          if ((kind === 'core' || kind === 'contracts') && FRAMEWORK_PACKAGES.some((re) => re.test(pkg))) {
            violations.push({
              ...at,
              rule: 'pure-core',
              message: `${project.name} is a ${kind} lib and may not import "${pkg}" (no Nest, TypeORM, NATS, Elasticsearch, prom-client, pg or fastify in pure code)`,
            });
          }
          continue;
        }
        if (target === project) {
          // A test may import its own project's public entry, as its users do.
          if (isTest) continue;
          violations.push({ ...at, rule: 'self-import', message: `${project.name} imports itself by package name; use a relative import` });
          continue;
        }
        const targetKind = kindOf(target);
        const bad = (message: string, rule = 'dependency-direction') => violations.push({ ...at, rule, message });
        if (targetKind === 'app' && kind !== 'testing') bad(`${project.name} imports the app ${target.name}; apps are never imported (use libs/testing for launchers)`, 'app-to-app');
        else if (kind === 'contracts') bad(`contracts may not import ${target.name}`);
        else if (kind === 'core' && targetKind !== 'contracts') bad(`core lib ${project.name} may import only contracts, not ${target.name} (${targetKind})`);
        else if (kind === 'adapter' && (targetKind === 'testing' || targetKind === 'app') && !isTest) bad(`adapter ${project.name} may not import ${target.name} (${targetKind}) outside tests`);
        else if (!isTest && targetKind === 'testing' && kind !== 'testing') bad(`${project.name} imports the testing lib outside a test`);
        if (!isTest) {
          edges.get(project.name)!.add(target.name);
          edgeWitness.set(`${project.name}->${target.name}`, `${rel}:${line}`);
        }
      }
    }
  }

  for (const cycle of findCycles(edges)) {
    const first = edgeWitness.get(`${cycle[0]}->${cycle[1]}`) ?? '';
    const [file, line] = first.split(':');
    violations.push({ file: file ?? '', line: Number(line ?? 0), rule: 'no-cycles', message: `dependency cycle: ${[...cycle, cycle[0]].join(' -> ')}` });
  }
  return violations;
}

/** Elementary cycles found by DFS (one per back edge), enough to name each loop. */
function findCycles(edges: Map<string, Set<string>>): string[][] {
  const cycles: string[][] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const visit = (node: string): void => {
    state.set(node, 'visiting');
    stack.push(node);
    for (const next of edges.get(node) ?? []) {
      if (state.get(next) === 'visiting') cycles.push(stack.slice(stack.indexOf(next)));
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(node, 'done');
  };
  for (const node of edges.keys()) if (!state.has(node)) visit(node);
  return cycles;
}
