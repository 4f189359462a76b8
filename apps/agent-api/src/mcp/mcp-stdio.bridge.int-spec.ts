import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { Client as V1Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport as V1StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { waitFor } from '@gong-connector/testing';
import { CALLS, USERS, startAgentApi, type AgentApiTestApp } from '../../test/agent-api.fixture.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');
const bridgeBin = join(root, 'apps', 'agent-api', 'bin', 'gong-connector-mcp.mjs');

/** Pids of live processes whose environment carries `marker` (the bridge, and npm and its shell when launched through npm). */
function processesMarked(marker: string): { pid: number; cmdline: string }[] {
  const found: { pid: number; cmdline: string }[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const environ = readFileSync(`/proc/${entry}/environ`, 'latin1');
      const stat = readFileSync(`/proc/${entry}/stat`, 'latin1');
      if (/\) Z /.test(stat)) continue; // a zombie has exited; only its parent's wait is missing
      if (environ.split('\0').includes(`GC_BRIDGE_TEST=${marker}`)) found.push({ pid: Number(entry), cmdline: readFileSync(`/proc/${entry}/cmdline`, 'latin1').split('\0').join(' ') });
    } catch {
      // gone meanwhile, or not ours to read
    }
  }
  return found;
}

/**
 * Waits (bounded) until no process carries the marker; returns what is left. A process that is not
 * our child has no exit event to wait on, so /proc is polled (testing's waitFor).
 */
async function leftAfterExit(marker: string, timeoutMs = 10_000): Promise<{ pid: number; cmdline: string }[]> {
  await waitFor(() => processesMarked(marker).length === 0, 'the bridge processes to exit', { timeoutMs, intervalMs: 50 }).catch(() => undefined);
  return processesMarked(marker);
}

describe('the MCP stdio bridge, launched as README tells desktop clients, against a running agent API', () => {
  let app: AgentApiTestApp;
  let token: string;
  let dir: string;
  let tokenFile: string;

  beforeAll(async () => {
    app = await startAgentApi();
    token = await app.token({ user: USERS.alice.email });
    dir = mkdtempSync(join(tmpdir(), 'gc-bridge-'));
    tokenFile = join(dir, 'token');
    writeFileSync(tokenFile, `${token}\n`, { mode: 0o600 });
  });

  afterAll(async () => {
    await app?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const env = (marker: string): Record<string, string> => ({ PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? dir, AGENT_API_URL: app.service.url, AGENT_API_TOKEN_FILE: tokenFile, GC_BRIDGE_TEST: marker });

  it('node bin/gong-connector-mcp.mjs with AGENT_API_TOKEN_FILE: the v2 client (2026-07-28) works through it; closing the client leaves no process', async () => {
    const marker = randomUUID();
    const transport = new StdioClientTransport({ command: process.execPath, args: [bridgeBin], env: env(marker), stderr: 'pipe' });
    const client = new Client({ name: 'desktop', version: '1.0.0' }, { versionNegotiation: { mode: { pin: '2026-07-28' } } });
    await client.connect(transport);
    expect(client.getNegotiatedProtocolVersion()).toBe('2026-07-28');
    const running = processesMarked(marker);
    expect(running.map((p) => p.pid)).toContain(transport.pid);
    for (const p of running) expect(p.cmdline).not.toContain(token);

    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toContain('search_calls');
    const hits = await client.callTool({ name: 'search_calls', arguments: { q: 'budget' } });
    expect(new Set((hits.structuredContent as { passages: { callId: string }[] }).passages.map((p) => p.callId))).toEqual(new Set([CALLS.aliceAcme]));

    await client.close();
    await expect(leftAfterExit(marker)).resolves.toEqual([]);
  });

  it('npm run -s mcp:stdio with AGENT_API_TOKEN: the v1 client (2025-11-25) works through it; closing it leaves neither npm nor the bridge', async () => {
    const marker = randomUUID();
    const transport = new V1StdioClientTransport({ command: 'npm', args: ['run', '-s', 'mcp:stdio'], cwd: root, env: { ...env(marker), AGENT_API_TOKEN: token, AGENT_API_TOKEN_FILE: '' }, stderr: 'pipe' });
    const client = new V1Client({ name: 'desktop-v1', version: '1.0.0' });
    await client.connect(transport);
    const running = processesMarked(marker);
    expect(running.some((p) => p.cmdline.includes('gong-connector-mcp.mjs'))).toBe(true);
    for (const p of running) expect(p.cmdline).not.toContain(token);
    const who = await client.callTool({ name: 'whoami', arguments: {} });
    expect(who.structuredContent).toMatchObject({ user: { id: USERS.alice.id } });
    // The 2025 revision the initialize answer named travels on the requests after it.
    const listed = await client.callTool({ name: 'list_calls', arguments: {} });
    expect((listed.structuredContent as { calls: { id: string }[] }).calls.map((c) => c.id)).toEqual([CALLS.aliceAcme]);

    await client.close();
    await expect(leftAfterExit(marker)).resolves.toEqual([]);
  });

  it('exits on SIGTERM', async () => {
    const marker = randomUUID();
    const transport = new StdioClientTransport({ command: process.execPath, args: [bridgeBin], env: env(marker), stderr: 'pipe' });
    const client = new Client({ name: 'desktop', version: '1.0.0' });
    await client.connect(transport);
    const pid = transport.pid!;
    const exited = new Promise<void>((resolve) => (transport.onclose = () => resolve()));
    process.kill(pid, 'SIGTERM');
    await exited;
    await expect(leftAfterExit(marker)).resolves.toEqual([]);
  });

  it('refuses --token with a message saying to use the environment or a file, and a missing token likewise', () => {
    const withFlag = spawnSync(process.execPath, [bridgeBin, '--token', 'gca_secret'], { env: { PATH: process.env.PATH ?? '' }, encoding: 'utf8', input: '' });
    expect(withFlag.status).toBe(2);
    expect(withFlag.stderr).toMatch(/--token is refused.*AGENT_API_TOKEN.*AGENT_API_TOKEN_FILE/s);
    const none = spawnSync(process.execPath, [bridgeBin], { env: { PATH: process.env.PATH ?? '' }, encoding: 'utf8', input: '' });
    expect(none.status).toBe(2);
    expect(none.stderr).toMatch(/no token: set AGENT_API_TOKEN, or AGENT_API_TOKEN_FILE/);
    const unreadable = spawnSync(process.execPath, [bridgeBin], { env: { PATH: process.env.PATH ?? '', AGENT_API_TOKEN_FILE: join(dir, 'missing') }, encoding: 'utf8', input: '' });
    expect(unreadable.status).toBe(2);
    expect(unreadable.stderr).toMatch(/cannot read AGENT_API_TOKEN_FILE .*ENOENT/);
  });
});
