import { Inject, Injectable } from '@nestjs/common';
import { requireProfileFlag, type Principal } from '../../auth/principal.js';
import { BriefingRequestSchema, BriefingResponseSchema, type BriefingRequest } from '../../briefings/briefing.schemas.js';
import { MeetingPrepService } from '../../briefings/meeting-prep.service.js';
import { READ_ONLY, type AgentMcpTool, type AgentMcpToolAnswer } from '../agent-mcp-tool.interface.js';
import { MCP_RESULT_BUDGET_BYTES, resultBytes } from '../agent-mcp.server-builder.js';
import type { BriefingView } from '../../briefings/briefing.schemas.js';

/** `meeting_prep`: `POST /v1/briefings`, a brief on one account before a meeting. */
@Injectable()
export class MeetingPrepTool implements AgentMcpTool<typeof BriefingRequestSchema> {
  readonly name = 'meeting_prep';
  readonly title = 'Prepare a meeting with an account';
  readonly description =
    'A brief before a meeting with one customer account, from the calls the current user may see: the account\'s last calls with Gong\'s brief, outcome, key points and next steps; ' +
    'for each attendee email, their history with us (calls attended, what they raised on this account\'s calls); the customer\'s open pricing or security objections; competitors the customer mentioned; ' +
    'and the deals of those calls with stage and risk factors (with the deals permission). History comes from the replica; then one live check of Gong (at most one request) for calls of the account ' +
    'from the last liveHours not replicated yet, skipped with a note when the quota breaker is open. Name the account by id, CRM id, email domain or name.';
  /** Reads the replica, then at most one Gong request (the live check): an open world, like the Engage reads. */
  readonly annotations = { ...READ_ONLY, openWorldHint: true };
  readonly tags = ['accounts', 'deals'] as const;
  readonly requiredScope = 'gong:read' as const;
  readonly outputSchema = BriefingResponseSchema;
  readonly inputSchema = BriefingRequestSchema;

  constructor(@Inject(MeetingPrepService) private readonly prep: MeetingPrepService) {}

  async run(principal: Principal, input: BriefingRequest): Promise<AgentMcpToolAnswer> {
    requireProfileFlag(principal, 'account', 'Meeting prep');
    let b = await this.prep.brief(principal, input);
    // Over the result budget the brief is cut here, never made again (that would be a second live
    // check): the oldest last calls first, then the attendees' passages, then the competitor quotes.
    const cuts: Array<(x: BriefingView) => BriefingView | null> = [
      (x) => (x.lastCalls.length > 1 ? { ...x, lastCalls: x.lastCalls.slice(0, -1) } : null),
      (x) => (x.attendees.some((a) => a.raised.length > 0) ? { ...x, attendees: x.attendees.map((a) => ({ ...a, raised: a.raised.slice(0, -1) })) } : null),
      (x) => (x.competitors.some((c) => c.quotes.length > 0) ? { ...x, competitors: x.competitors.map((c) => ({ ...c, quotes: [] })) } : null),
    ];
    for (const cut of cuts) {
      for (let next = cut(b); next && resultBytes(MeetingPrepTool.answer(b)) > MCP_RESULT_BUDGET_BYTES; next = cut(b)) b = next;
    }
    return MeetingPrepTool.answer(b);
  }

  private static answer(b: BriefingView): AgentMcpToolAnswer {
    const day = (s: string) => s.slice(0, 10);
    const text = [
      `Brief: ${b.account.name} (${b.account.id}); ${b.callsRead} calls read.`,
      'Last calls:',
      ...b.lastCalls.map(
        (c) =>
          `- ${day(c.started)} ${c.title}${c.internal ? ' [internal]' : ''} (${c.id})${c.outcome ? ` outcome: ${c.outcome}` : ''}${c.brief ? `\n  ${c.brief.slice(0, 300)}` : ''}` +
          `${c.nextSteps.length ? `\n  next steps: ${c.nextSteps.slice(0, 3).join('; ')}` : ''}`,
      ),
      ...(b.attendees.length ? ['Attendees:'] : []),
      ...b.attendees.map(
        (a) =>
          `- ${a.name ?? a.email}${a.title ? `, ${a.title}` : ''}${a.affiliation ? ` [${a.affiliation}]` : ''}: ${a.callsAttended} calls${a.lastCallAt ? `, last ${day(a.lastCallAt)}` : ''}` +
          a.raised.map((p) => `\n  raised (${day(p.started)}, call ${p.callId}): ${p.text.slice(0, 200)}`).join(''),
      ),
      `Open objections: ${b.openObjections.length ? b.openObjections.map((o) => `${o.topic} "${(o.quote ?? '').slice(0, 120)}" (call ${o.callId})`).join('; ') : 'none in the last customer calls'}`,
      `Competitors: ${b.competitors.length ? b.competitors.map((c) => `${c.name} ×${c.mentions}`).join(', ') : 'none mentioned'}`,
      ...b.deals.map((d) => `Deal ${d.name ?? d.dealId}: stage ${d.stage ?? 'unknown'}, risk ${d.score} (${d.level})${d.factors.length ? `: ${d.factors.slice(0, 3).map((f) => f.explanation).join('; ')}` : ''}`),
      ...(b.dealsNote ? [b.dealsNote] : []),
      `Live: ${b.live.note}`,
      ...b.live.newCalls.map((c) => `- not replicated yet: ${c.started} ${c.title} (${c.id})`),
    ].join('\n');
    return { data: { ...b }, text };
  }
}
