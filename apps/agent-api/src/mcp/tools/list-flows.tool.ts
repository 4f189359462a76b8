import { Inject, Injectable } from '@nestjs/common';
import type { ToolAnnotations } from '@modelcontextprotocol/server';
import { ApiRequestSchemas, type ListFlowsRequest } from '../../api/api-request.schemas.js';
import { ApiResponseSchemas } from '../../api/api-response.schemas.js';
import type { Principal } from '../../auth/principal.js';
import { EngageService } from '../../actions/engage.service.js';
import type { AgentMcpTool, AgentMcpToolAnswer } from '../agent-mcp-tool.interface.js';

/** `list_flows`: the REST read for a model (live from Gong, interactive priority). */
@Injectable()
export class ListFlowsTool implements AgentMcpTool<typeof ApiRequestSchemas.listFlows> {
  readonly name = 'list_flows';
  readonly title = 'List Engage flows';
  readonly description =
    'The Gong Engage flows (sequences) you may put prospects into: company flows, your own and those shared with you, with their folder and whether they are exclusive. ' +
    'Answered live from Gong (one request). Use a flow id with assign_flow.';
  readonly annotations: ToolAnnotations = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true };
  readonly tags = ['engage'] as const;
  readonly requiredScope = 'gong:read' as const;
  readonly inputSchema = ApiRequestSchemas.listFlows;
  readonly outputSchema = ApiResponseSchemas.listFlows;

  constructor(@Inject(EngageService) private readonly engage: EngageService) {}

  async run(principal: Principal, input: ListFlowsRequest): Promise<AgentMcpToolAnswer> {
    const r = await this.engage.listFlows(principal, input);
    return { data: { ...r }, text: `${r.flows.length} flows usable by ${r.ownerEmail}${r.nextCursor ? ' (more: pass cursor)' : ''}.\n${r.flows.map((f) => `- ${String(f.name)} (id ${String(f.id)}, ${String(f.visibility ?? '')}${f.exclusive ? ', exclusive' : ''})`).join('\n')}` };
  }
}
