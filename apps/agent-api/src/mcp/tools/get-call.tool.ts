import { Inject, Injectable } from '@nestjs/common';
import type { z } from 'zod';
import { ApiRequestSchemas } from '../../api/api-request.schemas.js';
import { ApiResponseSchemas } from '../../api/api-response.schemas.js';
import type { Principal } from '../../auth/principal.js';
import { CallsService } from '../../calls/calls.service.js';
import { READ_ONLY, type AgentMcpTool, type AgentMcpToolAnswer } from '../agent-mcp-tool.interface.js';

/** `get_call`: `GET /v1/calls/{callId}` for a model. */
@Injectable()
export class GetCallTool implements AgentMcpTool<typeof ApiRequestSchemas.callId> {
  readonly name = 'get_call';
  readonly title = 'Get one call';
  readonly description =
    'One Gong call the current user may see: title, start, duration, host, parties (name, email, title, Internal/External), ' +
    'accounts, CRM context (opportunities with stage and fields), topics and trackers, Gong URL, and Gong\'s summary (brief, outline, highlights, key points, outcome, next steps). A call the user may not see is reported ' +
    'as not found, exactly like a call that does not exist. Use get_transcript for what was said.';
  readonly annotations = READ_ONLY;
  readonly tags = ['calls'] as const;
  readonly requiredScope = 'gong:read' as const;
  readonly outputSchema = ApiResponseSchemas.call;
  readonly inputSchema = ApiRequestSchemas.callId;

  constructor(@Inject(CallsService) private readonly calls: CallsService) {}

  async run(principal: Principal, input: z.output<typeof ApiRequestSchemas.callId>): Promise<AgentMcpToolAnswer> {
    const c = await this.calls.get(principal.filter, input.callId);
    // Gong's call outcome (content.callOutcome: id, category, name), shown when the call has one.
    const outcome = c.summary.callOutcome && typeof c.summary.callOutcome === 'object' ? (c.summary.callOutcome as { name?: unknown; category?: unknown }) : undefined;
    const text = [
      `${c.title} (${c.started}, ${Math.round(c.durationS / 60)} min) call ${c.id}${c.url ? ` ${c.url}` : ''}`,
      `Brief: ${c.summary.brief ?? 'none'}`,
      ...(typeof outcome?.name === 'string' ? [`Outcome: ${outcome.name}${typeof outcome.category === 'string' ? ` (${outcome.category})` : ''}`] : []),
      ...(c.summary.nextSteps.length ? [`Next steps: ${c.summary.nextSteps.join('; ')}`] : []),
      `Accounts: ${c.accounts.map((a) => a.name).join(', ') || 'none'}`,
      `Parties: ${c.parties.map((p) => `${p.name ?? p.email ?? 'unknown'} (${p.affiliation}${p.title ? `, ${p.title}` : ''})`).join('; ')}`,
      `Topics: ${c.topics.map((t) => t.name).join(', ') || 'none'}`,
      `Trackers: ${c.trackers.filter((t) => t.count > 0).map((t) => `${t.name}×${t.count}`).join(', ') || 'none'}`,
      ...c.crmContext.map((o) => `CRM ${o.objectType} ${o.name ?? o.objectId}: ${o.fields.slice(0, 8).map((f) => `${f.name}=${String(f.value)}`).join(', ')}`),
    ].join('\n');
    return { data: { ...c }, text };
  }
}
