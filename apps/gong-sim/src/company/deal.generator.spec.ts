import { describe, expect, it } from '@jest/globals';
import { CompanyGenerator } from './company.generator.js';

const input = {
  seed: 'deal-spec',
  sizes: { users: 60, accounts: 40, calls: 300, days: 120, workspaces: 2 },
  anchor: Date.UTC(2026, 0, 1),
  timeZone: 'America/Los_Angeles',
};

const withoutDeals = new CompanyGenerator().generate(input).company;
const withDeals = new CompanyGenerator().generate({ ...input, sizes: { ...input.sizes, deals: 40 } }).company;

describe('DealGenerator', () => {
  it('leaves a company without deals exactly as it was, and adds the deals on top', () => {
    expect(withoutDeals.deals).toEqual([]);
    const seeded = withDeals.calls.filter((c) => !c.script);
    expect(JSON.stringify(seeded)).toBe(JSON.stringify(withoutDeals.calls));
    expect(JSON.stringify(withDeals.users)).toBe(JSON.stringify(withoutDeals.users));
    expect(withDeals.deals).toHaveLength(40);
  });

  it('is deterministic per seed', () => {
    const again = new CompanyGenerator().generate({ ...input, sizes: { ...input.sizes, deals: 40 } }).company;
    expect(JSON.stringify(again.calls)).toBe(JSON.stringify(withDeals.calls));
    expect(again.deals).toEqual(withDeals.deals);
  });

  it('gives every deal calls in the history, linked to its opportunity, with a stage and close date per call', () => {
    const byId = new Map(withDeals.calls.map((c) => [c.id, c]));
    const from = input.anchor - input.sizes.days * 86_400_000;
    for (const deal of withDeals.deals) {
      const opp = withDeals.opportunities.find((o) => o.crmId === deal.opportunityCrmId)!;
      expect(opp.accountCrmId).toBe(deal.accountCrmId);
      expect(opp.stage).toEqual(deal.outcome === 'won' ? 'Closed Won' : deal.outcome === 'lost' ? 'Closed Lost' : expect.stringMatching(/^(Discovery|Demo|Proposal|Negotiation)$/));
      expect(deal.callIds.length).toBeGreaterThanOrEqual(3);
      for (const id of deal.callIds) {
        const call = byId.get(id)!;
        expect(call.opportunityCrmId).toBe(opp.crmId);
        expect(call.started).toBeGreaterThanOrEqual(from);
        expect(call.started).toBeLessThan(input.anchor);
        expect(call.stageAtCall).toMatch(/^(Discovery|Demo|Proposal|Negotiation)$/);
        expect(call.closeDateAtCall).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        expect(call.parties.some((p) => p.affiliation === 'External' && p.speakerId)).toBe(true);
      }
    }
  });

  it('lets hidden health drive the outcome: won deals are healthier on average than lost ones', () => {
    const big = new CompanyGenerator().generate({ ...input, sizes: { ...input.sizes, deals: 300 } }).company;
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const won = big.deals.filter((d) => d.outcome === 'won').map((d) => d.health);
    const lost = big.deals.filter((d) => d.outcome === 'lost').map((d) => d.health);
    expect(won.length).toBeGreaterThan(30);
    expect(lost.length).toBeGreaterThan(30);
    expect(mean(won) - mean(lost)).toBeGreaterThan(0.3);
  });
});
