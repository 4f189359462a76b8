import { Inject, Injectable } from '@nestjs/common';
import type { ToolAnnotations } from '@modelcontextprotocol/server';
import { ApiRequestSchemas, type ListBriefsRequest } from '../../api/api-request.schemas.js';
import { ApiResponseSchemas } from '../../api/api-response.schemas.js';
import type { Principal } from '../../auth/principal.js';
import { GongAiService } from '../../gong-ai/gong-ai.service.js';
import type { AgentMcpTool, AgentMcpToolAnswer } from '../agent-mcp-tool.interface.js';

/** `list_briefs`: the AI briefs configured in Gong (the names gong_brief takes). */
@Injectable()
export class ListBriefsTool implements AgentMcpTool<typeof ApiRequestSchemas.listBriefs> {
  readonly name = 'list_briefs';
  readonly title = 'List the Gong AI briefs';
  readonly description = 'The AI briefs configured in Gong (Agent Studio > AI Briefer) with their workspace and whether they are published: gong_brief takes a published brief\'s name. No credits.';
  readonly annotations: ToolAnnotations = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true };
  readonly tags = ['ai'] as const;
  readonly requiredScope = 'gong:ai' as const;
  readonly inputSchema = ApiRequestSchemas.listBriefs;
  readonly outputSchema = ApiResponseSchemas.listBriefs;

  constructor(@Inject(GongAiService) private readonly ai: GongAiService) {}

  get enabled(): boolean {
    return this.ai.enabled;
  }

  async run(principal: Principal, input: ListBriefsRequest): Promise<AgentMcpToolAnswer> {
    const data = await this.ai.listBriefs(principal, input);
    const briefs = data.briefs as Array<{ briefName: string | null; workspaceId: string | null; published: boolean; description: string | null }>;
    return {
      data,
      text: `${briefs.length} Gong AI briefs:\n${briefs.map((b) => `- ${b.briefName ?? '(unnamed)'} (workspace ${b.workspaceId ?? '?'}${b.published ? '' : ', not published'})${b.description ? `: ${b.description}` : ''}`).join('\n')}`,
    };
  }
}
