import { Inject, Injectable } from '@nestjs/common';
import { ApiRequestSchemas, type ListCallsRequest } from '../../api/api-request.schemas.js';
import { ApiResponseSchemas } from '../../api/api-response.schemas.js';
import type { Principal } from '../../auth/principal.js';
import { CallsService } from '../../calls/calls.service.js';
import { READ_ONLY, type AgentMcpTool, type AgentMcpToolAnswer } from '../agent-mcp-tool.interface.js';

/** Calls per page at most over MCP (REST allows more): keeps the structured content small. */
export const LIST_CALLS_PAGE_MAX = 50;

/** `list_calls`: `GET /v1/calls` for a model. */
@Injectable()
export class ListCallsTool implements AgentMcpTool<typeof ApiRequestSchemas.listCalls> {
  readonly name = 'list_calls';
  readonly title = 'List calls';
  readonly description =
    'Lists Gong calls the current user may see, newest first: id, title, start, duration, host user id, accounts, Gong URL. ' +
    'Filter by date range (days like 2026-11-01 in the company time zone, or ISO date-times), account (id, bare CRM id, email domain or name), participant (email or Gong user id) or text in the title. Up to 50 per page (fewer when a page would pass the 25 KB result budget); ' +
    'pass nextCursor back with the same filters for more. Use get_call for parties, CRM context, topics and trackers.';
  readonly annotations = READ_ONLY;
  readonly tags = ['calls'] as const;
  readonly requiredScope = 'gong:read' as const;
  readonly outputSchema = ApiResponseSchemas.listCalls;
  readonly inputSchema = ApiRequestSchemas.listCalls;
  readonly pageSizeArgument = 'limit';

  constructor(@Inject(CallsService) private readonly calls: CallsService) {}

  async run(principal: Principal, input: ListCallsRequest): Promise<AgentMcpToolAnswer> {
    const r = await this.calls.list({
      filter: principal.filter,
      from: input.from,
      to: input.to,
      account: input.account,
      participant: input.participant,
      text: input.text,
      limit: Math.min(input.limit, LIST_CALLS_PAGE_MAX),
      cursor: input.cursor,
    });
    const lines = r.calls.map((c) => `- ${c.id} | ${c.started.slice(0, 16)} | ${c.title} | ${c.accounts.map((a) => a.name).join(', ') || 'no account'}${c.internal ? ' | internal' : ''}${c.url ? ` | ${c.url}` : ''}`);
    return { data: { ...r }, pageSize: r.calls.length, text: `${r.calls.length} calls.\n${lines.join('\n')}${r.nextCursor ? `\nMore: cursor "${r.nextCursor}".` : ''}` };
  }
}
