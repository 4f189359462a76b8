// npm run bench:deals [-- --seed 42 --deals 300 --calls 300]: how well the deal-risk score separates
// lost from won deals. gong-sim seeds deals whose hidden health drives, with noise, both what their
// calls show and whether they are won; this bench reads only what Gong's API serves (calls
// extensive with CRM context at the time of each call, transcripts), maps it as the replica does,
// scores each closed deal as of its close date and prints the ROC AUC of the score against "lost".
// The scorer (libs/replica deals) never imports gong-sim. Then it replicates the same company into a
// schema of its own (directory, permission profiles, calls through CallStore, which fills the deals
// tables), scores the closed deals again from those tables (the --replica path), and serves
// GET /v1/deals/{id}/risk (the REST twin of the deal_risk tool) from an agent-api process to 32
// concurrent users who own deals: deal_risk_p95_ms_32, with the load average.
// `--replica [--schema S]` scores the replicated closed deals of a deployment (DATABASE_URL) only.
// Prints figures; the last line is JSON.
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { CallDataSchema, CallTranscriptSchema, GongClient, LocalPacer, parseGongJson, type CallData, type CallTranscript } from '@gong-connector/gong-client';
import { AccessRepository, Database, DealRepository, dropSchema, type DealRecord } from '@gong-connector/persistence';
import { CallRecordMapper, DealRiskScorer, DealSignalsMapper, DirectorySync, ExtensiveContentSelector, type DealSignals } from '@gong-connector/replica';
import { startGongSim, type GongSim } from '@gong-connector/gong-sim';
import { RocAuc } from '../src/bench/roc-auc.js';
import { competitorTrendsFigures, meetingPrepFigures } from './child-bench.section.js';
import { scoreReplicatedClosedDeals, type ScoredClosedDeal } from '../src/bench/replica-closed-deals.js';
import { freePort, permissionProfilesOf, startServiceProcess, type ServiceProcess } from '../src/gong-sim.js';
import { PrivateNatsServer } from '../src/private-nats.server.js';
import { testServices } from '../src/test-services.js';
import { replicateSim } from '../src/sim-replica.js';

const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: '42' },
    deals: { type: 'string', default: '300' },
    calls: { type: 'string', default: '0' },
    replica: { type: 'boolean', default: false },
    schema: { type: 'string' },
    requests: { type: 'string', default: '20' },
  },
});
const say = (line: string) => process.stdout.write(`${line}\n`);
const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');
const pct = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

/** ROC AUC of the score against "lost", and each factor's alone. */
function report(scored: ReadonlyArray<{ risk: ScoredClosedDeal['risk']; lost: boolean }>, label: string): number {
  const auc = RocAuc.of(scored.map((s) => ({ score: s.risk.score, positive: s.lost })));
  const wonN = scored.filter((s) => !s.lost).length;
  say(`${label}: closed deals ${scored.length} (${wonN} won, ${scored.length - wonN} lost); ROC AUC of the risk score vs lost: ${auc.toFixed(3)}`);
  const factorNames = scored[0]?.risk.factors.map((f) => f.name) ?? [];
  for (const name of factorNames) {
    const a = RocAuc.of(scored.map((s) => ({ score: s.risk.factors.find((f) => f.name === name)!.risk, positive: s.lost })));
    const avg = (lost: boolean) => {
      const xs = scored.filter((s) => s.lost === lost).map((s) => s.risk.factors.find((f) => f.name === name)!.risk);
      return xs.reduce((x, y) => x + y, 0) / Math.max(1, xs.length);
    };
    say(`  factor ${name.padEnd(24)} AUC alone ${a.toFixed(3)}; mean risk won ${avg(false).toFixed(2)}, lost ${avg(true).toFixed(2)}`);
  }
  return auc;
}

if (values.replica) {
  // A deployment's replica: the deals tables and stored calls at DATABASE_URL (schema --schema), read only.
  const { databaseUrl } = testServices();
  const db = await Database.openMigrated({ url: databaseUrl, ...(values.schema ? { schema: values.schema } : {}), poolSize: 4, applicationName: 'bench-deals-replica' });
  try {
    say(`deals bench (--replica): the replicated closed deals of ${values.schema ?? 'the default schema'}; load average ${load()}`);
    const t0 = performance.now();
    const scored = await scoreReplicatedClosedDeals(db);
    if (scored.length === 0 || scored.every((s) => s.lost) || scored.every((s) => !s.lost)) {
      say(`no AUC: the replica holds ${scored.length} closed deals (${scored.filter((s) => s.lost).length} lost); it needs won and lost ones`);
    }
    const auc = report(scored, 'replica');
    say(`scored in ${((performance.now() - t0) / 1000).toFixed(1)} s; load average ${load()}`);
    say(
      JSON.stringify({
        source: 'replica',
        deals_closed: scored.length,
        deals_won: scored.filter((s) => !s.lost).length,
        deal_risk_auc: Number.isFinite(auc) ? Number(auc.toFixed(4)) : null,
        load_average_1m: Number(loadavg()[0]!.toFixed(2)),
      }),
    );
  } finally {
    await db.close();
  }
  process.exit(0);
}

const seed = values.seed!;
const deals = Number(values.deals);
say(`deals bench: seed ${seed}, ${deals} seeded deals among ${values.calls} other calls; load average ${load()}`);
const sim = await startGongSim({ port: 0, seed, deals, calls: Number(values.calls), accounts: 80, days: 180, anchorDate: '2026-01-01', ratePerSecond: 1_000_000, dailyLimit: 1_000_000_000 });
try {
  const headers = { authorization: sim.credentials.basicAuthorization, 'content-type': 'application/json' };
  const post = async (path: string, body: unknown): Promise<Record<string, unknown>> => {
    const res = await fetch(`${sim.baseUrl}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
    if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return parseGongJson(await res.text()) as Record<string, unknown>;
  };
  let gongRequests = 0;
  const calls: CallData[] = [];
  for (let cursor: string | undefined; ; ) {
    const page = await post('/v2/calls/extensive', { filter: { fromDateTime: '2025-01-01T00:00:00Z', toDateTime: '2026-01-02T00:00:00Z' }, contentSelector: ExtensiveContentSelector.selector, ...(cursor ? { cursor } : {}) });
    gongRequests++;
    for (const c of page.calls as unknown[]) calls.push(CallDataSchema.parse(c));
    cursor = (page.records as { cursor?: string }).cursor;
    if (!cursor) break;
  }
  const dealCalls = calls.filter((c) => (c.context ?? []).some((b) => (b.objects ?? []).some((o) => o.objectType === 'Opportunity')));
  const transcripts = new Map<string, CallTranscript>();
  for (let i = 0; i < dealCalls.length; i += 100) {
    const callIds = dealCalls.slice(i, i + 100).map((c) => c.metaData.id);
    for (let cursor: string | undefined; ; ) {
      const page = await post('/v2/calls/transcript', { filter: { callIds }, ...(cursor ? { cursor } : {}) });
      gongRequests++;
      for (const t of page.callTranscripts as unknown[]) {
        const parsed = CallTranscriptSchema.parse(t);
        transcripts.set(parsed.callId, parsed);
      }
      cursor = (page.records as { cursor?: string }).cursor;
      if (!cursor) break;
    }
  }
  const fetchedAt = new Date().toISOString();
  const all = DealSignalsMapper.toDeals(
    dealCalls.map((c) => {
      const t = transcripts.get(c.metaData.id);
      return { call: CallRecordMapper.toCallRecord(c), transcript: t ? CallRecordMapper.toTranscriptRecord(t, fetchedAt) : null, visible: true };
    }),
  );
  say(`read ${calls.length} calls (${dealCalls.length} with an opportunity, ${transcripts.size} transcripts) in ${gongRequests} Gong requests: ${all.length} deals`);

  // Closed deals, judged as of their close date (end of that day), from calls up to then.
  const closed = all
    .filter((d) => d.stage === 'Closed Won' || d.stage === 'Closed Lost')
    .map((deal) => ({ deal, asOf: `${deal.closeDate}T23:59:59Z`, lost: deal.stage === 'Closed Lost' }));
  const medians = DealRiskScorer.stageMedianDays(closed);
  const timings: number[] = [];
  const scored = closed.map(({ deal, asOf, lost }) => {
    const t0 = performance.now();
    const risk = DealRiskScorer.score(deal, { asOf, stageMedianDays: medians });
    timings.push(performance.now() - t0);
    return { risk, lost };
  });
  // The score's AUC, and per factor how much each one alone separates lost from won.
  const auc = report(scored, 'Gong API');
  const wonN = scored.filter((s) => !s.lost).length;
  const truth = sim.groundTruth({ includeCalls: false }).deals ?? [];
  const agree = closed.filter((c) => truth.find((t) => t.opportunityCrmId === c.deal.dealId)?.outcome === (c.lost ? 'lost' : 'won')).length;
  say(`outcomes read from CRM context agree with the simulator's ground truth for ${agree}/${closed.length} closed deals`);
  const sortedT = [...timings].sort((a, b) => a - b);
  const scoreP95 = sortedT.length ? pct(sortedT, 95) : 0;
  say(`scoring one deal in process: p95 ${scoreP95.toFixed(3)} ms; load average ${load()}`);
  const openDeals: DealSignals[] = all.filter((d) => !closed.some((c) => c.deal === d));
  say(`open deals: ${openDeals.length}`);
  const competitorTrends = await competitorTrendsFigures();
  const meetingPrep = await meetingPrepFigures();

  const served = await replicateAndServe(sim, Number(values.requests));
  say(
    JSON.stringify({
      seed,
      deals_closed: scored.length,
      deals_won: wonN,
      deal_risk_auc: Number(auc.toFixed(4)),
      deal_risk_score_p95_ms: Number(scoreP95.toFixed(3)),
      deal_risk_auc_replica: served.aucReplica === null ? null : Number(served.aucReplica.toFixed(4)),
      deal_risk_p50_ms_32: served.p50,
      deal_risk_p95_ms_32: served.p95,
      deal_risk_requests_32: served.requests,
      deal_risk_errors_32: served.errors,
      load_average_1m_during_32: served.loadDuring,
      meeting_prep_p95_ms_1: meetingPrep?.meeting_prep_p95_ms_1 ?? null,
      meeting_prep_gong_requests: meetingPrep?.meeting_prep_gong_requests ?? null,
      competitor_trends_p95_ms_32: competitorTrends?.competitor_trends_p95_ms_32 ?? null,
      gong_requests_read: gongRequests,
      load_average_1m: Number(loadavg()[0]!.toFixed(2)),
    }),
  );
} finally {
  await sim.close();
}

/**
 * Replicates the simulated company into a schema of its own as ingest does (directory, permission
 * profiles, calls and transcripts through CallStore, which fills the deals tables), scores its closed
 * deals from those tables, then serves GET /v1/deals/{id}/risk from an agent-api process to 32
 * concurrent users who own deals (each asking about the deals their dealsAccess shows them).
 */
async function replicateAndServe(sim: GongSim, requestsPerUser: number): Promise<{ aucReplica: number | null; p50: number | null; p95: number | null; requests: number; errors: number; loadDuring: number }> {
  const CONCURRENCY = 32;
  const { databaseUrl } = testServices();
  const schema = `bench_deals_${Date.now().toString(36)}`;
  const db = await Database.open({ url: databaseUrl, schema, poolSize: 8, applicationName: 'bench-deals' });
  let nats: PrivateNatsServer | undefined;
  let agent: ServiceProcess | undefined;
  try {
    const t0 = performance.now();
    const gong = new GongClient({ baseUrl: sim.baseUrl, auth: { kind: 'basic', ...sim.credentials }, permits: new LocalPacer({ requestsPerSecond: 1000 }) }).withPriority('backfill');
    await new DirectorySync(db, gong).run({ force: true });
    await new AccessRepository(db).replaceAllProfiles(permissionProfilesOf(sim.groundTruth()), new Date());
    const { calls } = await replicateSim(sim, db, { requestsPerSecond: 1000 });
    const dealsRepo = new DealRepository(db);
    const stored = await dealsRepo.count();
    say(`replicated ${calls.length} calls into schema ${schema} in ${((performance.now() - t0) / 1000).toFixed(1)} s: ${stored.deals} deals, ${stored.links} deal-call links`);
    const replicaScored = await scoreReplicatedClosedDeals(db);
    const aucReplica = report(replicaScored, 'replica (our tables)');

    nats = await PrivateNatsServer.start();
    const port = await freePort();
    const adminToken = `bench-admin-${Date.now().toString(36)}`;
    agent = await startServiceProcess(
      'agent-api',
      {
        HOST: '127.0.0.1',
        PORT: String(port),
        LOG_LEVEL: 'warn',
        NATS_URL: nats.url,
        DATABASE_URL: databaseUrl,
        DATABASE_SCHEMA: schema,
        AGENT_API_ACCESS_SOURCE: 'replica',
        AGENT_API_ADMIN_TOKEN: adminToken,
        AGENT_API_RATE_LIMIT: '1000000',
        AGENT_API_LIVE_FALLBACK: 'false',
      },
      { port },
    );
    const all: DealRecord[] = await dealsRepo.list({ owners: 'everyone', limit: 1000 });
    const owners = [...new Set(all.map((d) => d.ownerUserId).filter((x): x is string => x !== null))];
    const emails = new Map(((await db.query('SELECT id, email FROM gong_users WHERE id = ANY($1::text[])', [owners])) as { id: string; email: string | null }[]).map((r) => [r.id, r.email]));
    const askers: Array<{ token: string; deals: string[] }> = [];
    for (const owner of owners) {
      const email = emails.get(owner);
      if (!email) continue;
      const res = await fetch(`${agent.url}/admin/tokens`, { method: 'POST', headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' }, body: JSON.stringify({ user: email }) });
      if (res.status !== 201) continue;
      const token = ((await res.json()) as { token: string }).token;
      const seen = (await (await fetch(`${agent.url}/v1/deals?status=all&limit=50`, { headers: { authorization: `Bearer ${token}` } })).json()) as { deals?: Array<{ id: string }> };
      const deals = (seen.deals ?? []).map((d) => d.id);
      if (deals.length > 0) askers.push({ token, deals });
    }
    if (askers.length === 0) {
      say('no deal owner may see a deal (dealsAccess): nothing to serve');
      return { aucReplica: Number.isFinite(aucReplica) ? aucReplica : null, p50: null, p95: null, requests: 0, errors: 0, loadDuring: Number(loadavg()[0]!.toFixed(2)) };
    }
    say(`${askers.length} deal owners who may see their deals ask; ${CONCURRENCY} concurrent, ${requestsPerUser} requests each`);
    let errors = 0;
    const ask = async (w: number, k: number, into: number[] | null): Promise<void> => {
      const asker = askers[w % askers.length]!;
      const deal = asker.deals[(k + Math.floor(w / askers.length)) % asker.deals.length]!;
      const start = performance.now();
      const res = await fetch(`${agent!.url}/v1/deals/${encodeURIComponent(deal)}/risk`, { headers: { authorization: `Bearer ${asker.token}` } });
      const body = await res.text();
      if (res.status !== 200) {
        errors++;
        if (errors <= 3) say(`  ${res.status}: ${body.slice(0, 300)}`);
      }
      into?.push(performance.now() - start);
    };
    // Warm-up: connections, plans, the stage medians.
    await Promise.all(Array.from({ length: CONCURRENCY }, (_, w) => ask(w, 0, null)));
    const timings: number[] = [];
    const loadBefore = load();
    const runStart = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async (_, w) => {
        for (let k = 1; k <= requestsPerUser; k++) await ask(w, k, timings);
      }),
    );
    const seconds = (performance.now() - runStart) / 1000;
    const loadDuring = Number(loadavg()[0]!.toFixed(2));
    timings.sort((a, b) => a - b);
    const p50 = Number(pct(timings, 50).toFixed(1));
    const p95 = Number(pct(timings, 95).toFixed(1));
    say(`deal_risk (GET /v1/deals/{id}/risk) at ${CONCURRENCY} concurrent: ${timings.length} requests in ${seconds.toFixed(1)} s, p50 ${p50} ms, p95 ${p95} ms, ${errors} errors; load average before ${loadBefore}, after ${load()}`);
    return { aucReplica: Number.isFinite(aucReplica) ? aucReplica : null, p50, p95, requests: timings.length, errors, loadDuring };
  } finally {
    await agent?.stop();
    await nats?.stop();
    await db.close();
    await dropSchema(databaseUrl, schema);
  }
}
