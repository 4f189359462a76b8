import { describe, expect, it } from '@jest/globals';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkBoundaries } from './check-boundaries.js';

const here = dirname(fileURLToPath(import.meta.url));
const workspaceRoot = join(here, '..', '..', '..', '..');
const fixture = join(here, '..', '..', 'test', 'fixtures', 'bad-core');

describe('module boundary check', () => {
  const violations = checkBoundaries(fixture);

  it('fails a core lib that imports @nestjs/common', () => {
    expect(violations).toContainEqual(
      expect.objectContaining({ file: 'libs/quota/src/grant.service.ts', line: 1, rule: 'pure-core' }),
    );
  });

  it('fails an app importing another app, by name or by relative path, and the cycle it makes', () => {
    const rules = violations.map((v) => `${v.file} ${v.rule}`);
    expect(rules).toContain('apps/ingest/src/main.ts app-to-app');
    expect(rules).toContain('apps/agent-api/src/index.ts import-by-package-name');
    expect(violations.filter((v) => v.rule === 'no-cycles').map((v) => v.message)).toEqual([
      expect.stringMatching(/dependency cycle: (ingest -> agent-api -> ingest|agent-api -> ingest -> agent-api)/),
    ]);
  });

  it('fails an app that imports typeorm, in its source and in its tests alike', () => {
    const orm = violations.filter((v) => v.rule === 'no-orm-in-apps').sort((a, b) => a.file.localeCompare(b.file));
    expect(orm).toEqual([
      expect.objectContaining({ file: 'apps/agent-api/test/harness.ts', line: 2 }),
      expect.objectContaining({ file: 'apps/ingest/src/calls/call.store.ts', line: 1 }),
    ]);
    expect(orm[0]!.message).toMatch(/agent-api is an app and may not import "typeorm"/);
  });

  it('lets a core lib import contracts', () => {
    expect(violations.filter((v) => v.file === 'libs/quota/src/grant.service.ts' && v.line === 2)).toEqual([]);
  });

  it('passes on the real workspace', () => {
    expect(checkBoundaries(workspaceRoot)).toEqual([]);
  });
});
