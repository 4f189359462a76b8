import { Inject, Injectable } from '@nestjs/common';
import { ApiRequestSchemas, type RepCoachingRequest } from '../../api/api-request.schemas.js';
import { ApiResponseSchemas } from '../../api/api-response.schemas.js';
import type { Principal } from '../../auth/principal.js';
import { CoachingService, type FigureView } from '../../coaching/coaching.service.js';
import { READ_ONLY, type AgentMcpTool, type AgentMcpToolAnswer } from '../agent-mcp-tool.interface.js';

const fmt = (v: number | null) => (v === null ? 'n/a' : Number.isInteger(v) ? String(v) : v.toFixed(2));
const line = (name: string, f: FigureView) => `${name} ${fmt(f.value)} (team median ${fmt(f.teamMedian)}, before ${fmt(f.previous)})`;

/** `rep_scorecard`: `GET /v1/users/{id}/coaching` for a model. */
@Injectable()
export class RepScorecardTool implements AgentMcpTool<typeof ApiRequestSchemas.repCoaching> {
  readonly name = 'rep_scorecard';
  readonly title = "A rep's coaching picture";
  readonly description =
    'How one rep is doing over a period (default the last 30 days): activity counters, interaction stats (talk ratio, longest monologue, interactivity, patience, question rate) ' +
    "and scorecard averages per question, each beside the median of their manager's team and the rep's own previous period; then the two weakest scorecard areas with passages " +
    "from the rep's calls that show them (with call links). Answered from the replica (no Gong quota). Each part obeys your Gong permissions (insights, coaching, calls): " +
    "withheld lists what was left out and why. Name the rep by Gong user id (whoami and list_calls show ids).";
  readonly annotations = READ_ONLY;
  readonly tags = ['coaching'] as const;
  readonly requiredScope = 'gong:read' as const;
  readonly inputSchema = ApiRequestSchemas.repCoaching;
  readonly outputSchema = ApiResponseSchemas.repCoaching;

  constructor(@Inject(CoachingService) private readonly coaching: CoachingService) {}

  async run(principal: Principal, input: RepCoachingRequest): Promise<AgentMcpToolAnswer> {
    const r = await this.coaching.repCoaching(principal, input);
    const parts = [`${r.user.name} (${r.user.id}), ${r.period.from} to ${r.period.to} (exclusive), team of ${r.teamSize}.`];
    if (r.interaction) parts.push('Interaction: ' + Object.entries(r.interaction).map(([k, f]) => line(k, f)).join('; '));
    if (r.activity) parts.push('Activity: ' + Object.entries(r.activity).filter(([, f]) => f.value !== null && f.value !== 0).map(([k, f]) => line(k, f)).join('; '));
    if (r.scorecards) parts.push(`Scorecards: ${r.scorecards.length} questions answered` + (r.scorecards.length ? ': ' + r.scorecards.map((q) => line(q.question ?? q.questionId, q)).join('; ') : ''));
    for (const w of r.weakest) {
      parts.push(`Weak area "${w.question ?? w.questionId}" (${fmt(w.value)} vs team ${fmt(w.teamMedian)}):` + w.passages.map((p) => `\n  - "${p.text.slice(0, 200)}" (${p.call.title}, ${p.call.url ?? p.call.id})`).join(''));
    }
    for (const w of r.withheld) parts.push(`Withheld (${w.domain}): ${w.count}: ${w.reason}`);
    return { data: { ...r }, text: parts.join('\n') };
  }
}
