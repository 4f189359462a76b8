import { Inject, Injectable } from '@nestjs/common';
import type { ToolAnnotations } from '@modelcontextprotocol/server';
import { ApiRequestSchemas, type FlowsForProspectsRequest } from '../../api/api-request.schemas.js';
import { ApiResponseSchemas } from '../../api/api-response.schemas.js';
import type { Principal } from '../../auth/principal.js';
import { EngageService } from '../../actions/engage.service.js';
import type { AgentMcpTool, AgentMcpToolAnswer } from '../agent-mcp-tool.interface.js';

/** `flows_for_prospects`: the REST read for a model (live from Gong, interactive priority). */
@Injectable()
export class FlowsForProspectsTool implements AgentMcpTool<typeof ApiRequestSchemas.flowsForProspects> {
  readonly name = 'flows_for_prospects';
  readonly title = 'Flows of prospects';
  readonly description =
    'The open Engage flows of CRM contacts or leads (by CRM id): which flow, whose, since when, its status and instance id (for unassign_flow). ' +
    'Only your own flow instances unless your Gong permissions cover others\' flows. Answered live from Gong.';
  readonly annotations: ToolAnnotations = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true };
  readonly tags = ['engage'] as const;
  readonly requiredScope = 'gong:read' as const;
  readonly inputSchema = ApiRequestSchemas.flowsForProspects;
  readonly outputSchema = ApiResponseSchemas.flowsForProspects;

  constructor(@Inject(EngageService) private readonly engage: EngageService) {}

  async run(principal: Principal, input: FlowsForProspectsRequest): Promise<AgentMcpToolAnswer> {
    const r = await this.engage.flowsForProspects(principal, input);
    return { data: { ...r }, text: `${r.assignments.length} open flow assignment(s)${r.hiddenCount ? `, ${r.hiddenCount} owned by others not shown` : ''}.\n${r.assignments.map((a) => `- ${String(a.crmProspectId)} in ${String(a.flowName ?? a.flowId)} (instance ${String(a.flowInstanceId)}, ${String(a.flowInstanceStatus ?? '')}, owner ${String(a.flowInstanceOwnerEmail ?? '')})`).join('\n')}` };
  }
}
