import { Inject, Injectable } from '@nestjs/common';
import { ApiRequestSchemas, type ListTrackersRequest } from '../../api/api-request.schemas.js';
import { ApiResponseSchemas } from '../../api/api-response.schemas.js';
import type { Principal } from '../../auth/principal.js';
import { TrackersService } from '../../trackers/trackers.service.js';
import { READ_ONLY, type AgentMcpTool, type AgentMcpToolAnswer } from '../agent-mcp-tool.interface.js';

/** What `list_trackers` answers (structuredContent). */
/** `list_trackers`' structured content: `GET /v1/trackers`' response. */
export const ListTrackersOutputSchema = ApiResponseSchemas.trackers;

const WHO = { Company: 'said by reps', NonCompany: 'said by customers', Anyone: 'said by anyone' } as Record<string, string>;

/** `list_trackers`: `GET /v1/trackers` for a model. */
@Injectable()
export class ListTrackersTool implements AgentMcpTool<typeof ApiRequestSchemas.listTrackers> {
  readonly name = 'list_trackers';
  readonly title = 'List keyword trackers';
  readonly description =
    'The company\'s Gong keyword trackers (Competitors, Pricing, ...) and the phrases each one listens for, and whose words count. ' +
    'Use a tracker name as search_calls\' tracker filter to find the passages where it fired. Answered from the replica (synced daily).';
  readonly annotations = READ_ONLY;
  readonly tags = ['search'] as const;
  readonly requiredScope = 'gong:read' as const;
  readonly inputSchema = ApiRequestSchemas.listTrackers;
  readonly outputSchema = ListTrackersOutputSchema;

  constructor(@Inject(TrackersService) private readonly trackers: TrackersService) {}

  async run(_principal: Principal, input: ListTrackersRequest): Promise<AgentMcpToolAnswer> {
    const r = await this.trackers.list(input);
    const lines = r.trackers.map(
      (t) => `- ${t.name}${t.affiliation && WHO[t.affiliation] ? ` (${WHO[t.affiliation]})` : ''}: ${t.keywords.flatMap((k) => k.phrases).join(', ') || 'no phrases'}`,
    );
    return { data: { ...r }, text: r.trackers.length === 0 ? 'No tracker is replicated yet (ingest syncs them daily).' : `${r.trackers.length} trackers.\n${lines.join('\n')}` };
  }
}
