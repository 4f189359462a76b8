import { Inject, Injectable } from '@nestjs/common';
import type { AccessFilter, Clock } from '@gong-connector/contracts';
import { CallQueryRepository, type AccountListRow, type AccountTimelineRows, type ResolvedAccountRow } from '@gong-connector/persistence';
import { MAX_SEARCH_LIMIT } from '@gong-connector/search';
import { CLOCK } from '@gong-connector/platform';
import type { AccountResearchRequest, ListAccountsRequest } from '../api/api-request.schemas.js';
import { accessFilterKey, KeptAnswers } from '../cache/kept-answers.js';
import { toCallSummaryView, type CallSummaryView } from '../calls/call.views.js';
import { DateRangeResolver } from '../dates/date-range.resolver.js';
import { PassageSearchService, type PassageView } from '../search/passage-search.service.js';
import { AccountResolver } from './account.resolver.js';

/** Passages of research are searched over the last this many days unless `from`/`to` say otherwise. */
export const RESEARCH_DEFAULT_DAYS = 90;
/** Hits a research search asks for per passage answered: the pool both sides' quotas are filled from. */
export const RESEARCH_CANDIDATES_PER_PASSAGE = 2;
const DAY_MS = 86_400_000;
/** Account timelines kept (by accounts data version, access filter, account and sizes): a few kilobytes each. */
const TIMELINES_KEPT = 1_000;

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
  private readonly timelines = new KeptAnswers<AccountTimelineRows>(TIMELINES_KEPT);

  constructor(
    @Inject(CallQueryRepository) private readonly queries: CallQueryRepository,
    @Inject(PassageSearchService) private readonly search: PassageSearchService,
    @Inject(AccountResolver) private readonly resolver: AccountResolver,
    @Inject(DateRangeResolver) private readonly dates: DateRangeResolver,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /**
   * The question's passages from both sides of the calls, from one search of the account's calls:
   * among its best `limit * RESEARCH_CANDIDATES_PER_PASSAGE` hits, the customer side (external and
   * unknown speakers) and the rep side get up to half of the passages each, the rest going to
   * whichever side has more, best first; each passage says its side. Only the passages kept are read
   * from the replica (their calls' Gong URLs), and an empty answer is explained.
   */
  private async bothSides(
    filter: AccessFilter,
    q: string,
    limit: number,
    accountIds: string[],
    range: { from: string | undefined; to: string | undefined; timeZone: string },
  ): Promise<{ passages: PassageView[]; emptyReason: string | null }> {
    const search = { q, accountIds, range, request: { limit: Math.min(MAX_SEARCH_LIMIT, limit * RESEARCH_CANDIDATES_PER_PASSAGE), facets: 0 } };
    const { hits } = await this.search.searchHits(filter, search);
    if (hits.length === 0) return { passages: [], emptyReason: await this.search.explainEmpty(filter, search) };
    const rep = hits.filter((h) => PassageSearchService.sideOf(h) === 'rep');
    const customer = hits.filter((h) => PassageSearchService.sideOf(h) !== 'rep');
    const customerShare = Math.min(customer.length, Math.max(Math.ceil(limit / 2), limit - rep.length));
    const kept = [...customer.slice(0, customerShare), ...rep.slice(0, limit - customerShare)].sort(
      (a, b) => b.score - a.score || (a.chunkId < b.chunkId ? -1 : a.chunkId > b.chunkId ? 1 : 0),
    );
    return { passages: await this.search.toPassages(kept), emptyReason: null };
  }

  list(filter: AccessFilter, r: ListAccountsRequest): Promise<AccountListRow[]> {
    return this.queries.listAccounts(filter, { q: r.q, limit: r.limit, offset: r.offset });
  }

  /**
   * The account's timeline, kept by the replica's `accounts` data version (read before it; every
   * committed write to the accounts, calls, parties, topics or trackers moves it), the access filter,
   * the account and the sizes asked: an agent's several questions about one account read it once.
   */
  private timeline(version: string, filter: AccessFilter, accountId: string, options: { recentCalls: number; participants: number; memberIds: string[] }): Promise<AccountTimelineRows> {
    const key = `${version}|${accessFilterKey(filter)}|${JSON.stringify([accountId, options])}`;
    return this.timelines.get(key, () => this.queries.accountTimeline(filter, accountId, options));
  }

  async research(filter: AccessFilter, reference: string, r: AccountResearchRequest): Promise<AccountResearchView> {
    const defaulted = r.from === undefined && r.to === undefined;
    const range = defaulted
      ? { from: new Date(this.clock.now() - RESEARCH_DEFAULT_DAYS * DAY_MS).toISOString(), to: undefined, timeZone: this.dates.timeZone }
      : this.dates.resolve({ from: r.from, to: r.to });
    // One version for the resolution and the timeline, read before either.
    const version = await this.queries.accountsVersion();
    const account = await this.resolver.resolve(filter, reference, 'account', version);
    const [timeline, found] = await Promise.all([
      this.timeline(version, filter, account.id, { recentCalls: r.recentCalls, participants: 50, memberIds: account.memberIds }),
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
