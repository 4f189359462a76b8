import { Inject, Injectable } from '@nestjs/common';
import type { ToolAnnotations } from '@modelcontextprotocol/server';
import { ApiRequestSchemas, type ListTasksRequest } from '../../api/api-request.schemas.js';
import { ApiResponseSchemas } from '../../api/api-response.schemas.js';
import type { Principal } from '../../auth/principal.js';
import { EngageService } from '../../actions/engage.service.js';
import type { AgentMcpTool, AgentMcpToolAnswer } from '../agent-mcp-tool.interface.js';

/** `list_tasks`: the REST read for a model (live from Gong, interactive priority). */
@Injectable()
export class ListTasksTool implements AgentMcpTool<typeof ApiRequestSchemas.listTasks> {
  readonly name = 'list_tasks';
  readonly title = 'List Engage to-dos';
  readonly description =
    'Your Gong Engage to-dos (call tasks from flows and manual ones), open by default; another user\'s only when your Gong permissions let you manage others\' to-dos. ' +
    'Answered live from Gong. Use a task id with update_task.';
  readonly annotations: ToolAnnotations = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true };
  readonly tags = ['engage'] as const;
  readonly requiredScope = 'gong:read' as const;
  readonly inputSchema = ApiRequestSchemas.listTasks;
  readonly outputSchema = ApiResponseSchemas.listTasks;

  constructor(@Inject(EngageService) private readonly engage: EngageService) {}

  async run(principal: Principal, input: ListTasksRequest): Promise<AgentMcpToolAnswer> {
    const r = await this.engage.listTasks(principal, input);
    return { data: { ...r }, text: `${r.tasks.length} to-do(s) of user ${r.userId}.\n${r.tasks.map((t) => `- ${String(t.title ?? '(untitled)')} (id ${String(t.id)}, ${String(t.status)}${t.dueDate ? `, due ${String(t.dueDate)}` : ''})`).join('\n')}` };
  }
}
