import { Inject, Injectable } from '@nestjs/common';
import { ApiRequestSchemas, type CallTranscriptRequest } from '../../api/api-request.schemas.js';
import { ApiResponseSchemas } from '../../api/api-response.schemas.js';
import type { Principal } from '../../auth/principal.js';
import { CallsService } from '../../calls/calls.service.js';
import { READ_ONLY, type AgentMcpTool, type AgentMcpToolAnswer } from '../agent-mcp-tool.interface.js';
import { ToolText } from '../tool-text.format.js';

/** Monologues per page at most over MCP (REST allows more): keeps the structured content small. */
export const GET_TRANSCRIPT_PAGE_MAX = 100;

/** `get_transcript`: `GET /v1/calls/{callId}/transcript` for a model. */
@Injectable()
export class GetTranscriptTool implements AgentMcpTool<typeof ApiRequestSchemas.callTranscript> {
  readonly name = 'get_transcript';
  readonly title = 'Read a call transcript';
  readonly description =
    'The transcript of one call the current user may see, as monologues with speakers resolved (name, title, Internal/External) ' +
    'and offsets in ms. Paged: up to 100 monologues per page (the default; fewer when they are long, to stay under the 25 KB result budget); ' +
    'pass nextCursor back with the same callId for more. ' +
    'fromMs/toMs restrict to a time range (e.g. around a passage from search_calls).';
  readonly annotations = READ_ONLY;
  readonly tags = ['calls'] as const;
  readonly requiredScope = 'gong:read' as const;
  readonly outputSchema = ApiResponseSchemas.transcript;
  readonly inputSchema = ApiRequestSchemas.callTranscript;
  readonly pageSizeArgument = 'limit';

  constructor(@Inject(CallsService) private readonly calls: CallsService) {}

  async run(principal: Principal, input: CallTranscriptRequest): Promise<AgentMcpToolAnswer> {
    const { callId, ...page } = input;
    const t = await this.calls.transcript(principal.filter, callId, { ...page, limit: Math.min(page.limit, GET_TRANSCRIPT_PAGE_MAX) });
    const lines = t.monologues.map((m) => `[${ToolText.offset(m.startMs)}] ${m.speaker.name ?? 'Unknown speaker'} (${m.speaker.affiliation}): ${m.text}`);
    return {
      data: { ...t },
      pageSize: t.monologues.length,
      text: `${t.title} (${t.started}) — monologues ${t.monologues[0]?.index ?? 0}-${t.monologues.at(-1)?.index ?? -1} of ${t.totalMonologues}\n${lines.join('\n')}${t.nextCursor ? `\nMore: cursor "${t.nextCursor}".` : ''}`,
    };
  }
}
