import { Inject, Injectable } from '@nestjs/common';
import type { ToolAnnotations } from '@modelcontextprotocol/server';
import { ApiRequestSchemas, type UnassignFlowRequest } from '../../api/api-request.schemas.js';
import { ApiResponseSchemas } from '../../api/api-response.schemas.js';
import type { Principal } from '../../auth/principal.js';
import { EngageService } from '../../actions/engage.service.js';
import { writeAnswerText } from '../../actions/write-answer.text.js';
import type { AgentMcpTool, AgentMcpToolAnswer } from '../agent-mcp-tool.interface.js';

/** `unassign_flow`: a previewed, confirmed, idempotent and audited write in Gong (see GongWriteService). */
@Injectable()
export class UnassignFlowTool implements AgentMcpTool<typeof ApiRequestSchemas.unassignFlow> {
  readonly name = 'unassign_flow';
  readonly title = 'Take prospects out of Engage flows';
  readonly description =
    'Takes a prospect out of its open Engage flows (or one flow), or removes given flow instances: their remaining steps stop. Only your own flow instances unless your Gong permissions cover others\'. ' +
    'A write in Gong: the first call answers a preview and a confirmationId; call again with the same arguments and confirm. Pass idempotencyKey to make retries safe.';
  readonly annotations: ToolAnnotations = { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true };
  readonly tags = ['engage'] as const;
  readonly requiredScope = 'gong:engage:write' as const;
  readonly inputSchema = ApiRequestSchemas.unassignFlow;
  readonly outputSchema = ApiResponseSchemas.writeAnswer;

  constructor(@Inject(EngageService) private readonly engage: EngageService) {}

  async run(principal: Principal, input: UnassignFlowRequest): Promise<AgentMcpToolAnswer> {
    const answer = await this.engage.unassignFlow(principal, input);
    return { data: answer, text: writeAnswerText(answer) };
  }
}
