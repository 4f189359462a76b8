import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { PrivateNatsServer } from '../private-nats.server.js';
import { workspaceRoot } from './service-process.js';

describe('npm run demo -- --once', () => {
  let nats: PrivateNatsServer;
  beforeAll(async () => {
    nats = await PrivateNatsServer.start();
  });
  afterAll(async () => {
    await nats?.stop();
  });

  it('runs the whole demo script and exits 0', async () => {
    // The demo uses the NATS it is given: this test's own, so its events reach no other test.
    const child = spawn(process.execPath, ['--import', '@swc-node/register/esm-register', 'libs/testing/bin/demo.ts', '--once'], {
      cwd: workspaceRoot,
      env: { ...process.env, NODE_OPTIONS: '', NATS_URL: nats.url },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    const [code] = (await once(child, 'exit')) as [number | null];
    expect([code, code === 0 ? '' : out.slice(-3000)]).toEqual([0, '']);
    expect(out).toMatch(/Backfilled \d+ calls with \d+ Gong requests/);
    expect(out).toMatch(/webhook -> call\.indexed in \d+ ms/);
    expect(out).toMatch(/rep .*\n.*sees \d+ calls? of .* \(\d+ of its \d+ withheld\)|rep .*\n.*sees no call/);
    // Each of the three users gets passages for the natural-language question (issue: answers an agent can use).
    for (const who of ['rep', 'manager', 'admin']) {
      const section = out.slice(out.indexOf(`  ${who} `)).split(/\n {2}\S/)[0]!;
      expect({ who, passages: /\n\s+> \[(customer|rep)/.test(section) }).toEqual({ who, passages: true });
    }
    expect(out).toContain('MCP endpoint');
  }, 600_000);
});
