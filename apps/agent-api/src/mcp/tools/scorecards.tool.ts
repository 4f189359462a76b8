import { Inject, Injectable } from '@nestjs/common';
import { ApiRequestSchemas, type ScorecardsRequest } from '../../api/api-request.schemas.js';
import { ApiResponseSchemas } from '../../api/api-response.schemas.js';
import type { Principal } from '../../auth/principal.js';
import { CoachingCatalogService } from '../../coaching/coaching-catalog.service.js';
import { READ_ONLY, type AgentMcpTool, type AgentMcpToolAnswer } from '../agent-mcp-tool.interface.js';

/** `scorecards`: `GET /v1/scorecards` for a model. */
@Injectable()
export class ScorecardsTool implements AgentMcpTool<typeof ApiRequestSchemas.scorecards> {
  readonly name = 'scorecards';
  readonly title = 'Answered scorecards';
  readonly description =
    'Answered call scorecards with every question and answer, newest review first, filtered by reviewed rep, reviewer, scorecard and the days the calls started. ' +
    'Answered from the replica (no Gong quota). Only the scorecards of reps within your Gong coaching access are listed; the rest are counted in withheld. Pages with cursor.';
  readonly annotations = READ_ONLY;
  readonly tags = ['coaching'] as const;
  readonly requiredScope = 'gong:read' as const;
  readonly inputSchema = ApiRequestSchemas.scorecards;
  readonly outputSchema = ApiResponseSchemas.scorecards;
  readonly pageSizeArgument = 'limit';

  constructor(@Inject(CoachingCatalogService) private readonly catalog: CoachingCatalogService) {}

  async run(principal: Principal, input: ScorecardsRequest): Promise<AgentMcpToolAnswer> {
    const r = await this.catalog.scorecards(principal, input);
    const rows = r.scorecards.map((s) => {
      const scored = s.answers.filter((a) => a.score !== null);
      const overall = s.answers.find((a) => a.isOverall)?.score;
      return `- ${s.scorecardName ?? s.scorecardId} on call ${s.callId} for ${s.reviewedUserId} by ${s.reviewerUserId ?? 'automatic'} (${s.reviewTime.slice(0, 10)}): ${scored.length} scored answers${overall != null ? `, overall ${overall}` : ''}`;
    });
    const withheld = r.withheld.map((w) => `Withheld (${w.domain}): ${w.count}: ${w.reason}`);
    return {
      data: { ...r },
      text: [`${r.scorecards.length} answered scorecards.`, ...rows, ...withheld, r.nextCursor ? `More: cursor ${r.nextCursor}` : ''].filter(Boolean).join('\n'),
      pageSize: r.scorecards.length,
    };
  }
}
