import { Inject, Injectable } from '@nestjs/common';
import { AppError, ErrorCode, type AccessFilter } from '@gong-connector/contracts';
import { CallQueryRepository, type AccountListRow, type AccountTimelineRows } from '@gong-connector/persistence';
import type { AccountResearchRequest, ListAccountsRequest } from '../api/api-request.schemas.js';
import { toCallSummaryView, type CallSummaryView } from '../calls/call.views.js';
import { PassageSearchService, type PassageView } from '../search/passage-search.service.js';

export interface AccountResearchView {
  account: NonNullable<AccountTimelineRows['account']>;
  callCount: number;
  firstCallAt: string | null;
  lastActivityAt: string | null;
  callsByMonth: AccountTimelineRows['callsByMonth'];
  recentCalls: CallSummaryView[];
  participants: { internal: AccountTimelineRows['participants']; external: AccountTimelineRows['participants'] };
  topicsByMonth: AccountTimelineRows['topicsByMonth'];
  trackersByMonth: AccountTimelineRows['trackersByMonth'];
  question: string | null;
  passages: PassageView[];
}

/**
 * Account research from the replica and the index alone (zero Gong requests): the account's calls
 * over time, who took part on both sides, topics and trackers by month, last activity, and the
 * passages most relevant to a question. Only calls the user may see count; an account with none
 * is NOT_FOUND, like an account that does not exist.
 */
@Injectable()
export class AccountResearchService {
  constructor(
    @Inject(CallQueryRepository) private readonly queries: CallQueryRepository,
    @Inject(PassageSearchService) private readonly search: PassageSearchService,
  ) {}

  list(filter: AccessFilter, r: ListAccountsRequest): Promise<AccountListRow[]> {
    return this.queries.listAccounts(filter, { q: r.q, limit: r.limit, offset: r.offset });
  }

  async research(filter: AccessFilter, accountId: string, r: AccountResearchRequest): Promise<AccountResearchView> {
    const [timeline, found] = await Promise.all([
      this.queries.accountTimeline(filter, accountId, { recentCalls: r.recentCalls, participants: 50 }),
      r.q && r.passages > 0
        ? this.search.search(filter, { q: r.q, account: [accountId], limit: r.passages, facets: 0 })
        : Promise.resolve(undefined),
    ]);
    if (!timeline.account || timeline.callCount === 0) throw new AppError(ErrorCode.NOT_FOUND, `No account ${accountId} with calls that you may see`);
    return {
      account: timeline.account,
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
      passages: found?.passages ?? [],
    };
  }
}
