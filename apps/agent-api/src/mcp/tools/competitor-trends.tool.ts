import { Inject, Injectable } from '@nestjs/common';
import type { Principal } from '../../auth/principal.js';
import { CompetitorTrendsRequestSchema, CompetitorTrendsResponseSchema, type CompetitorTrendsRequest } from '../../competitors/competitor-trends.schemas.js';
import { CompetitorTrendsService } from '../../competitors/competitor-trends.service.js';
import { READ_ONLY, type AgentMcpTool, type AgentMcpToolAnswer } from '../agent-mcp-tool.interface.js';

const pct = (x: number | null): string => (x === null ? 'n/a' : `${Math.round(x * 100)}%`);

/** `competitor_trends`: `GET /v1/competitors` for a model. */
@Injectable()
export class CompetitorTrendsTool implements AgentMcpTool<typeof CompetitorTrendsRequestSchema> {
  readonly name = 'competitor_trends';
  readonly title = 'Competitor trends';
  readonly description =
    'Per competitor (a phrase of the company\'s Competitors tracker, or a tracker: see list_trackers): mentions per week, the share of calls and deals mentioning it, ' +
    'the win rate of closed deals with and without a mention, and its newest and most relevant quotes (customers first). Default range: the last 12 weeks. ' +
    'Counts only calls you may see in Gong; answered from the replica (no Gong quota).';
  readonly annotations = READ_ONLY;
  readonly tags = ['deals'] as const;
  readonly requiredScope = 'gong:read' as const;
  readonly inputSchema = CompetitorTrendsRequestSchema;
  readonly outputSchema = CompetitorTrendsResponseSchema;
  readonly pageSizeArgument = 'limit';

  constructor(@Inject(CompetitorTrendsService) private readonly trends: CompetitorTrendsService) {}

  async run(principal: Principal, input: CompetitorTrendsRequest): Promise<AgentMcpToolAnswer> {
    const r = await this.trends.trends(principal, input);
    const lines = r.competitors.map((c) => {
      const q = c.quotes.mostRelevant[0] ?? c.quotes.newest[0];
      const w = c.winRate;
      return (
        `- ${c.name}: ${c.mentions} mentions in ${c.calls} calls (${pct(c.callShare)} of calls, ${pct(c.dealShare)} of deals); ` +
        `win rate ${pct(w.withMention.rate)} with a mention (${w.withMention.won}/${w.withMention.won + w.withMention.lost}) vs ${pct(w.withoutMention.rate)} without` +
        (q?.text ? `; "${q.text}" (${q.speaker.name ?? 'unknown'}, call ${q.callId}, ${q.started.slice(0, 10)})` : '')
      );
    });
    return {
      data: { ...r },
      text: [`Competitors ${r.range.from.slice(0, 10)} to ${r.range.to.slice(0, 10)}, over ${r.visibleCalls} calls you may see and ${r.deals.counted} deals (${r.deals.closed} closed).`, ...lines, r.deals.note ?? '', r.note ?? '']
        .filter(Boolean)
        .join('\n'),
      pageSize: r.competitors.length,
    };
  }
}
