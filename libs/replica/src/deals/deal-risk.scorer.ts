import type { DealCallSignals, DealSignals } from './deal-signals.model.js';
import { DealRiskWeights, type DealRiskFactorName } from './deal-risk.weights.js';

const DAY = 86_400_000;

export interface DealRiskEvidence {
  callId: string;
  /** ISO instant of the call. */
  date: string;
  /** A passage of the call, or what the call shows (null when the factor has no passage). */
  text: string | null;
  atSeconds?: number;
}

export interface DealRiskFactor {
  name: DealRiskFactorName;
  weight: number;
  /** 0 (no risk) to 1 (full risk). */
  risk: number;
  /** Points of the 0-100 score this factor adds. */
  points: number;
  explanation: string;
  evidence: DealRiskEvidence[];
  /** Evidence from calls the asking user may not see: counted, never shown. */
  hiddenEvidence: number;
}

export interface DealRisk {
  dealId: string;
  name: string | null;
  accountName: string | null;
  stage: string | null;
  closeDate: string | null;
  score: number;
  level: 'low' | 'medium' | 'high';
  asOf: string;
  callCount: number;
  hiddenCallCount: number;
  factors: DealRiskFactor[];
}

export interface DealRiskContext {
  /** ISO instant the deal is judged at (now, or a closed deal's close). */
  asOf: string;
  /** The company's median days in each stage (see DealRiskScorer.stageMedianDays). */
  stageMedianDays: Readonly<Record<string, number>>;
}

const clamp01 = (x: number) => (Number.isFinite(x) ? Math.min(1, Math.max(0, x)) : 0);
const days = (ms: number) => ms / DAY;
const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN);

/**
 * Deal risk from a deal's calls: a pure function of the signals the calls show (no I/O, no clock:
 * `asOf` is given). Each factor is explained with evidence (passages and dates); evidence from a
 * call the user may not see is counted in `hiddenEvidence` and never shown. Weights and thresholds
 * live in DealRiskWeights.
 */
export class DealRiskScorer {
  static score(deal: DealSignals, context: DealRiskContext): DealRisk {
    const W = DealRiskWeights;
    const asOf = Date.parse(context.asOf);
    const calls = [...deal.calls].filter((c) => Date.parse(c.started) <= asOf).sort((a, b) => Date.parse(a.started) - Date.parse(b.started));
    const customer = calls.filter((c) => c.customerAttended);
    const recent = customer.slice(-W.recentCalls);
    const factors: Array<Omit<DealRiskFactor, 'weight' | 'points'>> = [];
    const ev = (c: DealCallSignals, text: string | null, atSeconds?: number): DealRiskEvidence => ({ callId: c.callId, date: c.started, text, ...(atSeconds !== undefined ? { atSeconds } : {}) });
    const split = (items: Array<{ call: DealCallSignals; e: DealRiskEvidence }>) => ({
      evidence: items.filter((i) => i.call.visible).map((i) => i.e),
      hiddenEvidence: items.filter((i) => !i.call.visible).length,
    });

    // Days since the last customer-side call.
    const last = customer[customer.length - 1];
    const quiet = last ? days(asOf - Date.parse(last.started)) : Infinity;
    factors.push({
      name: 'daysSinceCustomerCall',
      risk: last ? clamp01((quiet - W.quietDaysFree) / (W.quietDaysFull - W.quietDaysFree)) : 1,
      explanation: last ? `${Math.floor(quiet)} days since the last call with the customer` : 'no call with the customer yet',
      ...split(last ? [{ call: last, e: ev(last, 'last call with the customer') }] : []),
    });

    // Customer talk share and its trend.
    const shares = customer.filter((c) => c.customerTalkShare !== null);
    const lastShares = shares.slice(-2).map((c) => c.customerTalkShare!);
    const earlier = shares.slice(0, -2).map((c) => c.customerTalkShare!);
    const level = mean(lastShares);
    const drop = earlier.length ? mean(earlier) - level : 0;
    const talkRisk = lastShares.length ? clamp01(0.7 * clamp01((W.talkShareHealthy - level) / W.talkShareSpan) + 0.3 * clamp01(drop / W.talkTrendFull)) : 0;
    factors.push({
      name: 'customerTalkShare',
      risk: talkRisk,
      explanation: lastShares.length
        ? `the customer spoke ${Math.round(level * 100)}% of the time in the last calls${earlier.length ? ` (${Math.round(mean(earlier) * 100)}% before)` : ''}`
        : 'no transcript to measure talk time',
      ...split(shares.slice(-2).map((c) => ({ call: c, e: ev(c, `customer talk share ${Math.round(c.customerTalkShare! * 100)}%`) }))),
    });

    // Decision makers absent from the last customer calls.
    const withoutDm = recent.filter((c) => c.decisionMakers.length === 0);
    const everDm = customer.flatMap((c) => c.decisionMakers.map((d) => ({ call: c, d })));
    factors.push({
      name: 'decisionMakersAbsent',
      risk: recent.length ? withoutDm.length / recent.length : 1,
      explanation: recent.length
        ? `${withoutDm.length} of the last ${recent.length} customer calls had no decision maker${everDm.length ? '' : ', and none attended any call'}`
        : 'no customer call yet',
      ...split(
        recent.map((c) => ({
          call: c,
          e: ev(c, c.decisionMakers.length ? `attended: ${c.decisionMakers.map((d) => `${d.name ?? 'someone'} (${d.title})`).join(', ')}` : 'no decision maker attended'),
        })),
      ),
    });

    // The customer's competitor mentions and pricing/security objections, per customer sentence:
    // mentions over the last `recentCalls` customer calls, objections over the last
    // `unresolvedCalls` (one that did not come back there counts as resolved).
    const rateFactor = (
      name: 'competitorMentions' | 'objectionsUnresolved',
      list: DealCallSignals[],
      items: Array<{ call: DealCallSignals; quote: string; atSeconds: number; label: string }>,
      free: number,
      full: number,
      say: (n: number, labels: string, pct: number) => string,
      none: string,
    ) => {
      const r = items.length / Math.max(1, list.reduce((a, c) => a + c.customerSentences, 0));
      // What was said in a hidden call (a competitor's name, an objection's topic) is not named, only counted.
      const shown = [...new Set(items.filter((i) => i.call.visible).map((i) => i.label))];
      const hidden = items.filter((i) => !i.call.visible).length;
      const labels = [...shown, ...(hidden ? [`${hidden} from calls you may not see`] : [])].join(', ');
      factors.push({
        name,
        risk: clamp01((r - free) / (full - free)),
        explanation: items.length ? say(items.length, labels, Math.round(r * 100)) : none,
        ...split(items.map((i) => ({ call: i.call, e: ev(i.call, i.quote, i.atSeconds) }))),
      });
    };
    rateFactor(
      'competitorMentions',
      recent,
      recent.flatMap((c) => c.competitorMentions.map((m) => ({ call: c, quote: m.quote ?? m.competitor, atSeconds: m.atSeconds, label: m.competitor }))),
      W.competitorRateFree,
      W.competitorRateFull,
      (n, labels, pct) => `the customer mentioned competitors ${n} times in the last calls (${labels}; ${pct}% of what they said)`,
      'the customer mentioned no competitor in the last calls',
    );
    const lastCalls = customer.slice(-W.unresolvedCalls);
    rateFactor(
      'objectionsUnresolved',
      lastCalls,
      lastCalls.flatMap((c) => c.objections.map((o) => ({ call: c, quote: o.quote ?? `${o.topic} objection`, atSeconds: o.atSeconds, label: o.topic }))),
      W.objectionRateFree,
      W.objectionRateFull,
      (n, labels, pct) => `${n} objections raised in the last customer calls (${labels}; ${pct}% of what the customer said)`,
      'no pricing or security objection in the last customer calls',
    );

    // No next step in the last customer call.
    const noNext = last ? last.nextSteps.length === 0 : true;
    factors.push({
      name: 'noNextStep',
      risk: noNext ? 1 : 0,
      explanation: last ? (noNext ? 'the last customer call ended without a next step' : `next step agreed: ${last.visible ? last.nextSteps[0] : 'in the last call'}`) : 'no customer call yet',
      ...split(last ? [{ call: last, e: ev(last, noNext ? 'no next step' : last.nextSteps[0]) }] : []),
    });

    // Close date pushed.
    const pushes: Array<{ call: DealCallSignals; from: string; to: string }> = [];
    let prev: string | null = null;
    for (const c of calls) {
      if (!c.closeDate) continue;
      if (prev && c.closeDate > prev) pushes.push({ call: c, from: prev, to: c.closeDate });
      prev = c.closeDate;
    }
    factors.push({
      name: 'closeDatePushed',
      risk: clamp01(pushes.length / W.pushesFull),
      explanation: pushes.length ? `close date pushed ${pushes.length} time(s), ${pushes.map((p) => `${p.from} to ${p.to}`).join(', ')}` : 'close date never pushed',
      ...split(pushes.map((p) => ({ call: p.call, e: ev(p.call, `close date ${p.from} to ${p.to}`) }))),
    });

    // Stage older than the company's median.
    const run = DealRiskScorer.currentStageRun(calls);
    const median = run ? context.stageMedianDays[run.stage] : undefined;
    const age = run ? days(asOf - Date.parse(run.since.started)) : 0;
    factors.push({
      name: 'stageAge',
      risk: run && median && median > 0 ? clamp01((age / median - 1) / (W.stageAgeFullRatio - 1)) : 0,
      explanation: run
        ? `${Math.floor(age)} days in ${run.stage}${median !== undefined ? ` (company median ${Math.round(median)})` : ''}`
        : 'stage unknown',
      ...split(run ? [{ call: run.since, e: ev(run.since, `first call in ${run.stage}`) }] : []),
    });

    const total = Object.values(W.factors).reduce((a, b) => a + b, 0);
    const full = factors.map((f) => {
      const weight = W.factors[f.name];
      return { ...f, risk: round(f.risk), weight, points: round((100 * weight * f.risk) / total) };
    });
    const score = Math.round(full.reduce((a, f) => a + f.points, 0));
    return {
      dealId: deal.dealId,
      name: deal.name,
      accountName: deal.accountName,
      stage: deal.stage,
      closeDate: deal.closeDate,
      score,
      level: score >= W.highFrom ? 'high' : score >= W.mediumFrom ? 'medium' : 'low',
      asOf: new Date(asOf).toISOString(),
      callCount: calls.length,
      hiddenCallCount: calls.filter((c) => !c.visible).length,
      factors: full.sort((a, b) => b.points - a.points),
    };
  }

  /**
   * Median days deals spend in each stage, over the given deals (a stage still current counts
   * up to the deal's `asOf`). Stages come from the calls' CRM context at the time of each call.
   */
  static stageMedianDays(deals: ReadonlyArray<{ deal: DealSignals; asOf: string }>): Record<string, number> {
    const spans = new Map<string, number[]>();
    for (const { deal, asOf } of deals) {
      const end = Date.parse(asOf);
      const calls = deal.calls.filter((c) => c.stage).sort((a, b) => Date.parse(a.started) - Date.parse(b.started));
      for (let i = 0; i < calls.length; ) {
        let j = i;
        while (j + 1 < calls.length && calls[j + 1].stage === calls[i].stage) j++;
        const until = j + 1 < calls.length ? Date.parse(calls[j + 1].started) : end;
        const list = spans.get(calls[i].stage!) ?? [];
        list.push(days(until - Date.parse(calls[i].started)));
        spans.set(calls[i].stage!, list);
        i = j + 1;
      }
    }
    const out: Record<string, number> = {};
    for (const [stage, list] of spans) {
      const sorted = list.sort((a, b) => a - b);
      const mid = Math.floor(sorted.length / 2);
      out[stage] = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
    return out;
  }

  private static currentStageRun(calls: DealCallSignals[]): { stage: string; since: DealCallSignals } | undefined {
    const staged = calls.filter((c) => c.stage);
    if (!staged.length) return undefined;
    const stage = staged[staged.length - 1].stage!;
    let i = staged.length - 1;
    while (i > 0 && staged[i - 1].stage === stage) i--;
    return { stage, since: staged[i] };
  }
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}
