import { describe, expect, it } from '@jest/globals';
import type { DealCallSignals, DealSignals } from './deal-signals.model.js';
import { DealRiskScorer } from './deal-risk.scorer.js';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 0, 1);
const at = (day: number) => new Date(T0 + day * DAY).toISOString();

function call(day: number, over: Partial<DealCallSignals> = {}): DealCallSignals {
  return {
    callId: `c${day}`,
    started: at(day),
    stage: 'Demo',
    closeDate: '2026-03-01',
    customerAttended: true,
    decisionMakers: [{ name: 'Dana Boss', title: 'Chief Financial Officer' }],
    customerSentences: 100,
    customerTalkShare: 0.5,
    competitorMentions: [],
    objections: [],
    nextSteps: ['Send over the proposal'],
    visible: true,
    ...over,
  };
}

const deal = (calls: DealCallSignals[]): DealSignals => ({ dealId: '006A', name: 'Acme - Platform', accountName: 'Acme', stage: 'Demo', closeDate: '2026-03-01', calls });
const ctx = (asOfDay: number) => ({ asOf: at(asOfDay), stageMedianDays: { Demo: 20 } });
const factor = (d: ReturnType<typeof DealRiskScorer.score>, name: string) => d.factors.find((f) => f.name === name)!;

describe('DealRiskScorer', () => {
  it('scores a healthy deal low, with every factor present and explained', () => {
    const risk = DealRiskScorer.score(deal([call(0), call(7), call(14)]), ctx(16));
    expect(risk.score).toBeLessThan(10);
    expect(risk.level).toBe('low');
    expect(risk.factors.map((f) => f.name).sort()).toEqual(
      ['closeDatePushed', 'competitorMentions', 'customerTalkShare', 'daysSinceCustomerCall', 'decisionMakersAbsent', 'noNextStep', 'objectionsUnresolved', 'stageAge'].sort(),
    );
    for (const f of risk.factors) expect(f.explanation.length).toBeGreaterThan(5);
  });

  it.each([
    ['daysSinceCustomerCall', deal([call(0)]), 40, 1],
    ['daysSinceCustomerCall', deal([call(0)]), 5, 0],
    ['customerTalkShare', deal([call(0, { customerTalkShare: 0.6 }), call(5, { customerTalkShare: 0.15 }), call(9, { customerTalkShare: 0.15 })]), 10, 1],
    ['decisionMakersAbsent', deal([call(0), call(5, { decisionMakers: [] }), call(9, { decisionMakers: [] })]), 10, 0.67],
    ['noNextStep', deal([call(0), call(9, { nextSteps: [] })]), 10, 1],
    ['closeDatePushed', deal([call(0, { closeDate: '2026-02-01' }), call(5, { closeDate: '2026-03-01' }), call(9, { closeDate: '2026-04-01' })]), 10, 1],
    ['stageAge', deal([call(0), call(5)]), 60, 1],
    ['stageAge', deal([call(0), call(5)]), 15, 0],
  ])('%s: risk as the weights say', (name, d, asOfDay, expected) => {
    expect(factor(DealRiskScorer.score(d, ctx(asOfDay)), name).risk).toBeCloseTo(expected, 2);
  });

  it('counts competitor mentions and objections per customer sentence, and quotes them with their date', () => {
    const mention = { competitor: 'Corvid', quote: 'Corvid came in cheaper.', atSeconds: 120 };
    const objection = { topic: 'pricing' as const, quote: 'That is above our budget.', atSeconds: 300 };
    const risky = call(9, { customerSentences: 15, competitorMentions: Array(6).fill(mention), objections: Array(4).fill(objection) });
    const risk = DealRiskScorer.score(deal([call(0, { customerSentences: 5 }), risky]), ctx(10));
    expect(factor(risk, 'competitorMentions').risk).toBe(1);
    expect(factor(risk, 'competitorMentions').evidence[0]).toEqual({ callId: 'c9', date: at(9), text: 'Corvid came in cheaper.', atSeconds: 120 });
    expect(factor(risk, 'objectionsUnresolved').risk).toBe(1);
    expect(factor(risk, 'objectionsUnresolved').explanation).toContain('pricing');
  });

  it('treats an objection that did not come back in the last customer calls as resolved', () => {
    const objection = { topic: 'security' as const, quote: 'GDPR is a concern.', atSeconds: 30 };
    const risk = DealRiskScorer.score(deal([call(0, { customerSentences: 10, objections: Array(5).fill(objection) }), call(5), call(9)]), ctx(10));
    expect(factor(risk, 'objectionsUnresolved').risk).toBe(0);
  });

  it('never shows evidence from a call the user may not see: it is only counted', () => {
    const mention = { competitor: 'Corvid', quote: 'Secret quote from a private call.', atSeconds: 1 };
    const hidden = call(9, { visible: false, customerSentences: 10, competitorMentions: [mention, mention, mention], nextSteps: ['private next step'] });
    const risk = DealRiskScorer.score(deal([call(0, { customerSentences: 0 }), hidden]), ctx(10));
    expect(risk.hiddenCallCount).toBe(1);
    const json = JSON.stringify(risk);
    expect(json).not.toContain('Secret quote');
    expect(json).not.toContain('private next step');
    expect(json).not.toContain('"c9"');
    expect(json).not.toContain('Corvid');
    expect(factor(risk, 'competitorMentions').explanation).toMatch(/3 from calls you may not see/);
    expect(factor(risk, 'competitorMentions').hiddenEvidence).toBe(3);
    expect(factor(risk, 'competitorMentions').risk).toBe(1);
  });

  it('ignores calls after asOf and adds up to a 0-100 score from the factor points', () => {
    const quiet = DealRiskScorer.score(deal([call(0, { decisionMakers: [], nextSteps: [], customerTalkShare: 0.1 }), call(30)]), ctx(29));
    expect(quiet.callCount).toBe(1);
    expect(quiet.score).toBe(Math.round(quiet.factors.reduce((a, f) => a + f.points, 0)));
    expect(quiet.score).toBeGreaterThanOrEqual(50);
    expect(quiet.level).toBe('high');
  });

  it('computes the median days per stage across deals, a current stage counting up to its asOf', () => {
    const a = deal([call(0, { stage: 'Discovery' }), call(10, { stage: 'Demo' })]);
    const b = deal([call(0, { stage: 'Discovery' }), call(20, { stage: 'Demo' })]);
    const c = deal([call(0, { stage: 'Discovery' }), call(30, { stage: 'Demo' })]);
    const medians = DealRiskScorer.stageMedianDays([a, b, c].map((d) => ({ deal: d, asOf: at(40) })));
    expect(medians.Discovery).toBe(20);
    expect(medians.Demo).toBe(20);
  });
});
