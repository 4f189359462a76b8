import { Injectable } from '@nestjs/common';
import { ApiRequestSchemas, type AskGongRequest } from '../../api/api-request.schemas.js';
import { ApiResponseSchemas } from '../../api/api-response.schemas.js';
import type { Principal } from '../../auth/principal.js';
import type { AgentMcpTool, AgentMcpToolAnswer } from '../agent-mcp-tool.interface.js';
import { GongAiTool } from './gong-ai.tool-base.js';
import { gongAiAnswerText } from '../../gong-ai/gong-ai-answer.text.js';

/** `ask_gong`: Gong's AI answer to a question about an account, deal or contact (Gong credits). */
@Injectable()
export class AskGongTool extends GongAiTool<typeof ApiRequestSchemas.askGong> implements AgentMcpTool<typeof ApiRequestSchemas.askGong> {
  readonly name = 'ask_gong';
  readonly title = 'Ask Gong AI about an account, deal or contact';
  readonly description =
    "Asks Gong's own AI a question about a CRM account, deal or contact, answered by Gong from up to 60 of its calls and 500 emails in a period (emails are reachable only this way). " +
    'Costs Gong credits: the same question about the same entity and period is answered from a cache for a while. For questions over calls alone, account_research and search_calls cost nothing. ' +
    'Only about an entity you may see at least one call of; cited calls you may not see are counted, not named.';
  readonly tags = ['ai', 'accounts', 'deals'] as const;
  readonly inputSchema = ApiRequestSchemas.askGong;
  readonly outputSchema = ApiResponseSchemas.askGong;

  async run(principal: Principal, input: AskGongRequest): Promise<AgentMcpToolAnswer> {
    const data = await this.ai.ask(principal, input);
    return { data, text: gongAiAnswerText(data) };
  }
}
