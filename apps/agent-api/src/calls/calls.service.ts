import { Inject, Injectable } from '@nestjs/common';
import { matchesFilter, toCallFacts } from '@gong-connector/access-core';
import { AppError, ErrorCode, type AccessFilter } from '@gong-connector/contracts';
import { CallQueryRepository, CallReadRepository, type CallListQuery, type CallRecord, type TranscriptRecord } from '@gong-connector/persistence';
import { AccountResolver } from '../accounts/account.resolver.js';
import { AGENT_API_CONFIG, LIVE_CALL_SOURCE } from '../agent-api.tokens.js';
import { DateRangeResolver } from '../dates/date-range.resolver.js';
import type { AgentApiConfig } from '../config.js';
import { AgentApiMetrics } from '../metrics/agent-api.metrics.js';
import { CallListCursor } from './call-list.cursor.js';
import { toCallSummaryView, toCallView, toTranscriptView, type CallSummaryView, type CallView, type TranscriptView } from './call.views.js';
import type { LiveCallSource } from './live-call.source.js';

export interface CallListPage {
  calls: CallSummaryView[];
  nextCursor: string | null;
  /** The range the calls were listed over, bare days read in `timeZone`. */
  range: { from: string | null; to: string | null; timeZone: string };
}

/** `GET /v1/calls` as the service takes it: dates as sent (day or date-time), the account as any reference. */
export interface CallListInput {
  filter: AccessFilter;
  from?: string | undefined;
  to?: string | undefined;
  account?: string | undefined;
  participant?: string | undefined;
  text?: string | undefined;
  limit: number;
  cursor?: string | undefined;
}

/** May this user see this call? The same rule the search index applies inside its queries. */
export function canSeeCall(filter: AccessFilter, call: CallRecord): boolean {
  const participantUserIds = [...new Set(call.parties.map((p) => p.userId).filter((id): id is string => id !== null))];
  return matchesFilter(filter, toCallFacts({ id: call.id, workspaceId: call.workspaceId, primaryUserId: call.primaryUserId, participantUserIds, isPrivate: call.isPrivate }));
}

const notFound = (id: string): AppError => new AppError(ErrorCode.NOT_FOUND, `No call ${id} that you may see`);

/**
 * Calls from the replica, filtered to what the user may see: a call the user may not see is
 * answered exactly like a missing one (NOT_FOUND). A call not replicated yet comes from the live
 * fallback (Gong at interactive priority), is stored, and is then checked like any other.
 */
@Injectable()
export class CallsService {
  constructor(
    @Inject(CallReadRepository) private readonly calls: CallReadRepository,
    @Inject(CallQueryRepository) private readonly queries: CallQueryRepository,
    @Inject(LIVE_CALL_SOURCE) private readonly live: LiveCallSource | null,
    @Inject(AgentApiMetrics) private readonly metrics: AgentApiMetrics,
    @Inject(AGENT_API_CONFIG) private readonly config: Pick<AgentApiConfig, 'AGENT_API_LIVE_FALLBACK'>,
    @Inject(DateRangeResolver) private readonly dates: DateRangeResolver,
    @Inject(AccountResolver) private readonly accounts: AccountResolver,
  ) {}

  async list(q: CallListInput): Promise<CallListPage> {
    const after = q.cursor === undefined ? undefined : CallListCursor.decode(q.cursor);
    const range = this.dates.resolve({ from: q.from, to: q.to });
    const accountIds = q.account === undefined ? undefined : await this.accounts.memberIds(q.filter, [q.account]);
    const query: CallListQuery = {
      filter: q.filter,
      startedFrom: range.from,
      startedTo: range.to,
      accountIds,
      participant: q.participant,
      text: q.text,
      limit: q.limit + 1,
      after,
    };
    const rows = await this.queries.listCalls(query);
    const page = rows.slice(0, q.limit);
    const last = page[page.length - 1];
    return {
      calls: page.map(toCallSummaryView),
      nextCursor: rows.length > q.limit && last ? CallListCursor.encode({ started: last.started, id: last.id }) : null,
      range: { from: range.from ?? null, to: range.to ?? null, timeZone: range.timeZone },
    };
  }

  async get(filter: AccessFilter, id: string): Promise<CallView> {
    return toCallView((await this.visible(filter, id)).call);
  }

  async transcript(
    filter: AccessFilter,
    id: string,
    options: { fromMs?: number | undefined; toMs?: number | undefined; cursor?: string | undefined; limit: number },
  ): Promise<TranscriptView> {
    const { call, transcript } = await this.visible(filter, id, true);
    const offset = options.cursor === undefined ? 0 : Number(options.cursor);
    if (!Number.isInteger(offset) || offset < 0) {
      throw new AppError(ErrorCode.VALIDATION_FAILED, 'Invalid query string: cursor: not a cursor of this transcript', { details: [{ path: 'cursor', message: 'not a cursor of this transcript' }] });
    }
    return toTranscriptView(call, transcript, { fromMs: options.fromMs, toMs: options.toMs, offset, limit: options.limit });
  }

  private async visible(filter: AccessFilter, id: string, withTranscript = false): Promise<{ call: CallRecord; transcript: TranscriptRecord | undefined }> {
    let call = await this.calls.getCall(id);
    let transcript: TranscriptRecord | undefined;
    if (!call && this.live && this.config.AGENT_API_LIVE_FALLBACK) {
      const fetched = await this.live.fetch(id);
      this.metrics.liveFallbacks.inc({ outcome: fetched ? 'found' : 'missing' });
      if (fetched) ({ call, transcript } = fetched);
    } else if (call && withTranscript) {
      transcript = await this.calls.getTranscript(id);
    }
    if (!call || !canSeeCall(filter, call)) throw notFound(id);
    return { call, transcript };
  }
}
