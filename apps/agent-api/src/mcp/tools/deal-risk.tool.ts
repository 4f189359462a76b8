import { Inject, Injectable } from '@nestjs/common';
import { ApiRequestSchemas, type DealRiskToolRequest } from '../../api/api-request.schemas.js';
import { ApiResponseSchemas } from '../../api/api-response.schemas.js';
import type { Principal } from '../../auth/principal.js';
import { DealRiskService } from '../../deals/deal-risk.service.js';
import { READ_ONLY, type AgentMcpTool, type AgentMcpToolAnswer } from '../agent-mcp-tool.interface.js';

/** `deal_risk`: `GET /v1/deals/{id}/risk` (with `dealId`) or `GET /v1/deals` (without) for a model. */
@Injectable()
export class DealRiskTool implements AgentMcpTool<typeof ApiRequestSchemas.dealRiskTool> {
  readonly name = 'deal_risk';
  readonly title = 'Deal risk';
  readonly description =
    "The risk of a deal (CRM opportunity) from its calls: a 0-100 score with its factors (days since the last customer call, customer talk share and its trend, " +
    'decision makers absent, competitor mentions, pricing or security objections unresolved, no next step in the last call, close date pushed, stage older than ' +
    "the company's median), each explained with evidence (passages, dates, call links). Give dealId for one deal; omit it to list your deals with their score " +
    '(risk=high for the riskiest; status open/closed/all; paged with cursor). Answered from the replica (no Gong quota). Deals obey your Gong dealsAccess level; ' +
    'evidence from a call you may not see is only counted (hiddenEvidence), never shown.';
  readonly annotations = READ_ONLY;
  readonly tags = ['deals'] as const;
  readonly requiredScope = 'gong:read' as const;
  readonly inputSchema = ApiRequestSchemas.dealRiskTool;
  readonly outputSchema = ApiResponseSchemas.dealRiskTool;
  readonly pageSizeArgument = 'limit';

  constructor(@Inject(DealRiskService) private readonly deals: DealRiskService) {}

  async run(principal: Principal, input: DealRiskToolRequest): Promise<AgentMcpToolAnswer> {
    if (input.dealId !== undefined) {
      const r = await this.deals.risk(principal, input.dealId);
      const parts = [
        `${r.deal.name ?? r.deal.id} (${r.deal.accountName ?? 'no account'}; ${r.deal.stage ?? 'stage unknown'}; close ${r.deal.closeDate ?? 'unknown'}): risk ${r.score}/100 (${r.level}) as of ${r.asOf}` +
          (r.hiddenCallCount ? `; ${r.hiddenCallCount} of ${r.callCount} calls are ones you may not see (counted, not shown)` : ''),
      ];
      for (const f of r.factors) {
        parts.push(`- ${f.name} +${f.points}: ${f.explanation}` + f.evidence.map((e) => `\n    ${e.date.slice(0, 10)} ${e.callTitle ?? e.callId}${e.text ? `: "${e.text}"` : ''}`).join(''));
      }
      return { data: { risk: r, list: null }, text: parts.join('\n') };
    }
    const list = await this.deals.list(principal, { risk: input.risk, status: input.status, limit: input.limit, cursor: input.cursor });
    const text = [
      `${list.deals.length} deals${input.risk ? ` at ${input.risk} risk` : ''} (${list.scanned} looked at)${list.nextCursor ? `; more with cursor ${list.nextCursor}` : ''}`,
      ...list.deals.map((d) => `- ${d.id} ${d.name ?? ''} (${d.accountName ?? 'no account'}, ${d.stage ?? '?'}): ${d.score} ${d.level}; ${d.topFactors.map((f) => f.explanation).join('; ')}`),
    ].join('\n');
    return { data: { risk: null, list }, text, pageSize: list.deals.length };
  }
}
