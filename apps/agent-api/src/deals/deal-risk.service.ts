import { AppError, domainAudienceCovers, ErrorCode, type Clock } from '@gong-connector/contracts';
import type { CallReadRepository, DealOutcome, DealOwners, DealRecord, DealRepository } from '@gong-connector/persistence';
import { DealRiskScorer, DealSignalsMapper, type DealRisk, type DealSignals } from '@gong-connector/replica';
import type { z } from 'zod';
import type { ListDealsRequest } from '../api/api-request.schemas.js';
import type { dealRiskResponse, listDealsResponse } from '../api/deals-response.schemas.js';
import { canSeeCall } from '../calls/calls.service.js';
import { domainsOf, type Principal } from '../auth/principal.js';

export type DealRiskView = z.infer<typeof dealRiskResponse>;
export type DealListView = z.infer<typeof listDealsResponse>;

const EVIDENCE_SHOWN = 5;
const PASSAGE_CHARS = 300;
/** Deals looked at for one page of a filtered list at most (scoring reads every call of a deal). */
const SCAN_BUDGET = 200;
const SCAN_BATCH = 25;
const MEDIANS_TTL_MS = 60_000;

const notFound = (id: string) => new AppError(ErrorCode.NOT_FOUND, `No deal ${id} that you may see: check the id (GET /v1/deals lists your deals)`);

/**
 * Deal risk from the replica (0 Gong requests): DealRiskScorer over the deal's replicated calls.
 * Two permissions apply: the deal itself by the profile's `dealsAccess` level (the deal's owner,
 * the host of its newest call, must be covered: the same evaluation as the other domains), and
 * every call by call visibility: a call the user may not see counts in the score, and its
 * evidence is counted (`hiddenEvidence`), never shown. A deal the user may not see is answered
 * like a missing one.
 */
export class DealRiskService {
  private medians: { at: number; value: Record<string, number> } | undefined;

  constructor(
    private readonly deals: DealRepository,
    private readonly calls: CallReadRepository,
    private readonly clock: Clock,
  ) {}

  async risk(principal: Principal, dealId: string): Promise<DealRiskView> {
    const deal = await this.deals.get(dealId);
    if (!deal || !this.maySee(principal, deal)) throw notFound(dealId);
    const [scored] = await this.score(principal, [deal]);
    return scored!;
  }

  async list(principal: Principal, q: ListDealsRequest): Promise<DealListView> {
    const owners = this.owners(principal);
    const outcome: DealOutcome[] = q.status === 'open' ? ['open'] : q.status === 'closed' ? ['won', 'lost'] : ['open', 'won', 'lost'];
    let after = q.cursor === undefined ? undefined : decodeCursor(q.cursor);
    const out: DealListView['deals'] = [];
    let scanned = 0;
    let exhausted = false;
    while (out.length < q.limit && scanned < SCAN_BUDGET) {
      const want = Math.min(SCAN_BATCH, SCAN_BUDGET - scanned);
      const batch = await this.deals.list({ owners, outcome, limit: want, ...(after !== undefined ? { afterId: after } : {}) });
      const views = await this.score(principal, batch);
      for (const v of views) {
        scanned++;
        after = v.deal.id;
        if (q.risk === undefined || v.level === q.risk) {
          out.push({
            ...v.deal,
            score: v.score,
            level: v.level,
            hiddenCallCount: v.hiddenCallCount,
            topFactors: v.factors.slice(0, 3).map((f) => ({ name: f.name, points: f.points, explanation: f.explanation })),
          });
          if (out.length >= q.limit) break;
        }
      }
      if (batch.length < want) {
        // The list ran out: done unless the page filled up before the batch's last deal.
        exhausted = batch.length === 0 || after === batch.at(-1)!.id;
        break;
      }
    }
    return { deals: out, scanned, nextCursor: exhausted || after === undefined ? null : encodeCursor(after) };
  }

  /** Whose deals the principal may see (`dealsAccess`): everyone's, or those of the listed owners. */
  private owners(principal: Principal): DealOwners {
    if (!principal.user) return [];
    const audience = domainsOf(principal).domains.dealsAccess;
    return audience.everyone ? 'everyone' : audience.userIds;
  }

  private maySee(principal: Principal, deal: DealRecord): boolean {
    if (!principal.user) return false;
    const audience = domainsOf(principal).domains.dealsAccess;
    return audience.everyone || (deal.ownerUserId !== null && domainAudienceCovers(audience, deal.ownerUserId));
  }

  private async score(principal: Principal, deals: readonly DealRecord[]): Promise<DealRiskView[]> {
    if (deals.length === 0) return [];
    const now = this.clock.now();
    const links = await this.deals.callLinks(deals.map((d) => d.id));
    const callIds = [...new Set([...links.values()].flat().map((l) => l.callId))];
    const [calls, transcripts, medians] = await Promise.all([this.calls.getCalls(callIds), this.calls.getTranscripts(callIds), this.stageMedians(now)]);
    const byId = new Map(calls.map((c) => [c.id, c]));
    const visible = new Map(calls.map((c) => [c.id, canSeeCall(principal.filter, c)]));
    return deals.map((deal) => {
      const inputs = (links.get(deal.id) ?? [])
        .map((l) => byId.get(l.callId))
        .filter((c) => c !== undefined)
        .map((call) => ({ call, transcript: transcripts.get(call.id) ?? null, visible: visible.get(call.id) === true }));
      const mapped = DealSignalsMapper.toDeals(inputs).find((d) => d.dealId === deal.id);
      const signals: DealSignals = {
        dealId: deal.id,
        name: deal.name,
        accountName: deal.accountName,
        stage: deal.stage,
        closeDate: deal.closeDate,
        calls: mapped?.calls ?? [],
      };
      // A closed deal is judged as of its close (end of that day), an open one now.
      const closedAt = deal.outcome !== 'open' && deal.closeDate ? Date.parse(`${deal.closeDate}T23:59:59Z`) : NaN;
      const asOf = new Date(Number.isFinite(closedAt) ? Math.min(now, closedAt) : now).toISOString();
      return this.view(deal, DealRiskScorer.score(signals, { asOf, stageMedianDays: medians }), byId);
    });
  }

  private view(deal: DealRecord, risk: DealRisk, calls: Map<string, { title: string; url: string | null }>): DealRiskView {
    return {
      deal: {
        id: deal.id,
        name: deal.name,
        stage: deal.stage,
        amount: deal.amount,
        closeDate: deal.closeDate,
        outcome: deal.outcome,
        accountId: deal.accountId,
        accountName: deal.accountName,
        ownerUserId: deal.ownerUserId,
        callCount: deal.callCount,
        lastCallAt: deal.lastCallAt,
      },
      score: risk.score,
      level: risk.level,
      asOf: risk.asOf,
      callCount: risk.callCount,
      hiddenCallCount: risk.hiddenCallCount,
      factors: risk.factors.map((f) => ({
        name: f.name,
        weight: f.weight,
        risk: f.risk,
        points: f.points,
        explanation: f.explanation,
        evidence: f.evidence.slice(0, EVIDENCE_SHOWN).map((e) => ({
          callId: e.callId,
          date: e.date,
          text: e.text === null ? null : e.text.length > PASSAGE_CHARS ? `${e.text.slice(0, PASSAGE_CHARS - 1)}…` : e.text,
          ...(e.atSeconds !== undefined ? { atSeconds: e.atSeconds } : {}),
          callTitle: calls.get(e.callId)?.title ?? null,
          callUrl: calls.get(e.callId)?.url ?? null,
        })),
        moreEvidence: Math.max(0, f.evidence.length - EVIDENCE_SHOWN),
        hiddenEvidence: f.hiddenEvidence,
      })),
    };
  }

  /** The company's median days per stage, over every deal's stage history (kept a minute). */
  private async stageMedians(now: number): Promise<Record<string, number>> {
    if (this.medians && now - this.medians.at < MEDIANS_TTL_MS) return this.medians.value;
    const value = await this.deals.stageMedianDays(new Date(now).toISOString());
    this.medians = { at: now, value };
    return value;
  }
}

function encodeCursor(afterId: string): string {
  return Buffer.from(afterId, 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): string {
  const id = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!/^[A-Za-z0-9_.:-]{1,64}$/.test(id)) {
    throw new AppError(ErrorCode.VALIDATION_FAILED, 'Invalid query string: cursor: not a cursor of this list', { details: [{ path: 'cursor', message: 'not a cursor of this list' }] });
  }
  return id;
}
