import { Inject, Injectable } from '@nestjs/common';
import { ApiRequestSchemas, type SearchRequest } from '../../api/api-request.schemas.js';
import { ApiResponseSchemas } from '../../api/api-response.schemas.js';
import type { Principal } from '../../auth/principal.js';
import { PassageSearchService } from '../../search/passage-search.service.js';
import { READ_ONLY, type AgentMcpTool, type AgentMcpToolAnswer } from '../agent-mcp-tool.interface.js';
import { ToolText } from '../tool-text.format.js';

/** Passages per page at most over MCP (REST allows more): keeps the structured content small. */
export const SEARCH_CALLS_PAGE_MAX = 25;

/** `search_calls`: `GET /v1/search` for a model. */
@Injectable()
export class SearchCallsTool implements AgentMcpTool<typeof ApiRequestSchemas.search> {
  readonly name = 'search_calls';
  readonly title = 'Search call transcripts';
  readonly description =
    'Full-text search over the transcripts of Gong calls the current user may see (other calls are never searched or counted). ' +
    'Returns passages: what was said, who said it (name, company side), when in the call, and the call (id, title, date, accounts), ' +
    'plus totals and facets (accounts, speakers, trackers, sections). q may be a natural-language question: passages are ranked by how much of it they cover (sales synonyms and Gong trackers count; ' +
    'near-duplicates collapse, one call cannot fill a page); Gong\'s call summaries are searchable too (section "summary"). Explicit syntax is honoured exactly: "exact phrase", OR, -exclude. ' +
    'Filter by accounts (id, bare CRM id, email domain or name; a CRM account includes its contacts\' domains), call ids, date range (days like 2026-11-01 in the company time zone, or ISO date-times), speaker affiliation or email, tracker or topic. Pages of up to 25 passages (fewer when a page would pass the 25 KB result budget); ' +
    'pass nextCursor back unchanged with the same arguments for more. Use get_transcript with a passage callId and fromMs to read around it.';
  readonly annotations = READ_ONLY;
  readonly tags = ['search', 'calls'] as const;
  readonly requiredScope = 'gong:read' as const;
  readonly outputSchema = ApiResponseSchemas.search;
  readonly inputSchema = ApiRequestSchemas.search;
  readonly pageSizeArgument = 'limit';

  constructor(@Inject(PassageSearchService) private readonly search: PassageSearchService) {}

  async run(principal: Principal, input: SearchRequest): Promise<AgentMcpToolAnswer> {
    const r = await this.search.search(principal.filter, { ...input, limit: Math.min(input.limit, SEARCH_CALLS_PAGE_MAX) });
    const lines = r.passages.map(
      (p, i) =>
        `${i + 1}. [${p.call.title}${p.call.internal ? ' (internal)' : ''} | ${p.call.started.slice(0, 10)} | call ${p.callId} @ ${ToolText.offset(p.startMs)}${p.call.url ? ` | ${p.call.url}` : ''}] ${p.speaker.name ?? 'Unknown'} (${p.side}): ${p.highlight ?? p.text}`,
    );
    return {
      data: { ...r },
      pageSize: r.passages.length,
      text: `${r.totalRelation === 'gte' ? 'At least ' : ''}${r.total} passages in ${r.totalRelation === 'gte' ? 'at least ' : ''}${r.totalCalls} calls match.${r.emptyReason ? ` ${r.emptyReason}` : ''}\n${lines.join('\n')}${r.nextCursor ? `\nMore: call again with cursor "${r.nextCursor}".` : ''}`,
    };
  }
}
