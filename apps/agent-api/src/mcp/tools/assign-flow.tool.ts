import { Inject, Injectable } from '@nestjs/common';
import type { ToolAnnotations } from '@modelcontextprotocol/server';
import { ApiRequestSchemas, type AssignFlowRequest } from '../../api/api-request.schemas.js';
import { ApiResponseSchemas } from '../../api/api-response.schemas.js';
import type { Principal } from '../../auth/principal.js';
import { EngageService } from '../../actions/engage.service.js';
import { writeAnswerText } from '../../actions/write-answer.text.js';
import type { AgentMcpTool, AgentMcpToolAnswer } from '../agent-mcp-tool.interface.js';

/** `assign_flow`: a previewed, confirmed, idempotent and audited write in Gong (see GongWriteService). */
@Injectable()
export class AssignFlowTool implements AgentMcpTool<typeof ApiRequestSchemas.assignFlow> {
  readonly name = 'assign_flow';
  readonly title = 'Put prospects into an Engage flow';
  readonly description =
    'Puts CRM contacts or leads into a Gong Engage flow, with you as the owner of its to-dos (another owner needs your Gong permission to assign flows to others). ' +
    'A write in Gong: the first call answers a preview and a confirmationId and changes nothing; show the preview to the user, then call again with the same arguments and confirm. ' +
    'Pass idempotencyKey so a retry never assigns twice.';
  readonly annotations: ToolAnnotations = { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true };
  readonly tags = ['engage'] as const;
  readonly requiredScope = 'gong:engage:write' as const;
  readonly inputSchema = ApiRequestSchemas.assignFlow;
  readonly outputSchema = ApiResponseSchemas.writeAnswer;

  constructor(@Inject(EngageService) private readonly engage: EngageService) {}

  async run(principal: Principal, input: AssignFlowRequest): Promise<AgentMcpToolAnswer> {
    const answer = await this.engage.assignFlow(principal, input);
    return { data: answer, text: writeAnswerText(answer) };
  }
}
