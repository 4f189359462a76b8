import { Inject, Injectable } from '@nestjs/common';
import type { ToolAnnotations } from '@modelcontextprotocol/server';
import { ApiRequestSchemas, type UpdateTaskRequest } from '../../api/api-request.schemas.js';
import { ApiResponseSchemas } from '../../api/api-response.schemas.js';
import type { Principal } from '../../auth/principal.js';
import { EngageService } from '../../actions/engage.service.js';
import { writeAnswerText } from '../../actions/write-answer.text.js';
import type { AgentMcpTool, AgentMcpToolAnswer } from '../agent-mcp-tool.interface.js';

/** `update_task`: a previewed, confirmed, idempotent and audited write in Gong (see GongWriteService). */
@Injectable()
export class UpdateTaskTool implements AgentMcpTool<typeof ApiRequestSchemas.updateTask> {
  readonly name = 'update_task';
  readonly title = 'Update an Engage to-do';
  readonly description =
    'Changes one of your Gong Engage to-dos: status (OPEN, DONE, DISMISSED), due date or priority (another user\'s to-do needs your Gong permission to manage others\' to-dos). ' +
    'A write in Gong: the first call answers a preview and a confirmationId; call again with the same arguments and confirm. Pass idempotencyKey to make retries safe.';
  readonly annotations: ToolAnnotations = { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true };
  readonly tags = ['engage'] as const;
  readonly requiredScope = 'gong:tasks:write' as const;
  readonly inputSchema = ApiRequestSchemas.updateTask;
  readonly outputSchema = ApiResponseSchemas.writeAnswer;

  constructor(@Inject(EngageService) private readonly engage: EngageService) {}

  async run(principal: Principal, input: UpdateTaskRequest): Promise<AgentMcpToolAnswer> {
    const answer = await this.engage.updateTask(principal, input);
    return { data: answer, text: writeAnswerText(answer) };
  }
}
