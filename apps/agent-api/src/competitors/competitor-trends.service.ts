import { Inject, Injectable } from '@nestjs/common';
import type { Clock } from '@gong-connector/contracts';
import { CallQueryRepository, CompetitorMentionsRepository, type CompetitorMentionsQuery, type CompetitorQuoteRow } from '@gong-connector/persistence';
import { HIGHLIGHT_POST, HIGHLIGHT_PRE, type SearchHit, type SearchIndex } from '@gong-connector/search';
import { CLOCK } from '@gong-connector/platform';
import { SEARCH_INDEX } from '../agent-api.tokens.js';
import { domainsOf, type Principal } from '../auth/principal.js';
import { DateRangeResolver } from '../dates/date-range.resolver.js';
import { COMPETITOR_DEFAULT_WEEKS, type CompetitorQuoteView, type CompetitorTrendsRequest, type CompetitorTrendsView } from './competitor-trends.schemas.js';
import { DEAL_OUTCOME_SOURCE, type DealOutcomeSource } from './deal-outcome.source.js';

const WEEK_MS = 7 * 86_400_000;
/** A quote from the index is cut to this many characters (a monologue can be long). */
const QUOTE_CHARS = 400;
const SIDE: Record<string, CompetitorQuoteView['side']> = { External: 'customer', Internal: 'rep' };

const share = (part: number, whole: number): number | null => (whole > 0 ? Math.round((part / whole) * 1000) / 1000 : null);

/**
 * Competitive intelligence from the replica and the index (no Gong request): per competitor (a
 * phrase of a competitor tracker, or a tracker), mentions per week, the share of calls and deals
 * mentioning it, the win rate of closed deals with and without a mention, and its newest and most
 * relevant quotes. Every figure and quote covers only the calls the user may see (the AccessFilter
 * inside each statement and search); deal figures count only deals the profile's deals access
 * covers (deals whose visible calls a covered user hosted), none when it covers nobody.
 */
@Injectable()
export class CompetitorTrendsService {
  constructor(
    @Inject(CompetitorMentionsRepository) private readonly mentions: CompetitorMentionsRepository,
    @Inject(CallQueryRepository) private readonly queries: Pick<CallQueryRepository, 'callLinks'>,
    @Inject(SEARCH_INDEX) private readonly index: SearchIndex,
    @Inject(DEAL_OUTCOME_SOURCE) private readonly outcomes: DealOutcomeSource,
    @Inject(DateRangeResolver) private readonly dates: DateRangeResolver,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async trends(principal: Principal, r: CompetitorTrendsRequest): Promise<CompetitorTrendsView> {
    const resolved = this.dates.resolve({ from: r.from, to: r.to });
    const to = resolved.to ?? new Date(this.clock.now()).toISOString();
    const from = resolved.from ?? new Date(Date.parse(to) - COMPETITOR_DEFAULT_WEEKS * WEEK_MS).toISOString();
    const audience = domainsOf(principal).domains.dealsAccess;
    const query: CompetitorMentionsQuery = {
      filter: principal.filter,
      startedFrom: from,
      startedTo: to,
      trackers: r.tracker,
      groupBy: r.by,
      competitors: r.competitor,
      deals: { everyone: audience.everyone, userIds: audience.userIds },
    };
    const rows = await this.mentions.trends(query);
    const competitors = rows.competitors.slice(0, r.limit);
    const [outcomes, newest, relevant] = await Promise.all([
      this.outcomes.outcomesOf(rows.dealIds),
      this.mentions.newestQuotes({ ...query, competitors: competitors.map((c) => c.name) }, competitors.length > 0 ? r.quotes : 0),
      Promise.all(competitors.map((c) => this.relevantQuotes(principal, c.name, c.trackers.map((t) => t.name), from, to, r.quotes))),
    ]);
    const links = await this.queries.callLinks(relevant.flat().map((h) => h.callId));
    const closed = rows.dealIds.filter((id) => outcomes.has(id));
    const rate = (ids: string[]) => {
      const won = ids.filter((id) => outcomes.get(id) === 'won').length;
      const lost = ids.filter((id) => outcomes.get(id) === 'lost').length;
      return { won, lost, rate: share(won, won + lost) };
    };
    const noDeals = !audience.everyone && audience.userIds.length === 0;
    return {
      range: { from, to, timeZone: resolved.timeZone, defaulted: r.from === undefined },
      visibleCalls: rows.visibleCalls,
      deals: {
        counted: rows.dealIds.length,
        closed: closed.length,
        outcomesFrom: "the deals replica (else the calls' CRM context): the opportunity's newest stage, Closed Won or Closed Lost",
        note: noDeals
          ? 'Your Gong permission profile gives you no deals access: deal shares and win rates count no deal.'
          : audience.everyone
            ? null
            : "Deal figures count the deals whose calls you may see were hosted by users your Gong deals access covers.",
      },
      competitors: competitors.map((c, i) => {
        const mentioned = new Set(c.dealIds);
        return {
          name: c.name,
          trackers: c.trackers,
          mentions: c.mentions,
          calls: c.calls,
          callShare: share(c.calls, rows.visibleCalls),
          deals: c.dealIds.length,
          dealShare: share(c.dealIds.length, rows.dealIds.length),
          mentionsByWeek: c.weeks,
          winRate: { withMention: rate(closed.filter((id) => mentioned.has(id))), withoutMention: rate(closed.filter((id) => !mentioned.has(id))) },
          quotes: {
            newest: newest.filter((q) => q.competitor === c.name).map(toQuoteView),
            mostRelevant: relevant[i]!.map((h) => hitToQuote(h, links.get(h.callId)?.url ?? null)),
          },
        };
      }),
      note:
        rows.visibleCalls === 0
          ? 'There are no calls you may see in this range; widen the date range.'
          : competitors.length === 0
            ? `None of the ${rows.visibleCalls} calls you may see in this range mentions ${r.competitor ? 'these competitors' : 'a competitor'} (${r.tracker ? `trackers ${r.tracker.join(', ')}` : 'trackers named like "Competitors"'}); check the names with list_trackers.`
            : null,
    };
  }

  /** The index's best passages naming the competitor (the user's filter inside the query), customers first. */
  private async relevantQuotes(principal: Principal, name: string, trackers: string[], from: string, to: string, n: number): Promise<SearchHit[]> {
    if (n === 0) return [];
    const phrase = name.replace(/["\\]/g, ' ').trim();
    if (phrase === '') return [];
    const { hits } = await this.index.search({
      accessFilter: principal.filter,
      text: `"${phrase}"`,
      ...(trackers.length > 0 ? { trackerNames: trackers } : {}),
      sections: ['transcript'],
      startedFrom: from,
      startedTo: to,
      limit: Math.min(100, n * 3),
      facetSize: 0,
    });
    const rank = (h: SearchHit) => (h.chunk.speaker.affiliation === 'External' ? 0 : 1);
    return [...hits].sort((a, b) => rank(a) - rank(b)).slice(0, n);
  }
}

function toQuoteView(q: CompetitorQuoteRow): CompetitorQuoteView {
  const ms = Math.max(0, Math.floor(q.atSeconds * 1000));
  return {
    callId: q.callId,
    title: q.title,
    started: q.started,
    url: q.url,
    atSeconds: q.atSeconds,
    text: q.text,
    speaker: q.speaker,
    side: SIDE[q.speaker.affiliation ?? ''] ?? 'unknown',
    transcript: `/v1/calls/${q.callId}/transcript?fromMs=${ms}`,
  };
}

function hitToQuote(h: SearchHit, url: string | null): CompetitorQuoteView {
  const highlighted = h.highlight?.split(HIGHLIGHT_PRE).join('').split(HIGHLIGHT_POST).join('') ?? null;
  const text = highlighted ?? h.chunk.body;
  return {
    callId: h.callId,
    title: h.call.title,
    started: h.call.started,
    url,
    atSeconds: h.chunk.startMs / 1000,
    text: text.length > QUOTE_CHARS ? `${text.slice(0, QUOTE_CHARS - 1)}…` : text,
    speaker: { name: h.chunk.speaker.name, affiliation: h.chunk.speaker.affiliation ?? null, title: h.chunk.speaker.title },
    side: SIDE[h.chunk.speaker.affiliation ?? ''] ?? 'unknown',
    transcript: `/v1/calls/${h.callId}/transcript?fromMs=${h.chunk.startMs}`,
  };
}
