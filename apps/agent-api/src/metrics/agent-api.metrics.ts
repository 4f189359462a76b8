import { Inject, Injectable } from '@nestjs/common';
import { MetricsRegistry } from '@gong-connector/platform';

/** The agent API's own metrics (the platform adds process and HTTP basics). */
@Injectable()
export class AgentApiMetrics {
  readonly liveFallbacks;
  readonly postCallDelivery;
  readonly webhookAttempts;
  readonly sseClients;
  readonly toolCalls;
  readonly gongAiUses;
  readonly gongAiCredits;
  readonly crmStatusRequests;
  readonly crmUploadsFinished;

  constructor(@Inject(MetricsRegistry) registry: MetricsRegistry) {
    this.liveFallbacks = registry.counter('agent_api_live_fallback_total', 'Calls fetched from Gong because they were not replicated yet', ['outcome']);
    this.postCallDelivery = registry.histogram(
      'agent_api_post_call_delivery_seconds',
      'From call indexed (or the Gong webhook, when known) to a successful outbound webhook delivery',
      ['from'],
      [0.1, 0.25, 0.5, 1, 2, 3, 5, 10, 30, 60, 300],
    );
    this.webhookAttempts = registry.counter('agent_api_webhook_attempts_total', 'Outbound webhook POSTs by outcome', ['outcome']);
    this.sseClients = registry.gauge('agent_api_sse_clients', 'Open Server-Sent Events streams');
    this.gongAiUses = registry.counter('agent_api_gong_ai_uses_total', 'Uses of Gong’s AI (gong_brief, ask_gong, list_briefs) by tool and outcome (gong, cached, refused, out_of_credits, failed)', ['tool', 'outcome']);
    this.gongAiCredits = registry.counter('agent_api_gong_ai_credits_estimated_total', 'Gong credits estimated spent by gong_brief and ask_gong (Gong does not report them)', ['tool']);
    this.toolCalls = registry.counter('agent_api_mcp_tool_calls_total', 'MCP tool calls by tool and outcome', ['tool', 'outcome']);
    this.crmStatusRequests = registry.counter('agent_api_crm_status_requests_total', "Requests of a CRM upload's status to Gong, by what they learned", ['outcome']);
    this.crmUploadsFinished = registry.counter('agent_api_crm_uploads_finished_total', "CRM upload jobs that ended, by state and Gong's final status", ['state', 'gong_status']);
  }
}
