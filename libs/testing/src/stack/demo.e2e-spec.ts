import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { workspaceRoot } from './service-process.js';

// The demo as the README tells a new user to run it, on a machine where nothing listens on the
// PostgreSQL and NATS it is pointed at (unused ports here), so it starts the embedded PostgreSQL and
// a nats-server of its own. Then what the README says to do next: read .demo/connection.env, create
// a token with `npm run admin` (which finds the database there), and use it with the MCP SDK client.

async function unusedPort(): Promise<number> {
  const s = createServer();
  s.listen(0, '127.0.0.1');
  await once(s, 'listening');
  const port = (s.address() as { port: number }).port;
  s.close();
  await once(s, 'close');
  return port;
}

function parseEnv(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const m = /^([A-Z_][A-Z0-9_]*)='(.*)'$/.exec(line.trim());
    if (m) out[m[1]!] = m[2]!;
  }
  return out;
}

/** The environment of a machine with nothing on the ports the demo looks at. */
async function emptyMachineEnv(): Promise<NodeJS.ProcessEnv> {
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_OPTIONS: '' };
  delete env.DATABASE_SCHEMA;
  env.DATABASE_URL = `postgres://postgres@127.0.0.1:${await unusedPort()}/test`;
  env.NATS_URL = `nats://127.0.0.1:${await unusedPort()}`;
  return env;
}

/** `npm run ...` in a process group of its own, so a Ctrl-C can reach all of it, as a terminal's does. */
function run(args: string[], env: NodeJS.ProcessEnv): { child: ChildProcess; output: () => string; stdout: () => string; exited: Promise<number | null>; closed: Promise<unknown> } {
  const child = spawn('npm', ['run', '--silent', ...args], { cwd: workspaceRoot, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let out = '';
  let stdout = '';
  child.stdout!.on('data', (c: Buffer) => ((out += c.toString()), (stdout += c.toString())));
  child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  // npm may exit first on a Ctrl-C; the demo under it is done when the output closes.
  const closed = once(child, 'close');
  return { child, output: () => out, stdout: () => stdout, exited, closed };
}

/** The processes still in a process group (Linux /proc: the 5th field of /proc/<pid>/stat is the group). */
function processesInGroup(pgid: number): string[] {
  const left: string[] = [];
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      // pid (comm) state ppid pgrp ...: comm may hold spaces and parentheses, so split after the last ')'.
      const close = stat.lastIndexOf(')');
      const [state, , pgrp] = stat.slice(close + 2).split(' ');
      if (Number(pgrp) === pgid) left.push(`${pid} ${stat.slice(stat.indexOf('(') + 1, close)} ${state}`);
    } catch {
      // gone while reading
    }
  }
  return left;
}

/** Waits (polling /proc, not sleeping for a set time) until no process is left in the group, or the deadline. */
async function processGroupGone(pgid: number, withinMs: number): Promise<{ gone: boolean; left: string[] }> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    const left = processesInGroup(pgid);
    if (left.length === 0) return { gone: true, left };
    if (Date.now() > deadline) return { gone: false, left };
    await new Promise((r) => setTimeout(r, 200));
  }
}

const dataFolderOf = (out: string): string | undefined => /data folder (\S+) goes when/.exec(out)?.[1];

describe('the first hour: npm run demo, then the next commands', () => {
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    env = await emptyMachineEnv();
  });

  it('npm run demo -- --once: every step, on embedded PostgreSQL and nats-server, and leaves nothing behind', async () => {
    const demo = run(['demo', '--', '--once'], env);
    const code = await demo.exited;
    const out = demo.output();
    expect([code, code === 0 ? '' : out.slice(-3000)]).toEqual([0, '']);
    expect(out).toContain('starting an embedded PostgreSQL');
    expect(out).toMatch(/started nats-server with JetStream at nats:\/\/127\.0\.0\.1:\d+/);
    for (const service of ['quota-broker', 'access', 'transcript-processor', 'ingest', 'agent-api']) expect(out).toMatch(new RegExp(`${service} +ready in +[\\d.]+ s`));
    expect(out).toMatch(/Backfill: the whole seeded history, \d{4}-\d\d-\d\d to \d{4}-\d\d-\d\d \(\d+ calls\)/);
    expect(out).not.toContain('NFs');
    expect(out).toMatch(/Backfilled \d+ calls \(\d+ with transcripts\) with \d+ Gong requests/);
    expect(out).toMatch(/The backfill is indexed/);
    expect(out).toMatch(/p50 \d+ ms, p95 \d+ ms/);
    // Each of the three users: the question, passages, and what was withheld and why.
    for (const who of ['rep', 'manager', 'admin']) {
      const section = out.slice(out.indexOf(`  ${who} `)).split(/\n {2}\S/)[0]!;
      expect({ who, asks: section.includes('asks: "'), withheld: /withheld \d+/.test(section), passages: (section.match(/\n\s+> \[(customer|rep)/g) ?? []).length }).toEqual({
        who,
        asks: true,
        withheld: true,
        passages: 2,
      });
    }
    expect(out).toMatch(/rep .*\n.*\n.*withheld \d+: .*(private|other team|not in profile)/);
    expect(out).toContain('"mcpServers"');
    expect(out).toMatch(/Metrics +transcript-processor +http:\/\/127\.0\.0\.1:\d+\/metrics/);
    // --once stops everything: the database's folder and the connection file are gone.
    const folder = dataFolderOf(out);
    expect(folder).toBeDefined();
    expect(existsSync(folder!)).toBe(false);
    expect(existsSync(join(workspaceRoot, '.demo', 'connection.env'))).toBe(false);
  }, 900_000);

  describe('npm run demo, kept running', () => {
    let demo: ReturnType<typeof run> | undefined;
    afterAll(async () => {
      if (demo && demo.child.stdout?.readable) {
        try {
          process.kill(-demo.child.pid!, 'SIGKILL');
        } catch {
          // already gone
        }
        await demo.closed;
      }
    });

    it('writes .demo/connection.env; npm run admin makes a token there that works over MCP; Ctrl-C stops it all within seconds', async () => {
      demo = run(['demo'], env);
      const started = Date.now();
      while (!demo.output().includes('Ctrl-C stops it') && demo.child.exitCode === null && Date.now() - started < 900_000) {
        await new Promise((r) => setTimeout(r, 500));
      }
      expect(demo.output()).toContain('Ctrl-C stops it');
      const file = join(workspaceRoot, '.demo', 'connection.env');
      const conn = parseEnv(readFileSync(file, 'utf8'));
      expect(Object.keys(conn)).toEqual(
        expect.arrayContaining(['GC_REST_URL', 'GC_MCP_URL', 'GC_DOCS_URL', 'GC_REP_EMAIL', 'GC_REP_TOKEN', 'GC_MANAGER_EMAIL', 'GC_ADMIN_EMAIL', 'DATABASE_URL', 'DATABASE_SCHEMA', 'GC_METRICS_INGEST', 'GC_GONG_SIM_ADMIN_URL', 'GC_CLAUDE_DESKTOP_JSON']),
      );
      expect(JSON.parse(conn.GC_CLAUDE_DESKTOP_JSON!)).toMatchObject({ mcpServers: { 'gong-connector': { env: { AGENT_API_TOKEN: conn.GC_REP_TOKEN } } } });

      // npm run admin reads the database from the file (DATABASE_URL and DATABASE_SCHEMA unset).
      const adminEnv = { ...env };
      delete adminEnv.DATABASE_URL;
      delete adminEnv.DATABASE_SCHEMA;
      const admin = run(['admin', '--', 'tokens', 'create', '--user', conn.GC_MANAGER_EMAIL!, '--name', 'e2e'], adminEnv);
      const adminCode = await admin.exited;
      expect([adminCode, adminCode === 0 ? '' : admin.output()]).toEqual([0, '']);
      expect(admin.output()).toContain('from .demo/connection.env');
      const token = admin.stdout().trim().split('\n').at(-1)!.trim();
      expect(token).toMatch(/^gca_/);

      const client = new Client({ name: 'first-hour', version: '1.0.0' });
      await client.connect(new StreamableHTTPClientTransport(new URL(conn.GC_MCP_URL!), { requestInit: { headers: { authorization: `Bearer ${token}` } } }));
      try {
        const { tools } = await client.listTools();
        expect(tools.map((t) => t.name)).toEqual(expect.arrayContaining(['whoami', 'search_calls']));
        const who = await client.callTool({ name: 'whoami', arguments: {} });
        expect(JSON.stringify(who.content)).toContain(conn.GC_MANAGER_EMAIL!);
      } finally {
        await client.close();
      }
      // The rep's token from the file works on REST, and /v1/me says what the rep sees per workspace.
      const me = await fetch(`${conn.GC_REST_URL}/me`, { headers: { authorization: `Bearer ${conn.GC_REP_TOKEN}` } });
      expect(me.status).toBe(200);
      const body = (await me.json()) as { user: { email: string }; access: { workspaces: unknown[] } };
      expect(body.user.email).toBe(conn.GC_REP_EMAIL);
      expect(body.access.workspaces.length).toBeGreaterThan(0);

      // Ctrl-C (SIGINT to the whole process group, as a terminal sends it): everything the demo
      // started stops within seconds, and its folders go.
      const folder = dataFolderOf(demo.output());
      const t0 = Date.now();
      process.kill(-demo.child.pid!, 'SIGINT');
      await demo.closed;
      const stopped = /Stopped in [\d.]+ s; temporary folders removed/.test(demo.output());
      expect({ withinSeconds: Date.now() - t0 < 20_000, stopped, tail: stopped ? '' : demo.output().slice(-1500) }).toEqual({ withinSeconds: true, stopped: true, tail: '' });
      expect(existsSync(folder!)).toBe(false);
      expect(existsSync(file)).toBe(false);
      // No process the demo started is left: the services, gong-sim, the embedded PostgreSQL (and
      // its backends) and the nats-server all ran in the demo's process group. (Not checked by
      // probing their ports: on a busy machine another program may already have been given one.)
      expect(await processGroupGone(demo.child.pid!, 20_000)).toEqual({ gone: true, left: [] });
    }, 1_200_000);
  });
});
