import { describe, expect, it } from '@jest/globals';
import { DockerfileParser, type Copy, type Instruction } from 'dockerfile-ast';
import { validate } from 'dockerfile-utils';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import semver from 'semver';
import { parse } from 'yaml';
import { containersOf, overlayDirs, renderKustomization } from './kustomize.renderer.js';

// The image, checked statically (there is no Docker engine here): the Dockerfile lints clean,
// builds the compiled services in a stage of its own and ships production dependencies only, on a
// supported Node LTS that package.json's engines admit, as a non-root user; and every place that
// runs it (Kubernetes, compose) gives it a read-only root filesystem with /tmp writable.
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');
const dockerfileText = readFileSync(join(root, 'deploy', 'docker', 'Dockerfile'), 'utf8');
const dockerfile = DockerfileParser.parse(dockerfileText);
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { engines: { node: string }; scripts: Record<string, string> };

/** The Node major the image runs (ARG NODE_VERSION, which .ci/run reads too). */
const imageNodeMajor = Number(/^ARG NODE_VERSION=(\d+)\s*$/m.exec(dockerfileText)?.[1]);
const stages = dockerfile.getFROMs().map((from, i, all) => {
  const start = from.getRange().start.line;
  const end = all[i + 1]?.getRange().start.line ?? Number.POSITIVE_INFINITY;
  const instructions = dockerfile.getInstructions().filter((ins) => ins.getRange().start.line >= start && ins.getRange().start.line < end);
  return { name: from.getBuildStage(), image: from.getImageName(), tag: from.getImageTag(), instructions };
});
const final = stages.at(-1)!;
const args = (ins: Instruction) => ins.getArguments().map((a) => a.getValue());

describe('the image (deploy/docker/Dockerfile)', () => {
  it('lints clean (dockerfile-utils, the VS Code Docker extension’s validator)', () => {
    expect(validate(dockerfileText).map((d) => `line ${d.range.start.line + 1}: ${d.message}`)).toEqual([]);
  });

  it('runs a Node LTS the engines admit, the same in every stage', () => {
    expect([22, 24]).toContain(imageNodeMajor);
    expect(semver.intersects(`^${imageNodeMajor}`, pkg.engines.node)).toBe(true);
    for (const s of stages) expect(`${s.image}:${s.tag}`).toBe('node:${NODE_VERSION}-bookworm-slim');
  });

  it('compiles in a build stage and ships dist/ and production dependencies only', () => {
    const run = (name: string) => stages.find((s) => s.name === name)!.instructions.filter((i) => i.getKeyword() === 'RUN').map((i) => args(i).join(' '));
    expect(run('build').join('\n')).toContain('libs/testing/bin/build.mjs');
    expect(run('deps').join('\n')).toMatch(/npm install --omit=dev\b/);
    const copies = final.instructions.filter((i) => i.getKeyword() === 'COPY');
    const from = (c: Instruction) => (c as Copy).getFromFlag()?.getValue();
    const fromStages = copies.filter((c) => from(c)).map((c) => `${from(c)} ${args(c)[0]}`);
    expect(fromStages.sort()).toEqual(['build /app/dist', 'deps /app/node_modules', 'deps /app/package.json']);
    // What the final stage takes from the build context: the entrypoint and the healthcheck, nothing else.
    const fromContext = copies.filter((c) => !from(c)).flatMap((c) => args(c).slice(0, -1));
    expect(fromContext.sort()).toEqual(['deploy/docker/entrypoint.mjs', 'deploy/docker/healthcheck.mjs']);
    for (const f of fromContext) expect(existsSync(join(root, f))).toBe(true);
    expect(pkg.scripts.build).toContain('libs/testing/bin/build.mjs');
  });

  it('runs as the unprivileged node user, through the entrypoint', () => {
    const users = final.instructions.filter((i) => i.getKeyword() === 'USER').map((i) => args(i).join(' '));
    expect(users.at(-1)).toBe('node');
    const entrypoint = final.instructions.find((i) => i.getKeyword() === 'ENTRYPOINT')!;
    expect(JSON.parse(args(entrypoint).join(' '))).toEqual(['node', 'deploy/docker/entrypoint.mjs']);
  });

  it('leaves the test kit and sources out of the build context but for what the build needs', () => {
    const ignore = readFileSync(join(root, 'deploy', 'docker', 'Dockerfile.dockerignore'), 'utf8').split('\n').map((l) => l.trim());
    for (const line of ['**/node_modules', '**/dist', 'libs/testing', '!libs/testing/package.json', '!libs/testing/bin/build.mjs']) expect(ignore).toContain(line);
  });
});

describe('where the image runs', () => {
  it('Kubernetes: every container has a read-only root filesystem and an emptyDir on /tmp', () => {
    for (const dir of overlayDirs(root)) {
      const pods = renderKustomization(dir).filter((o) => (o.spec as { template?: object } | undefined)?.template);
      expect(pods.length).toBeGreaterThan(5);
      for (const pod of pods) {
        const volumes = (pod.spec as { template: { spec: { volumes?: { name: string; emptyDir?: object }[] } } }).template.spec.volumes ?? [];
        const emptyDirs = new Set(volumes.filter((v) => v.emptyDir).map((v) => v.name));
        for (const c of containersOf([pod])) {
          const mounts = (c.volumeMounts ?? []) as { name: string; mountPath: string }[];
          const name = `${pod.kind}/${pod.metadata.name}/${c.name}`;
          expect([name, c.securityContext]).toEqual([name, expect.objectContaining({ readOnlyRootFilesystem: true })]);
          expect([name, mounts.some((m) => m.mountPath === '/tmp' && emptyDirs.has(m.name))]).toEqual([name, true]);
        }
      }
    }
  });

  it('compose: every service of the image runs read-only with a tmpfs on /tmp', () => {
    const compose = parse(readFileSync(join(root, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
      services: Record<string, { image?: string; read_only?: boolean; tmpfs?: string[]; environment?: Record<string, string> }>;
    };
    const ours = Object.entries(compose.services).filter(([, s]) => s.environment?.SERVICE);
    expect(ours.length).toBe(6);
    for (const [name, s] of ours) {
      expect([name, s.image, s.read_only, (s.tmpfs ?? []).some((t) => t.split(':')[0] === '/tmp')]).toEqual([name, 'gong-connector:dev', true, true]);
    }
  });
});
