// npm run bench:actions: Engage flow assignments made by agents while a backfill runs. The whole
// stack (each service in its own process) against gong-sim, every Gong request through the one
// quota broker (Gong's 3 requests/s); ingest backfills the sim's history meanwhile (backfill
// priority, the writes interactive). BENCH_USERS (50) users, each with a token of their own
// (gong:engage:write, no auto_confirm), make BENCH_WRITES (1,000) assignments between them over
// REST as an agent does: a preview (POST /v1/engage/flows/assign with an Idempotency-Key), then the
// same request with `confirm` (the write). Each write puts one prospect, never used by another
// write, into a flow with the asking user as owner. On the way, duplicates are provoked:
//  - every BENCH_REPEAT_EVERY-th write's confirmation is sent twice at once (an agent retrying a
//    request it thinks lost); at the end BENCH_LATE_REPEATS earlier keys are sent again;
//  - a share BENCH_SLOW_RATE of assignments is served by gong-sim but answered too late (the
//    slowAnswer fault, past GONG_WRITE_TIMEOUT_MS): the outcome is unknown and the executor reads
//    Gong back before anything is sent again.
// Counted at gong-sim (its write log and request stats, not the answers): duplicate writes (an
// assignment request carrying a prospect an earlier request carried), Gong's 429s, Gong requests
// per write. write_p95_ms is the confirming request (the one that writes to Gong), end to end.
// gong-sim runs as a process of its own, as Gong is a system apart: in this busy process (50 agents)
// its event-loop stalls delayed when the sim saw requests past the broker's safety margin, packing
// more than 3 into one of its 1-second windows. The bench reads it over its /__sim surface.
// The last line is one JSON object.
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { z } from 'zod';
import { loadConfig } from '@gong-connector/platform';
import type { CompanyGroundTruth, Contact, Flow, FlowInstance, StatsSnapshot, WriteLogEntry } from '@gong-connector/gong-sim';
import { waitFor } from '../src/deferred.js';
import { startStack } from '../src/stack/stack.js';

const env = loadConfig(
  z.object({
    BENCH_WRITES: z.coerce.number().int().min(1).default(1_000).describe('Flow assignments to make'),
    BENCH_USERS: z.coerce.number().int().min(1).max(60).default(50).describe('Users making them (one token and one agent each, concurrently)'),
    BENCH_REPEAT_EVERY: z.coerce.number().int().min(1).default(10).describe("Every n-th write's confirmation is sent twice at once"),
    BENCH_LATE_REPEATS: z.coerce.number().int().min(0).default(50).describe('Earlier idempotency keys sent again at the end'),
    BENCH_SLOW_RATE: z.coerce.number().min(0).max(1).default(0.03).describe('Share of assignments gong-sim makes but answers too late (unknown outcome)'),
    BENCH_HISTORY_CALLS: z.coerce.number().int().min(100).default(4_000).describe('Calls of history the backfill replicates meanwhile'),
    BENCH_QUOTA_SAFETY_MARGIN_MS: z.coerce.number().int().min(0).optional().describe("The broker's QUOTA_SAFETY_MARGIN_MS (unset: the product default, 100 ms): an experiment on grant-to-Gong jitter, not the figure"),
    BENCH_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('warn'),
  }),
);
const ASSIGN = 'POST /v2/flows/prospects/assign';
const READ_BACK = 'POST /v2/flows/prospects';
/** agent-api's default (GONG_WRITE_TIMEOUT_MS): a slow answer is held back twice as long. */
const WRITE_TIMEOUT_MS = 15_000;
const say = (line: string) => process.stdout.write(`${line}\n`);
const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');
const pct = (sorted: number[], p: number): number => (sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!);
const round = (x: number) => Math.round(x * 10) / 10;

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- answers read as the bench checks them

say(
  `actions bench: ${env.BENCH_WRITES} flow assignments by ${env.BENCH_USERS} users during a backfill of ${env.BENCH_HISTORY_CALLS} calls` +
    `${env.BENCH_QUOTA_SAFETY_MARGIN_MS === undefined ? '' : ` (QUOTA_SAFETY_MARGIN_MS=${env.BENCH_QUOTA_SAFETY_MARGIN_MS})`}; load average ${load()}`,
);
const startedAt = Date.now();
const stack = await startStack({
  simProcess: true,
  logLevel: env.BENCH_LOG_LEVEL,
  sim: {
    seed: 'actions-bench',
    users: 60,
    // ~4 contacts per account: enough prospects outside any open flow for every write.
    accounts: 450,
    calls: env.BENCH_HISTORY_CALLS,
    days: 90,
    pageSize: 20,
    transcriptPageSize: 10,
    transcriptDelayMs: 0,
  },
  env: {
    'agent-api': { GONG_WRITE_TIMEOUT_MS: String(WRITE_TIMEOUT_MS), AGENT_API_RATE_LIMIT: '100000' },
    ...(env.BENCH_QUOTA_SAFETY_MARGIN_MS === undefined ? {} : { 'quota-broker': { QUOTA_SAFETY_MARGIN_MS: String(env.BENCH_QUOTA_SAFETY_MARGIN_MS) } }),
  },
});
try {
  say(`stack up in ${((Date.now() - startedAt) / 1000).toFixed(1)} s`);
  // gong-sim's own surface (its process is apart from this one).
  const simGet = async <T>(path: string): Promise<T> => {
    const res = await fetch(`${stack.simUrl}${path}`);
    if (!res.ok) throw new Error(`gong-sim ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };
  const sim = {
    company: () => simGet<CompanyGroundTruth>('/__sim/company?calls=false'),
    engage: () => simGet<{ flows: Flow[]; flowInstances: FlowInstance[]; contacts: Contact[] }>('/__sim/engage'),
    writeRequests: async () => (await simGet<{ writes: WriteLogEntry[] }>('/__sim/writes')).writes,
    stats: () => simGet<StatsSnapshot>('/__sim/stats'),
    setFaults: async (faults: unknown) => {
      const res = await fetch(`${stack.simUrl}/__sim/faults`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(faults) });
      if (!res.ok) throw new Error(`gong-sim faults: ${res.status} ${await res.text()}`);
    },
    clearFaults: async () => {
      const res = await fetch(`${stack.simUrl}/__sim/faults`, { method: 'DELETE' });
      if (!res.ok) throw new Error(`gong-sim faults: ${res.status} ${await res.text()}`);
    },
  };
  const api = stack.services['agent-api'].url;
  const broker = stack.services['quota-broker'].url;
  const metric = async (url: string, prefix: string): Promise<number> =>
    (await (await fetch(`${url}/metrics`)).text())
      .split('\n')
      .filter((l) => l.startsWith(prefix))
      .reduce((sum, l) => sum + Number(l.split(' ').pop()), 0);
  const admin = async <T>(url: string, path: string, body: unknown): Promise<T> => {
    const res = await fetch(`${url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${stack.adminToken}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    if (res.status >= 300) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };

  // Who writes, with which flows and prospects (from the sim's company, before any write).
  const truth = await sim.company();
  const d = { ...truth, ...(await sim.engage()) };
  const people = d.users.filter((u) => u.active && !u.isAvatar && u.emailAddress).slice(0, env.BENCH_USERS);
  if (people.length < env.BENCH_USERS) throw new Error(`the sim company has ${people.length} active users, fewer than BENCH_USERS`);
  const flowsOf = (workspaceId: string) => d.flows.filter((f) => f.workspaceId === workspaceId && f.visibility === 'Company' && !f.exclusive).map((f) => f.id);
  const open = new Set(d.flowInstances.filter((i) => ['Pending', 'Running', 'Paused'].includes(i.status)).map((i) => i.crmProspectId));
  const prospects = d.contacts.filter((c) => !open.has(c.crmId)).map((c) => c.crmId);
  if (prospects.length < env.BENCH_WRITES) throw new Error(`only ${prospects.length} prospects outside every open flow: fewer than BENCH_WRITES`);
  const tokens = await Promise.all(
    people.map(async (u) => (await admin<{ token: string }>(api, '/admin/tokens', { kind: 'user', user: u.emailAddress, name: `actions bench ${u.id}`, scopes: ['gong:read', 'gong:engage:write'] })).token),
  );

  interface Write {
    n: number;
    user: number;
    key: string;
    body: { flowId: string; crmProspectIds: string[] };
  }
  const writes: Write[] = Array.from({ length: env.BENCH_WRITES }, (_, n) => {
    const user = n % people.length;
    const flows = flowsOf(people[user]!.workspaceId);
    return { n, user, key: `bench-${people[user]!.id}-${n}`, body: { flowId: flows[n % flows.length]!, crmProspectIds: [prospects[n]!] } };
  });
  const post = async (w: Write, extra: Json = {}): Promise<{ status: number; body: Json; ms: number }> => {
    const t0 = performance.now();
    const res = await fetch(`${api}/v1/engage/flows/assign`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens[w.user]}`, 'content-type': 'application/json', 'idempotency-key': w.key },
      body: JSON.stringify({ ...w.body, ...extra }),
    });
    const body = (await res.json()) as Json;
    return { status: res.status, body, ms: performance.now() - t0 };
  };

  // The replica knows the users once ingest's directory sync has run (a preview changes nothing at Gong).
  const probe = { n: -1, user: 0, key: 'bench-probe', body: { flowId: writes[0]!.body.flowId, crmProspectIds: [prospects[env.BENCH_WRITES]!] } } satisfies Write;
  await waitFor(async () => (await post(probe)).status === 200, 'the writers known to agent-api (directory synced)', { timeoutMs: 120_000, intervalMs: 500 });

  // The backfill, spending quota before the first write.
  await admin(stack.services.ingest.url, '/admin/backfills', { from: truth.range.from, to: truth.range.to });
  await waitFor(async () => (await metric(broker, 'quota_granted_tokens_total{priority="backfill"')) >= 6, 'the backfill spending quota', { timeoutMs: 120_000, intervalMs: 250 });
  say(`backfill running; writers ready ${((Date.now() - startedAt) / 1000).toFixed(1)} s after the start`);

  const logBefore = (await sim.writeRequests()).length;
  const instancesBefore = new Set(d.flowInstances.map((i) => i.id));
  const statsBefore = await sim.stats();
  const backfillBefore = await metric(broker, 'quota_granted_tokens_total{priority="backfill"');
  const at = (s: StatsSnapshot, endpoint: string) => Object.values(s.byEndpoint[endpoint] ?? {}).reduce((a, b) => a + b, 0);
  await sim.setFaults({ slowAnswer: { ms: WRITE_TIMEOUT_MS * 2, rate: env.BENCH_SLOW_RATE, paths: ['/v2/flows/prospects/assign'] } });

  const previewMs: number[] = [];
  const writeMs: number[] = [];
  const done = new Map<string, Json>();
  const problems: string[] = [];
  let reconciled = 0;
  let refusedUnsent = 0;
  let repeatsSent = 0;
  let repeatsReplayed = 0;
  let repeatsStillRunning = 0;
  const problem = (w: Write, what: string, r: { status: number; body: Json }) => {
    const { preview: _p, ...rest } = r.body;
    problems.push(`${w.key}: ${what}: ${r.status} ${JSON.stringify(rest).slice(0, 400)}`);
  };
  /** The answer under a key once it is final (a repeat while the first is running is told so, 429). */
  const settle = async (w: Write): Promise<{ status: number; body: Json }> => {
    for (;;) {
      const r = await post(w);
      if (r.status !== 429) return r;
      repeatsStillRunning++;
      await new Promise((resolve) => setTimeout(resolve, 500)); // an agent told "still running: ask again in a moment"
    }
  };

  const t0 = performance.now();
  let finished = 0;
  const progress = setInterval(() => say(`  ${finished} of ${writes.length} writes done after ${((performance.now() - t0) / 1000).toFixed(0)} s; load average ${load()}`), 30_000);
  await Promise.all(
    people.map(async (_, user) => {
      for (const w of writes.filter((x) => x.user === user)) {
        let preview = await post(w);
        previewMs.push(preview.ms);
        if (preview.status !== 200 || preview.body.status !== 'confirmation_required') {
          problem(w, 'preview', preview);
          continue;
        }
        const confirm = { confirm: preview.body.confirmationId as string };
        let first: { status: number; body: Json; ms: number };
        if ((w.n + 1) % env.BENCH_REPEAT_EVERY === 0) {
          // The agent's retry of a confirmation it thinks lost, while the first is still running.
          const [a, b] = await Promise.all([post(w, confirm), post(w, confirm)]);
          repeatsSent++;
          first = a.body.status === 'done' && !a.body.replayed ? a : b;
          const other = first === a ? b : a;
          if (other.body.replayed === true) repeatsReplayed++;
          else if (other.status === 429) repeatsStillRunning++;
          else problem(w, 'the repeated confirmation', other);
        } else {
          first = await post(w, confirm);
          // Refused before anything reached Gong (no quota permit in time): the key is free again; the agent asks anew.
          while (first.status >= 400 && String(first.body.error?.code ?? '').startsWith('QUOTA_')) {
            refusedUnsent++;
            preview = await post(w);
            if (preview.body.status !== 'confirmation_required') break;
            first = await post(w, { confirm: preview.body.confirmationId as string });
          }
        }
        writeMs.push(first.ms);
        if (first.body.status !== 'done') {
          problem(w, 'confirmation', first);
          continue;
        }
        if (first.body.reconciled === true) reconciled++;
        done.set(w.key, first.body);
        // A repeat answered before the write finished: its final answer is the first one.
        if ((w.n + 1) % env.BENCH_REPEAT_EVERY === 0) {
          const final = await settle(w);
          if (final.body.replayed !== true || JSON.stringify(final.body.gongRequestIds) !== JSON.stringify(first.body.gongRequestIds)) problem(w, 'the settled repeat', final);
        }
        finished++;
      }
    }),
  );
  clearInterval(progress);
  const writeSeconds = (performance.now() - t0) / 1000;
  const loadDuring = loadavg()[0]!;

  // Later repeats: an automation sending earlier keys again (no confirm: the key alone answers).
  const late = [...done.keys()].filter((_, i) => i % Math.max(1, Math.floor(done.size / Math.max(1, env.BENCH_LATE_REPEATS))) === 0).slice(0, env.BENCH_LATE_REPEATS);
  for (const key of late) {
    const w = writes.find((x) => x.key === key)!;
    const r = await settle(w);
    repeatsSent++;
    if (r.body.replayed === true && JSON.stringify(r.body.gongRequestIds) === JSON.stringify(done.get(key)!.gongRequestIds)) repeatsReplayed++;
    else problem(w, 'a later repeat', r);
  }
  await sim.clearFaults();

  // Gong's side: every assignment request that reached it, by prospect.
  const benchProspects = new Set(writes.map((w) => w.body.crmProspectIds[0]!));
  const assignRequests = (await sim.writeRequests()).slice(logBefore).filter((e) => e.endpoint === ASSIGN);
  const requestsByProspect = new Map<string, number>();
  for (const e of assignRequests) {
    for (const p of (e.body as { crmProspectsIds: string[] }).crmProspectsIds) requestsByProspect.set(p, (requestsByProspect.get(p) ?? 0) + 1);
  }
  const duplicateWrites = [...requestsByProspect.values()].reduce((sum, n) => sum + Math.max(0, n - 1), 0);
  const instancesOf = new Map<string, number>();
  const { flowInstances } = await sim.engage();
  for (const i of flowInstances) if (benchProspects.has(i.crmProspectId) && !instancesBefore.has(i.id)) instancesOf.set(i.crmProspectId, (instancesOf.get(i.crmProspectId) ?? 0) + 1);
  const doubleInstances = [...instancesOf.values()].filter((n) => n > 1).length;
  const missing = [...done.keys()].filter((key) => (instancesOf.get(writes.find((w) => w.key === key)!.body.crmProspectIds[0]!) ?? 0) !== 1).length;
  const statsAfter = await sim.stats();
  const readBacks = at(statsAfter, READ_BACK) - at(statsBefore, READ_BACK);
  const upstream429s = statsAfter.byStatus['429'] ?? 0;
  for (const [endpoint, byStatus] of Object.entries(statsAfter.byEndpoint)) if (byStatus['429']) say(`  429 at ${endpoint}: ${byStatus['429']}`);
  const backfillDuring = (await metric(broker, 'quota_granted_tokens_total{priority="backfill"')) - backfillBefore;
  writeMs.sort((a, b) => a - b);
  previewMs.sort((a, b) => a - b);

  const figures = {
    writes: done.size,
    users: people.length,
    write_p50_ms: round(pct(writeMs, 50)),
    write_p95_ms: round(pct(writeMs, 95)),
    write_max_ms: round(writeMs.at(-1) ?? 0),
    preview_p95_ms: round(pct(previewMs, 95)),
    writes_per_s: round(done.size / writeSeconds),
    duplicate_writes: duplicateWrites,
    double_flow_instances: doubleInstances,
    done_but_not_in_gong: missing,
    upstream_429s: upstream429s,
    gong_requests_per_write: Number(((assignRequests.length + readBacks) / Math.max(1, done.size)).toFixed(3)),
    gong_assign_requests: assignRequests.length,
    gong_read_backs: readBacks,
    unknown_outcomes_reconciled: reconciled,
    repeated_keys_sent: repeatsSent,
    repeats_replayed: repeatsReplayed,
    repeats_told_still_running: repeatsStillRunning,
    failed_or_wrong_answers: problems.length,
    refused_unsent_then_asked_again: refusedUnsent,
    backfill_tokens_during: backfillDuring,
    confirm_flow: 'preview_then_confirm',
    quota_safety_margin_ms: env.BENCH_QUOTA_SAFETY_MARGIN_MS ?? 100,
    load_avg_1m: Number(loadDuring.toFixed(2)),
  };
  for (const p of problems.slice(0, 10)) say(`  problem: ${p}`);
  say(`${figures.writes} of ${writes.length} flow assignments done by ${figures.users} users in ${writeSeconds.toFixed(0)} s (${figures.writes_per_s}/s; Gong allows 3 requests/s to the whole company)`);
  say(`  confirming request (the write): p50 ${figures.write_p50_ms} ms, p95 ${figures.write_p95_ms} ms, max ${figures.write_max_ms} ms; preview p95 ${figures.preview_p95_ms} ms`);
  say(`  at gong-sim: ${figures.gong_assign_requests} assignment requests and ${readBacks} read-backs = ${figures.gong_requests_per_write} Gong requests per write; ${duplicateWrites} duplicate writes; ${upstream429s} 429s`);
  say(`  ${reconciled} unknown outcomes (answer held past the ${WRITE_TIMEOUT_MS} ms write timeout) reconciled by reading Gong back; ${doubleInstances} prospects with two flow instances; ${missing} writes answered done but not in Gong`);
  say(`  ${repeatsSent} repeated idempotency keys: ${repeatsReplayed} answered with the first result, ${repeatsStillRunning} times told the first was still running; ${problems.length} failed or wrong answers; ${refusedUnsent} refused unsent (no quota permit in time) and asked again`);
  say(`  backfill meanwhile: ${backfillDuring} Gong requests at backfill priority; load average ${load()}`);
  say(JSON.stringify(figures));
} finally {
  await stack.stop();
}
