import { Injectable } from '@nestjs/common';
import { ApiRequestSchemas, type ListBriefsRequest } from '../../api/api-request.schemas.js';
import { ApiResponseSchemas } from '../../api/api-response.schemas.js';
import type { Principal } from '../../auth/principal.js';
import type { AgentMcpTool, AgentMcpToolAnswer } from '../agent-mcp-tool.interface.js';
import { GongAiTool } from './gong-ai.tool-base.js';

/** `list_briefs`: the AI briefs configured in Gong (the names gong_brief takes). */
@Injectable()
export class ListBriefsTool extends GongAiTool<typeof ApiRequestSchemas.listBriefs> implements AgentMcpTool<typeof ApiRequestSchemas.listBriefs> {
  readonly name = 'list_briefs';
  readonly title = 'List the Gong AI briefs';
  readonly description = 'The AI briefs configured in Gong (Agent Studio > AI Briefer) with their workspace and whether they are published: gong_brief takes a published brief\'s name. No credits.';
  readonly tags = ['ai'] as const;
  readonly inputSchema = ApiRequestSchemas.listBriefs;
  readonly outputSchema = ApiResponseSchemas.listBriefs;

  async run(principal: Principal, input: ListBriefsRequest): Promise<AgentMcpToolAnswer> {
    const data = await this.ai.listBriefs(principal, input);
    const briefs = data.briefs as Array<{ briefName: string | null; workspaceId: string | null; published: boolean; description: string | null }>;
    return {
      data,
      text: `${briefs.length} Gong AI briefs:\n${briefs.map((b) => `- ${b.briefName ?? '(unnamed)'} (workspace ${b.workspaceId ?? '?'}${b.published ? '' : ', not published'})${b.description ? `: ${b.description}` : ''}`).join('\n')}`,
    };
  }
}
