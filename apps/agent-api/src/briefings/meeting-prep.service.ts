import { Inject, Injectable } from '@nestjs/common';
import { AppError, type AccessFilter, type Clock } from '@gong-connector/contracts';
import { CallQueryRepository, CallReadRepository, type CallListRow, type CallRecord, type PartyRecord } from '@gong-connector/persistence';
import { CLOCK } from '@gong-connector/platform';
import { DealRiskScorer, DealRiskWeights, DealSignalsMapper, type DealCallInput, type DealCallSignals } from '@gong-connector/replica';
import { AccountResolver } from '../accounts/account.resolver.js';
import { AGENT_API_CONFIG, LIVE_CALL_SOURCE } from '../agent-api.tokens.js';
import type { AgentApiConfig } from '../config.js';
import { canSeeCall } from '../calls/calls.service.js';
import { toGongSummaryView } from '../calls/call.views.js';
import type { LiveCallSource } from '../calls/live-call.source.js';
import { domainsOf, type Principal } from '../auth/principal.js';
import { PassageSearchService } from '../search/passage-search.service.js';
import type { BriefingRequest, BriefingView } from './briefing.schemas.js';
import { QuotaBreakerProbe } from './quota-breaker.probe.js';

/** The account's calls read for signals (objections, competitors, deals), newest first. */
export const MEETING_PREP_SIGNAL_CALLS = 20;
/** Calls listed per attendee (their count is capped at `ATTENDEE_CALLS_MAX`). */
const ATTENDEE_RECENT = 3;
const ATTENDEE_CALLS_MAX = 50;
/** Passages of what each attendee raised. */
const RAISED = 3;
const QUOTES = 2;
const DEALS = 3;
const HOUR_MS = 3_600_000;
/** Bounds that keep a brief within the MCP result budget (~25 KB with its text). */
const BRIEF_CHARS = 600;
const ITEM_CHARS = 300;
const ITEMS = 5;
const OBJECTIONS = 6;
const NEW_CALLS = 10;
const clip = (s: string, max: number): string => (s.length <= max ? s : `${s.slice(0, max - 1)}…`);

const textOf = (v: unknown): string | null =>
  typeof v === 'string' ? v : v && typeof v === 'object' && typeof (v as { text?: unknown }).text === 'string' ? (v as { text: string }).text : null;

/**
 * Meeting prep (`POST /v1/briefings`, MCP `meeting_prep`): a brief on one account before a meeting,
 * from the replica, with only the calls the user may see: the account's last calls with Gong's
 * summary (brief, outcome, key points, next steps), each attendee's history with us (calls attended,
 * their own passages on this account's calls), the customer's open pricing/security objections and
 * competitor mentions, and the deals of those calls with stage and risk factors (DealSignalsMapper
 * and DealRiskScorer over the visible calls; shown only with the deals permission and a dealsAccess
 * audience that covers the deal's host). Then ONE live check: one page of Gong's calls of the last
 * `liveHours` at interactive priority, through the live fallback's source and the quota broker, for
 * calls of the account that are not replicated yet (named only when the user may see them); skipped
 * with a note when the quota breaker is open, the live fallback is off, or `liveHours` is 0.
 */
@Injectable()
export class MeetingPrepService {
  constructor(
    @Inject(CallQueryRepository) private readonly queries: CallQueryRepository,
    @Inject(CallReadRepository) private readonly calls: CallReadRepository,
    @Inject(PassageSearchService) private readonly search: PassageSearchService,
    @Inject(AccountResolver) private readonly resolver: AccountResolver,
    @Inject(LIVE_CALL_SOURCE) private readonly live: LiveCallSource | null,
    @Inject(QuotaBreakerProbe) private readonly breaker: QuotaBreakerProbe,
    @Inject(AGENT_API_CONFIG) private readonly config: Pick<AgentApiConfig, 'AGENT_API_LIVE_FALLBACK'>,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async brief(principal: Principal, r: BriefingRequest): Promise<BriefingView> {
    const filter = principal.filter;
    const now = this.clock.now();
    const account = await this.resolver.resolve(filter, r.account);
    const memberIds = account.memberIds;
    // The live check (a broker state read, then at most one Gong request) runs beside the replica reads.
    const liveCheck = this.liveCheck(filter, account, r.liveHours, now);
    liveCheck.catch(() => undefined); // awaited below; never an unhandled rejection meanwhile

    // The account's calls the user may see (the filter is inside the query), newest first.
    const rows = await this.queries.listCalls({ filter, accountIds: memberIds, limit: Math.max(MEETING_PREP_SIGNAL_CALLS, r.calls) });
    const records = await this.visibleRecords(filter, rows);
    const transcripts = await Promise.all(records.slice(0, MEETING_PREP_SIGNAL_CALLS).map((c) => this.calls.getTranscript(c.id)));
    const inputs: DealCallInput[] = records.slice(0, MEETING_PREP_SIGNAL_CALLS).map((call, i) => ({ call, transcript: transcripts[i] ?? null, visible: true }));
    const signals = inputs.map((input) => DealSignalsMapper.toCall(input, null));

    const lastCalls = records.slice(0, r.calls).map((c) => {
      const summary = toGongSummaryView(c);
      return {
        id: c.id,
        title: c.title,
        started: c.started,
        url: c.url,
        internal: c.scope === 'Internal' || !c.parties.some((p) => p.affiliation === 'External'),
        brief: c.brief === null ? null : clip(c.brief, BRIEF_CHARS),
        outcome: outcomeOf(c.callOutcome),
        keyPoints: c.keyPoints.map(textOf).filter((t): t is string => t !== null).slice(0, ITEMS).map((t) => clip(t, ITEM_CHARS)),
        nextSteps: summary.nextSteps.slice(0, ITEMS).map((t) => clip(t, ITEM_CHARS)),
      };
    });

    const [attendees, live] = await Promise.all([
      Promise.all(r.attendees.map((email) => this.attendee(filter, email, memberIds))),
      liveCheck,
    ]);
    const deals = this.deals(principal, inputs, records, now);

    const cited = new Set<string>([
      ...lastCalls.map((c) => c.id),
      ...attendees.flatMap((a) => [...a.recentCalls.map((c) => c.id), ...a.raised.map((p) => p.callId)]),
      ...live.newCalls.map((c) => c.id),
    ]);
    const openObjections = this.openObjections(signals);
    const competitors = this.competitors(signals);
    for (const o of openObjections) cited.add(o.callId);
    for (const c of competitors) for (const q of c.quotes) cited.add(q.callId);
    return {
      account: { id: account.id, name: account.name, domains: account.domains, matchedBy: account.matchedBy },
      generatedAt: new Date(now).toISOString(),
      lastCalls,
      attendees,
      openObjections,
      competitors,
      deals: deals.deals,
      dealsNote: deals.note,
      live,
      citedCallIds: [...cited].sort(),
      callsRead: records.length,
    };
  }

  /** The full records of listed calls, checked again (a call's access may have changed between the two reads). */
  private async visibleRecords(filter: AccessFilter, rows: readonly CallListRow[]): Promise<CallRecord[]> {
    const byId = new Map((await this.calls.getCalls(rows.map((r) => r.id))).map((c) => [c.id, c]));
    return rows.map((r) => byId.get(r.id)).filter((c): c is CallRecord => c !== undefined && canSeeCall(filter, c));
  }

  private async attendee(filter: AccessFilter, email: string, accountIds: string[]): Promise<BriefingView['attendees'][number]> {
    const [rows, hits] = await Promise.all([
      this.queries.listCalls({ filter, participant: email, limit: ATTENDEE_CALLS_MAX }),
      this.search.searchHits(filter, { accountIds, range: { from: undefined, to: undefined, timeZone: 'UTC' }, request: { speakerEmail: [email], limit: RAISED, facets: 0 } }),
    ]);
    const newest = rows[0] ? await this.calls.getCall(rows[0].id) : undefined;
    const party: PartyRecord | undefined = newest && canSeeCall(filter, newest) ? newest.parties.find((p) => p.email?.toLowerCase() === email) : undefined;
    return {
      email,
      name: party?.name ?? null,
      title: party?.title ?? null,
      affiliation: party?.affiliation ?? null,
      callsAttended: rows.length,
      lastCallAt: rows[0]?.started ?? null,
      recentCalls: rows.slice(0, ATTENDEE_RECENT).map((c) => ({ id: c.id, title: c.title, started: c.started, url: c.url })),
      raised: hits.hits.map((h) => ({ callId: h.callId, started: h.call.started, text: clip(h.chunk.body, ITEM_CHARS), startMs: h.chunk.startMs, topic: h.chunk.topic })),
    };
  }

  /** The customer's pricing/security objections in the last customer calls (the scorer's "unresolved" reading). */
  private openObjections(signals: readonly DealCallSignals[]): BriefingView['openObjections'] {
    const customer = signals.filter((s) => s.customerAttended).slice(0, DealRiskWeights.unresolvedCalls);
    return customer
      .flatMap((s) => s.objections.map((o) => ({ topic: o.topic, quote: o.quote === null ? null : clip(o.quote, ITEM_CHARS), callId: s.callId, started: s.started, atSeconds: o.atSeconds })))
      .slice(0, OBJECTIONS);
  }

  private competitors(signals: readonly DealCallSignals[]): BriefingView['competitors'] {
    const byName = new Map<string, BriefingView['competitors'][number]>();
    for (const s of signals) {
      for (const m of s.competitorMentions) {
        const c = byName.get(m.competitor) ?? { name: m.competitor, mentions: 0, lastMentionedAt: s.started, quotes: [] };
        c.mentions++;
        if (s.started > c.lastMentionedAt) c.lastMentionedAt = s.started;
        if (m.quote && c.quotes.length < QUOTES) c.quotes.push({ callId: s.callId, started: s.started, text: clip(m.quote, ITEM_CHARS) });
        byName.set(m.competitor, c);
      }
    }
    return [...byName.values()].sort((a, b) => b.mentions - a.mentions || a.name.localeCompare(b.name)).slice(0, ITEMS * 2);
  }

  /**
   * The deals (CRM opportunities) of the calls read, scored over those calls alone (the stage-age
   * factor needs the company's stage medians, which a brief does not read: it counts 0 here). Shown
   * with the profile's `deals` flag, and each deal only when the `dealsAccess` audience covers the
   * host of its newest call (the narrower reading of "whose deals").
   */
  private deals(principal: Principal, inputs: DealCallInput[], records: CallRecord[], now: number): { deals: BriefingView['deals']; note: string | null } {
    const found = DealSignalsMapper.toDeals(inputs);
    if (found.length === 0) return { deals: [], note: null };
    const access = domainsOf(principal);
    if (!access.flags.deals) return { deals: [], note: `${found.length} deal(s) left out: your Gong permission profile does not grant "deals"` };
    const audience = access.domains.dealsAccess;
    const hostOf = new Map(records.map((c) => [c.id, c.primaryUserId]));
    let hidden = 0;
    const out: BriefingView['deals'] = [];
    for (const deal of found.sort((a, b) => (b.calls.at(-1)?.started ?? '').localeCompare(a.calls.at(-1)?.started ?? ''))) {
      const host = hostOf.get(deal.calls.at(-1)!.callId) ?? null;
      if (!audience.everyone && (host === null || !audience.userIds.includes(host))) {
        hidden++;
        continue;
      }
      if (out.length >= DEALS) continue;
      const risk = DealRiskScorer.score(deal, { asOf: new Date(now).toISOString(), stageMedianDays: {} });
      out.push({
        dealId: risk.dealId,
        name: risk.name,
        stage: risk.stage,
        closeDate: risk.closeDate,
        score: risk.score,
        level: risk.level,
        factors: risk.factors.filter((f) => f.points > 0).map((f) => ({ name: f.name, points: f.points, explanation: f.explanation })),
      });
    }
    return { deals: out, note: hidden > 0 ? `${hidden} deal(s) left out: your Gong deals access does not cover them` : null };
  }

  /** ONE Gong request (or none, with the reason): the account's calls of the last hours not replicated yet. */
  private async liveCheck(filter: AccessFilter, account: { memberIds: string[]; domains: string[] }, hours: number, now: number): Promise<BriefingView['live']> {
    const skipped = (note: string): BriefingView['live'] => ({ checked: false, since: null, gongRequests: 0, newCalls: [], note });
    if (hours === 0) return skipped('Live check skipped (liveHours is 0): the brief is from the replica only.');
    if (!this.live?.recentCalls || !this.config.AGENT_API_LIVE_FALLBACK) return skipped('Live check skipped: the live fallback to Gong is off in this deployment; the brief is from the replica only.');
    const breaker = await this.breaker.state();
    if (breaker === 'open') {
      return skipped('Live check skipped: the quota breaker is open (Gong keeps answering 429), so calls of the last hours that are not replicated yet may be missing.');
    }
    const since = new Date(now - hours * HOUR_MS).toISOString();
    let listed;
    try {
      listed = await this.live.recentCalls(since, new Date(now).toISOString());
    } catch (error) {
      const why = error instanceof AppError ? `${error.code}: ${error.message}` : 'Gong did not answer';
      return { checked: true, since, gongRequests: 1, newCalls: [], note: `Live check failed (${why}); the brief is from the replica only.` };
    }
    const domains = new Set(account.domains.map((d) => d.toLowerCase()));
    const members = new Set(account.memberIds);
    const ofAccount = listed.calls.filter(
      (c) =>
        c.accounts.some((a) => members.has(a.account.id)) ||
        c.parties.some((p) => p.affiliation !== 'Internal' && p.email !== null && domains.has(p.email.split('@')[1]?.toLowerCase() ?? '')),
    );
    const replicated = await this.calls.existingIds(ofAccount.map((c) => c.id));
    const fresh = ofAccount.filter((c) => !replicated.has(c.id) && canSeeCall(filter, c));
    const newCalls = fresh
      .sort((a, b) => b.started.localeCompare(a.started))
      .map((c) => ({
        id: c.id,
        title: c.title,
        started: c.started,
        url: c.url,
        attendees: c.parties.map((p) => p.name ?? p.email).filter((n): n is string => n !== null).slice(0, ITEMS * 2),
      }))
      .slice(0, NEW_CALLS);
    const more = listed.more ? ' Gong listed more calls than one page holds; the newest beyond it are not checked.' : '';
    const note =
      newCalls.length > 0
        ? `${fresh.length} call(s) of the account since ${since} are in Gong but not replicated yet (listed in newCalls; their summaries follow once ingest stores them).${more}`
        : `No call of the account since ${since} is missing from the replica.${more}`;
    return { checked: true, since, gongRequests: 1, newCalls, note };
  }
}

function outcomeOf(v: unknown): string | null {
  if (!v || typeof v !== 'object') return null;
  const o = v as { name?: unknown; category?: unknown };
  const name = typeof o.name === 'string' ? o.name : null;
  const category = typeof o.category === 'string' ? o.category : null;
  return name && category && category !== name ? `${name} (${category})` : (name ?? category);
}
