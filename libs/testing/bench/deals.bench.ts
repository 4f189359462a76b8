// npm run bench:deals [-- --seed 42 --deals 300 --calls 300]: how well the deal-risk score separates
// lost from won deals. gong-sim seeds deals whose hidden health drives, with noise, both what their
// calls show and whether they are won; this bench reads only what Gong's API serves (calls
// extensive with CRM context at the time of each call, transcripts), maps it as the replica does,
// scores each closed deal as of its close date and prints the ROC AUC of the score against "lost".
// The scorer (libs/replica deals) never imports gong-sim. Prints figures; the last line is JSON.
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { CallDataSchema, CallTranscriptSchema, parseGongJson, type CallData, type CallTranscript } from '@gong-connector/gong-client';
import { CallRecordMapper, DealRiskScorer, DealSignalsMapper, ExtensiveContentSelector, type DealSignals } from '@gong-connector/replica';
import { startGongSim } from '@gong-connector/gong-sim';
import { RocAuc } from '../src/bench/roc-auc.js';
import { competitorTrendsFigures } from './competitor-trends.section.js';

const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: '42' },
    deals: { type: 'string', default: '300' },
    calls: { type: 'string', default: '0' },
    replica: { type: 'boolean', default: false },
  },
});
const say = (line: string) => process.stdout.write(`${line}\n`);
const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');
const pct = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

if (values.replica) {
  say('--replica: scoring the replicated closed deals of a deployment is not available in this build yet');
  process.exit(2);
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
  const auc = RocAuc.of(scored.map((s) => ({ score: s.risk.score, positive: s.lost })));
  const wonN = scored.filter((s) => !s.lost).length;
  say(`closed deals: ${scored.length} (${wonN} won, ${scored.length - wonN} lost); ROC AUC of the risk score vs lost: ${auc.toFixed(3)}`);
  // Per factor: how much each one alone separates lost from won (same AUC, factor risk as the score).
  const factorNames = scored[0]?.risk.factors.map((f) => f.name) ?? [];
  for (const name of factorNames) {
    const a = RocAuc.of(scored.map((s) => ({ score: s.risk.factors.find((f) => f.name === name)!.risk, positive: s.lost })));
    const avg = (lost: boolean) => {
      const xs = scored.filter((s) => s.lost === lost).map((s) => s.risk.factors.find((f) => f.name === name)!.risk);
      return xs.reduce((x, y) => x + y, 0) / Math.max(1, xs.length);
    };
    const rates = scored.map((s) => s.risk.factors.find((f) => f.name === name)!.explanation.match(/(\d+)% of what/)?.[1]).filter(Boolean);
    if (rates.length && process.env.BENCH_DEALS_DEBUG) say(`    rates ${rates.slice(0, 30).join(' ')}`);
    say(`  factor ${name.padEnd(24)} AUC alone ${a.toFixed(3)}; mean risk won ${avg(false).toFixed(2)}, lost ${avg(true).toFixed(2)}`);
  }
  const truth = sim.groundTruth({ includeCalls: false }).deals ?? [];
  const agree = closed.filter((c) => truth.find((t) => t.opportunityCrmId === c.deal.dealId)?.outcome === (c.lost ? 'lost' : 'won')).length;
  say(`outcomes read from CRM context agree with the simulator's ground truth for ${agree}/${closed.length} closed deals`);
  const sortedT = [...timings].sort((a, b) => a - b);
  const scoreP95 = sortedT.length ? pct(sortedT, 95) : 0;
  say(`scoring one deal in process: p95 ${scoreP95.toFixed(3)} ms; load average ${load()}`);
  const openDeals: DealSignals[] = all.filter((d) => !closed.some((c) => c.deal === d));
  say(`open deals: ${openDeals.length}`);
  const competitorTrends = await competitorTrendsFigures();
  say(
    JSON.stringify({
      seed,
      deals_closed: scored.length,
      deals_won: wonN,
      deal_risk_auc: Number(auc.toFixed(4)),
      deal_risk_score_p95_ms: Number(scoreP95.toFixed(3)),
      deal_risk_p95_ms_32: null,
      meeting_prep_p95_ms_1: null,
      meeting_prep_gong_requests: null,
      competitor_trends_p95_ms_32: competitorTrends?.competitor_trends_p95_ms_32 ?? null,
      gong_requests_read: gongRequests,
      load_average_1m: Number(loadavg()[0]!.toFixed(2)),
    }),
  );
} finally {
  await sim.close();
}
