import { CallReadRepository, DealRepository, type Database } from '@gong-connector/persistence';
import { DealRiskScorer, DealSignalsMapper, type DealRisk, type DealSignals } from '@gong-connector/replica';

export interface ScoredClosedDeal {
  dealId: string;
  lost: boolean;
  risk: DealRisk;
}

/**
 * Scores the closed deals of a replica (the deals tables and the stored calls, never the Gong API
 * nor gong-sim): each deal from its replicated calls, as of its close date (end of that day), with
 * the stage medians of the closed deals themselves; `lost` is the outcome the CRM stage shows. What
 * `npm run bench:deals -- --replica` reports for a deployment.
 */
export async function scoreReplicatedClosedDeals(db: Database, options: { batch?: number } = {}): Promise<ScoredClosedDeal[]> {
  const deals = new DealRepository(db);
  const reads = new CallReadRepository(db);
  const closed = await deals.closedOutcomes();
  const size = options.batch ?? 50;
  const judged: Array<{ deal: DealSignals; asOf: string; lost: boolean }> = [];
  for (let i = 0; i < closed.length; i += size) {
    const page = closed.slice(i, i + size);
    const callIds = [...new Set(page.flatMap((d) => d.callIds))];
    const [calls, transcripts] = await Promise.all([reads.getCalls(callIds), reads.getTranscripts(callIds)]);
    const byId = new Map(calls.map((c) => [c.id, c]));
    for (const outcome of page) {
      const record = await deals.get(outcome.dealId);
      const inputs = outcome.callIds
        .map((id) => byId.get(id))
        .filter((c) => c !== undefined)
        .map((call) => ({ call, transcript: transcripts.get(call.id) ?? null, visible: true }));
      const mapped = DealSignalsMapper.toDeals(inputs).find((d) => d.dealId === outcome.dealId);
      const deal: DealSignals = {
        dealId: outcome.dealId,
        name: record?.name ?? null,
        accountName: record?.accountName ?? null,
        stage: record?.stage ?? null,
        closeDate: outcome.closeDate,
        calls: mapped?.calls ?? [],
      };
      const asOf = outcome.closeDate ? `${outcome.closeDate}T23:59:59Z` : (record?.lastCallAt ?? new Date(0).toISOString());
      judged.push({ deal, asOf, lost: outcome.outcome === 'lost' });
    }
  }
  const medians = DealRiskScorer.stageMedianDays(judged);
  return judged.map(({ deal, asOf, lost }) => ({ dealId: deal.dealId, lost, risk: DealRiskScorer.score(deal, { asOf, stageMedianDays: medians }) }));
}
