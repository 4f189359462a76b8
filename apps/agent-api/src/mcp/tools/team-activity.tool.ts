import { Inject, Injectable } from '@nestjs/common';
import { ApiRequestSchemas, type TeamActivityRequest } from '../../api/api-request.schemas.js';
import { ApiResponseSchemas } from '../../api/api-response.schemas.js';
import type { Principal } from '../../auth/principal.js';
import { CoachingService } from '../../coaching/coaching.service.js';
import { READ_ONLY, type AgentMcpTool, type AgentMcpToolAnswer } from '../agent-mcp-tool.interface.js';

/** `team_activity`: `GET /v1/teams/{managerId}/activity` for a model. */
@Injectable()
export class TeamActivityTool implements AgentMcpTool<typeof ApiRequestSchemas.teamActivity> {
  readonly name = 'team_activity';
  readonly title = "A manager's team activity";
  readonly description =
    "Every direct report of a manager with their activity counters and interaction stats over a period (default the last 30 days), sorted by any of them " +
    '(sort=callsAsHost, talkRatio, questionRate, ...; order asc or desc). Use it to find who to coach, then rep_scorecard on that rep. Answered from the replica (no Gong quota); ' +
    'reps outside your Gong insights access are left out and counted in withheld. Pages with cursor.';
  readonly annotations = READ_ONLY;
  readonly tags = ['coaching'] as const;
  readonly requiredScope = 'gong:read' as const;
  readonly inputSchema = ApiRequestSchemas.teamActivity;
  readonly outputSchema = ApiResponseSchemas.teamActivity;
  readonly pageSizeArgument = 'limit';

  constructor(@Inject(CoachingService) private readonly coaching: CoachingService) {}

  async run(principal: Principal, input: TeamActivityRequest): Promise<AgentMcpToolAnswer> {
    const r = await this.coaching.teamActivity(principal, input);
    const rows = r.reps.map((rep) => {
      const a = rep.activity;
      const i = rep.interaction;
      return `- ${rep.name} (${rep.userId}): ${a ? `${a.callsAsHost} calls hosted` : 'no activity'}${i?.talkRatio != null ? `, talk ratio ${i.talkRatio.toFixed(2)}` : ''}${i?.questionRate != null ? `, question rate ${i.questionRate.toFixed(2)}` : ''}`;
    });
    const withheld = r.withheld.map((w) => `Withheld (${w.domain}): ${w.count}: ${w.reason}`);
    return {
      data: { ...r },
      text: [`Team of ${r.manager.name}, ${r.period.from} to ${r.period.to}, sorted by ${r.sort}.`, ...rows, ...withheld, r.nextCursor ? `More: cursor ${r.nextCursor}` : ''].filter(Boolean).join('\n'),
      pageSize: r.reps.length,
    };
  }
}
