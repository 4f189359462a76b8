import { Inject, Injectable } from '@nestjs/common';
import { z } from 'zod';
import { ApiRequestSchemas } from '../../api/api-request.schemas.js';
import type { Principal } from '../../auth/principal.js';
import { CallsService } from '../../calls/calls.service.js';
import { READ_ONLY, type AgentMcpTool, type AgentMcpToolAnswer } from '../agent-mcp-tool.interface.js';

/** What `call_summary` answers (structuredContent). */
export const CallSummaryOutputSchema = z.object({
  id: z.string(),
  title: z.string(),
  started: z.string(),
  durationS: z.number(),
  url: z.string().nullable(),
  accounts: z.array(z.object({ id: z.string(), name: z.string() })),
  summary: z.object({
    brief: z.string().nullable(),
    outline: z.array(z.unknown()),
    highlights: z.array(z.unknown()),
    keyPoints: z.array(z.unknown()),
    callOutcome: z.unknown(),
    nextSteps: z.array(z.string()),
  }),
});

const textOf = (v: unknown): string | null => (v && typeof v === 'object' && typeof (v as { text?: unknown }).text === 'string' ? (v as { text: string }).text : null);

/** `call_summary`: Gong's own summary of one call (brief, outline, highlights, key points, outcome, next steps), without the transcript. */
@Injectable()
export class CallSummaryTool implements AgentMcpTool<typeof ApiRequestSchemas.callId> {
  readonly name = 'call_summary';
  readonly title = 'Summarize one call';
  readonly description =
    'What one Gong call the current user may see was about, without its transcript: Gong\'s brief, outline, highlights, key points, ' +
    'call outcome and next steps as Gong computed them, plus the call\'s Gong URL. Served from the replica (no Gong quota). ' +
    'A call the user may not see is reported as not found. Use get_transcript for the words themselves.';
  readonly annotations = READ_ONLY;
  readonly tags = ['calls'] as const;
  readonly requiredScope = 'gong:read' as const;
  readonly inputSchema = ApiRequestSchemas.callId;
  readonly outputSchema = CallSummaryOutputSchema;

  constructor(@Inject(CallsService) private readonly calls: CallsService) {}

  async run(principal: Principal, input: z.output<typeof ApiRequestSchemas.callId>): Promise<AgentMcpToolAnswer> {
    const c = await this.calls.get(principal.filter, input.callId);
    const data: z.infer<typeof CallSummaryOutputSchema> = {
      id: c.id,
      title: c.title,
      started: c.started,
      durationS: c.durationS,
      url: c.url,
      accounts: c.accounts.map((a) => ({ id: a.id, name: a.name })),
      summary: c.summary,
    };
    const s = c.summary;
    const outline = s.outline
      .map((o) => (o && typeof o === 'object' ? o as { section?: unknown; items?: unknown[] } : {}))
      .map((o) => `- ${String(o.section ?? '')}${Array.isArray(o.items) && o.items.length ? `: ${o.items.map(textOf).filter(Boolean).join('; ')}` : ''}`);
    const outcome = s.callOutcome && typeof s.callOutcome === 'object' ? (s.callOutcome as { name?: unknown }).name : undefined;
    const text = [
      `${c.title} (${c.started.slice(0, 10)}, ${Math.round(c.durationS / 60)} min) call ${c.id}${c.url ? ` ${c.url}` : ''}`,
      `Brief: ${s.brief ?? 'none'}`,
      ...(outline.length ? ['Outline:', ...outline] : []),
      ...(s.keyPoints.length ? ['Key points:', ...s.keyPoints.map((k) => `- ${textOf(k) ?? JSON.stringify(k)}`)] : []),
      `Outcome: ${typeof outcome === 'string' ? outcome : 'none'}`,
      `Next steps: ${s.nextSteps.length ? s.nextSteps.join('; ') : 'none recorded'}`,
    ].join('\n');
    return { data, text };
  }
}
