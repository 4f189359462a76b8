import { Inject, Injectable } from '@nestjs/common';
import type { AccessFilter } from '@gong-connector/contracts';
import { CallQueryRepository } from '@gong-connector/persistence';
import type { SearchHit, SearchIndex, SearchQueryInput, SearchResult } from '@gong-connector/search';
import { AccountResolver } from '../accounts/account.resolver.js';
import { SEARCH_INDEX } from '../agent-api.tokens.js';
import type { SearchRequest } from '../api/api-request.schemas.js';
import { DateRangeResolver, type ResolvedDateRange } from '../dates/date-range.resolver.js';

export interface PassageView {
  chunkId: string;
  callId: string;
  score: number;
  highlight: string | null;
  text: string;
  speaker: { name: string | null; email: string | null; affiliation: string; title: string | null };
  /** Who said it: `customer` (an external participant), `rep` (someone of the company) or `unknown`. */
  side: 'customer' | 'rep' | 'unknown';
  startMs: number;
  endMs: number;
  topic: string | null;
  trackers: string[];
  call: {
    id: string;
    title: string;
    started: string;
    /** The call's page in Gong. */
    url: string | null;
    /** Only people of the company took part (e.g. a deal review about the account). */
    internal: boolean;
    accounts: { id: string; name: string | null }[];
    transcript: string;
  };
}

export interface PassageSearchView {
  passages: PassageView[];
  total: number;
  /** `eq`: `total` is exact; `gte`: at least `total` (the PostgreSQL index counts within its ranking window). */
  totalRelation: SearchResult['totalRelation'];
  totalCalls: number;
  facets: SearchResult['facets'];
  nextCursor: string | null;
  /** The range searched, bare days read in `timeZone`. */
  range: { from: string | null; to: string | null; timeZone: string };
  /** Why nothing was found, in one sentence an agent can act on; null when passages were found. */
  emptyReason: string | null;
}

/** A search request with its account references and dates already resolved (account research). */
export interface ResolvedSearch {
  q?: string | undefined;
  accountIds?: readonly string[] | undefined;
  range: ResolvedDateRange;
  request: Omit<SearchRequest, 'account' | 'from' | 'to' | 'q'>;
}

const SIDE = { External: 'customer', Internal: 'rep' } as const;

/**
 * Transcript passages (chunks) from the search index, with the user's access filter applied inside
 * the query; accounts may be named any way `AccountResolver` knows, dates as days or date-times.
 * Each passage carries its call's Gong URL (from the replica), its side, and an empty answer says why.
 */
@Injectable()
export class PassageSearchService {
  constructor(
    @Inject(SEARCH_INDEX) private readonly index: SearchIndex,
    @Inject(CallQueryRepository) private readonly queries: CallQueryRepository,
    @Inject(DateRangeResolver) private readonly dates: DateRangeResolver,
    @Inject(AccountResolver) private readonly accounts: AccountResolver,
  ) {}

  /** `explain: false` leaves `emptyReason` null (a caller that does not show it saves the reads that explain). */
  async search(filter: AccessFilter, r: SearchRequest, options: { explain?: boolean } = {}): Promise<PassageSearchView> {
    const range = this.dates.resolve({ from: r.from, to: r.to });
    const accountIds = r.account ? await this.accounts.memberIds(filter, r.account) : undefined;
    const { q, account: _account, from: _from, to: _to, ...request } = r;
    return this.searchResolved(filter, { q, accountIds, range, request }, options);
  }

  /** `explain: false` leaves `emptyReason` null (a caller combining searches explains once, with `explainEmpty`). */
  async searchResolved(filter: AccessFilter, s: ResolvedSearch, options: { explain?: boolean } = {}): Promise<PassageSearchView> {
    const result = await this.searchHits(filter, s);
    return {
      passages: await this.toPassages(result.hits),
      total: result.total,
      totalRelation: result.totalRelation,
      totalCalls: result.totalCalls,
      facets: result.facets,
      nextCursor: result.nextCursor,
      range: { from: s.range.from ?? null, to: s.range.to ?? null, timeZone: s.range.timeZone },
      emptyReason: result.hits.length === 0 && !s.request.cursor && options.explain !== false ? await this.explainEmpty(filter, s) : null,
    };
  }

  /** The index's answer alone (no replica read): for a caller that picks among the hits first (account research). */
  searchHits(filter: AccessFilter, s: ResolvedSearch): Promise<SearchResult> {
    return this.index.search(this.indexQuery(filter, s));
  }

  /** Hits as passages: each with its side and its call's Gong URL and internal flag (one replica read for all). */
  async toPassages(hits: readonly SearchHit[]): Promise<PassageView[]> {
    const links = await this.queries.callLinks(hits.map((h) => h.callId));
    return hits.map((h) => {
      const affiliation = h.chunk.speaker.affiliation ?? 'Unknown';
      return {
        chunkId: h.chunkId,
        callId: h.callId,
        score: h.score,
        highlight: h.highlight,
        text: h.chunk.body,
        speaker: { name: h.chunk.speaker.name, email: h.chunk.speaker.email, affiliation, title: h.chunk.speaker.title },
        side: PassageSearchService.sideOf(h),
        startMs: h.chunk.startMs,
        endMs: h.chunk.endMs,
        topic: h.chunk.topic,
        trackers: h.chunk.trackers.map((t) => t.name),
        call: {
          id: h.call.callId,
          title: h.call.title,
          started: h.call.started,
          url: links.get(h.callId)?.url ?? null,
          internal: links.get(h.callId)?.internal ?? false,
          accounts: h.call.accounts,
          transcript: `/v1/calls/${h.call.callId}/transcript?fromMs=${h.chunk.startMs}`,
        },
      };
    });
  }

  /** Who said a hit: `customer` (External), `rep` (Internal) or `unknown`. */
  static sideOf(hit: SearchHit): PassageView['side'] {
    return (SIDE as Record<string, 'customer' | 'rep'>)[hit.chunk.speaker.affiliation ?? 'Unknown'] ?? 'unknown';
  }

  private indexQuery(filter: AccessFilter, s: ResolvedSearch): SearchQueryInput {
    const r = s.request;
    return {
      accessFilter: filter,
      ...(s.q !== undefined ? { text: s.q } : {}),
      ...(s.accountIds ? { accountIds: [...s.accountIds] } : {}),
      ...(r.call ? { callIds: r.call } : {}),
      ...(s.range.from ? { startedFrom: s.range.from } : {}),
      ...(s.range.to ? { startedTo: s.range.to } : {}),
      ...(r.speakerAffiliation ? { speakerAffiliations: r.speakerAffiliation } : {}),
      ...(r.speakerEmail ? { speakerEmails: r.speakerEmail } : {}),
      ...(r.tracker ? { trackerNames: r.tracker } : {}),
      ...(r.topic ? { topics: r.topic } : {}),
      limit: r.limit,
      facetSize: r.facets,
      ...(r.cursor ? { cursor: r.cursor } : {}),
    };
  }

  /**
   * Why a first page came back empty: no call the user may see in the range (never whether others
   * exist), the index still catching up (calls with a stored transcript not searchable yet), or no
   * passage matching the words or filters.
   */
  async explainEmpty(filter: AccessFilter, s: ResolvedSearch): Promise<string> {
    const query = this.indexQuery(filter, s);
    const { text: _text, speakerAffiliations: _a, speakerEmails: _e, trackerNames: _t, topics: _p, ...scope } = query;
    const [stored, indexed] = await Promise.all([
      this.queries.countCallsWithTranscript({ filter, startedFrom: s.range.from, startedTo: s.range.to, accountIds: s.accountIds }),
      this.index.search({ ...scope, limit: 1, facetSize: 0 }),
    ]);
    const where = s.range.from || s.range.to ? ` between ${s.range.from ?? 'the beginning'} and ${s.range.to ?? 'now'} (${s.range.timeZone})` : '';
    if (stored === 0 && indexed.totalCalls === 0) {
      return `There are no calls you may see${s.accountIds ? ' of this account' : ''}${where}; widen the date range${s.accountIds ? ' or check the account' : ''}.`;
    }
    if (indexed.totalCalls < stored) {
      return `The search index is still catching up: ${stored - indexed.totalCalls} of ${stored} calls you may see here are not searchable yet; try again in a few minutes.`;
    }
    return query.text !== undefined
      ? `No passage in the ${indexed.totalCalls} calls you may see here matched the question; try other or fewer words, or drop a filter.`
      : `No passage in the ${indexed.totalCalls} calls you may see here matched these filters; drop a speaker, tracker or topic filter.`;
  }
}
