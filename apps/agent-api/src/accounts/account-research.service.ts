import { Inject, Injectable } from '@nestjs/common';
import type { AccessFilter, Clock } from '@gong-connector/contracts';
import { CallQueryRepository, type AccountListRow, type AccountTimelineRows, type ResolvedAccountRow } from '@gong-connector/persistence';
import { CLOCK } from '@gong-connector/platform';
import type { AccountResearchRequest, ListAccountsRequest } from '../api/api-request.schemas.js';
import { toCallSummaryView, type CallSummaryView } from '../calls/call.views.js';
import { DateRangeResolver } from '../dates/date-range.resolver.js';
import { PassageSearchService, type PassageView } from '../search/passage-search.service.js';
import { AccountResolver } from './account.resolver.js';

/** Passages of research are searched over the last this many days unless `from`/`to` say otherwise. */
export const RESEARCH_DEFAULT_DAYS = 90;
const DAY_MS = 86_400_000;

export interface AccountResearchView {
  account: NonNullable<AccountTimelineRows['account']> & {
    /** Every account id merged into this one (the CRM account and its contacts' email-domain accounts). */
    memberIds: string[];
    domains: string[];
    /** How the reference named it: id, crm-id, domain, name or partial-name. */
    matchedBy: ResolvedAccountRow['matchedBy'];
  };
  callCount: number;
  firstCallAt: string | null;
  lastActivityAt: string | null;
  callsByMonth: AccountTimelineRows['callsByMonth'];
  recentCalls: CallSummaryView[];
  participants: { internal: AccountTimelineRows['participants']; external: AccountTimelineRows['participants'] };
  topicsByMonth: AccountTimelineRows['topicsByMonth'];
  trackersByMonth: AccountTimelineRows['trackersByMonth'];
  question: string | null;
  /** The range the passages come from; `defaulted` when the request named none (the last 90 days). */
  range: { from: string | null; to: string | null; timeZone: string; defaulted: boolean; note: string };
  /** Passages of both sides, best first; each says its `side` (customer or rep). */
  passages: PassageView[];
  /** Why there are no passages (one sentence); null when there are, or no question was asked. */
  emptyReason: string | null;
}

/**
 * Account research from the replica and the index alone (zero Gong requests): the account's calls
 * over time, who took part on both sides, topics and trackers by month, last activity, and the
 * passages most relevant to a question within a date range. The account is named any way
 * `AccountResolver` knows and stands for its merged members. Only calls the user may see count; an
 * account with none is NOT_FOUND, like an account that does not exist.
 */
@Injectable()
export class AccountResearchService {
  constructor(
    @Inject(CallQueryRepository) private readonly queries: CallQueryRepository,
    @Inject(PassageSearchService) private readonly search: PassageSearchService,
    @Inject(AccountResolver) private readonly resolver: AccountResolver,
    @Inject(DateRangeResolver) private readonly dates: DateRangeResolver,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /**
   * The question's passages from both sides of the calls: the customer side (external and unknown
   * speakers) and the rep side searched apart, up to half each, the rest from whichever side has
   * more, best first; each passage says its side.
   */
  private async bothSides(
    filter: AccessFilter,
    q: string,
    limit: number,
    accountIds: string[],
    range: { from: string | undefined; to: string | undefined; timeZone: string },
  ): Promise<{ passages: PassageView[]; emptyReason: string | null }> {
    const side = (speakerAffiliation: ('Internal' | 'External' | 'Unknown')[]) =>
      this.search.searchResolved(filter, { q, accountIds, range, request: { limit, facets: 0, speakerAffiliation } }, { explain: false });
    const [customer, rep] = await Promise.all([side(['External', 'Unknown']), side(['Internal'])]);
    const customerShare = Math.min(customer.passages.length, Math.max(Math.ceil(limit / 2), limit - rep.passages.length));
    const passages = [...customer.passages.slice(0, customerShare), ...rep.passages.slice(0, limit - customerShare)].sort(
      (a, b) => b.score - a.score || (a.chunkId < b.chunkId ? -1 : a.chunkId > b.chunkId ? 1 : 0),
    );
    const emptyReason = passages.length === 0 ? await this.search.explainEmpty(filter, { q, accountIds, range, request: { limit, facets: 0 } }) : null;
    return { passages, emptyReason };
  }

  list(filter: AccessFilter, r: ListAccountsRequest): Promise<AccountListRow[]> {
    return this.queries.listAccounts(filter, { q: r.q, limit: r.limit, offset: r.offset });
  }

  async research(filter: AccessFilter, reference: string, r: AccountResearchRequest): Promise<AccountResearchView> {
    const defaulted = r.from === undefined && r.to === undefined;
    const range = defaulted
      ? { from: new Date(this.clock.now() - RESEARCH_DEFAULT_DAYS * DAY_MS).toISOString(), to: undefined, timeZone: this.dates.timeZone }
      : this.dates.resolve({ from: r.from, to: r.to });
    const account = await this.resolver.resolve(filter, reference);
    const [timeline, found] = await Promise.all([
      this.queries.accountTimeline(filter, account.id, { recentCalls: r.recentCalls, participants: 50, memberIds: account.memberIds }),
      r.q && r.passages > 0 ? this.bothSides(filter, r.q, r.passages, account.memberIds, range) : Promise.resolve(undefined),
    ]);
    const note = defaulted
      ? `Passages come from the last ${RESEARCH_DEFAULT_DAYS} days (since ${range.from}); pass from/to for another range.`
      : `Passages come from ${range.from ?? 'the beginning'} to ${range.to ?? 'now'} (days read in ${range.timeZone}).`;
    return {
      account: { ...timeline.account!, memberIds: account.memberIds, domains: account.domains, matchedBy: account.matchedBy },
      callCount: timeline.callCount,
      firstCallAt: timeline.firstCallAt,
      lastActivityAt: timeline.lastCallAt,
      callsByMonth: timeline.callsByMonth,
      recentCalls: timeline.recentCalls.map(toCallSummaryView),
      participants: {
        internal: timeline.participants.filter((p) => p.affiliation === 'Internal'),
        external: timeline.participants.filter((p) => p.affiliation !== 'Internal'),
      },
      topicsByMonth: timeline.topicsByMonth,
      trackersByMonth: timeline.trackersByMonth,
      question: r.q ?? null,
      range: { from: range.from ?? null, to: range.to ?? null, timeZone: range.timeZone, defaulted, note },
      passages: found?.passages ?? [],
      emptyReason: found?.emptyReason ?? null,
    };
  }
}
