import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import semver from 'semver';

// package.json's `engines.node` tells the truth: every Node it admits is one every installed package
// (package-lock.json, production and development) declares it supports, so `npm install` warns of
// no engine on any of them (EBADENGINE), and the Node this runs on is one of them.
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { engines: { node: string } };
const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as {
  packages: Record<string, { engines?: Record<string, string> | string[]; optional?: boolean }>;
};

describe('engines', () => {
  it('admits only Node versions every package in the lockfile supports', () => {
    const declared = pkg.engines.node;
    expect(semver.validRange(declared)).not.toBeNull();
    const narrower = Object.entries(lock.packages)
      .filter(([path]) => path !== '')
      .map(([path, p]) => [path.replace(/^.*node_modules\//, ''), Array.isArray(p.engines) ? undefined : p.engines?.node] as const)
      .filter((e): e is readonly [string, string] => typeof e[1] === 'string')
      .filter(([, range]) => !semver.subset(declared, range))
      .map(([name, range]) => `${name} wants node ${range}`);
    expect(narrower).toEqual([]);
  });

  it('admits the Node this runs on', () => {
    expect(semver.satisfies(process.versions.node, pkg.engines.node)).toBe(true);
  });
});
