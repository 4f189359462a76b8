import { Inject, Injectable } from '@nestjs/common';
import { AppError, ErrorCode, type AccessFilter } from '@gong-connector/contracts';
import type { SearchIndex, SearchResult } from '@gong-connector/search';
import { SEARCH_INDEX } from '../agent-api.tokens.js';
import type { SearchRequest } from '../api/api-request.schemas.js';

export interface PassageView {
  chunkId: string;
  callId: string;
  score: number;
  highlight: string | null;
  text: string;
  speaker: { name: string | null; email: string | null; affiliation: string; title: string | null };
  startMs: number;
  endMs: number;
  topic: string | null;
  trackers: string[];
  call: { id: string; title: string; started: string; accounts: { id: string; name: string | null }[]; transcript: string };
}

export interface PassageSearchView {
  passages: PassageView[];
  total: number;
  totalCalls: number;
  facets: SearchResult['facets'];
  nextCursor: string | null;
}

/** Transcript passages (chunks) from the search index, with the user's access filter applied inside the query. */
@Injectable()
export class PassageSearchService {
  constructor(@Inject(SEARCH_INDEX) private readonly index: SearchIndex) {}

  async search(filter: AccessFilter, r: SearchRequest): Promise<PassageSearchView> {
    if (r.from && r.to && Date.parse(r.from) >= Date.parse(r.to)) {
      throw new AppError(ErrorCode.VALIDATION_FAILED, 'Invalid query string: to: must be after from', { details: [{ path: 'to', message: 'must be after from' }] });
    }
    const result = await this.index.search({
      accessFilter: filter,
      ...(r.q !== undefined ? { text: r.q } : {}),
      ...(r.account ? { accountIds: r.account } : {}),
      ...(r.call ? { callIds: r.call } : {}),
      ...(r.from ? { startedFrom: r.from } : {}),
      ...(r.to ? { startedTo: r.to } : {}),
      ...(r.speakerAffiliation ? { speakerAffiliations: r.speakerAffiliation } : {}),
      ...(r.speakerEmail ? { speakerEmails: r.speakerEmail } : {}),
      ...(r.tracker ? { trackerNames: r.tracker } : {}),
      ...(r.topic ? { topics: r.topic } : {}),
      limit: r.limit,
      facetSize: r.facets,
      ...(r.cursor ? { cursor: r.cursor } : {}),
    });
    return {
      passages: result.hits.map((h) => ({
        chunkId: h.chunkId,
        callId: h.callId,
        score: h.score,
        highlight: h.highlight,
        text: h.chunk.body,
        speaker: { name: h.chunk.speaker.name, email: h.chunk.speaker.email, affiliation: h.chunk.speaker.affiliation ?? 'Unknown', title: h.chunk.speaker.title },
        startMs: h.chunk.startMs,
        endMs: h.chunk.endMs,
        topic: h.chunk.topic,
        trackers: h.chunk.trackers.map((t) => t.name),
        call: {
          id: h.call.callId,
          title: h.call.title,
          started: h.call.started,
          accounts: h.call.accounts,
          transcript: `/v1/calls/${h.call.callId}/transcript?fromMs=${h.chunk.startMs}`,
        },
      })),
      total: result.total,
      totalCalls: result.totalCalls,
      facets: result.facets,
      nextCursor: result.nextCursor,
    };
  }
}
