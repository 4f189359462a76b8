import type { Provider } from '@nestjs/common';
import type { AgentMcpTool } from './agent-mcp-tool.interface.js';
import { AGENT_MCP_TOOLS, AgentMcpServerBuilder } from './agent-mcp.server-builder.js';
import { AccountResearchTool } from './tools/account-research.tool.js';
import { CallSummaryTool } from './tools/call-summary.tool.js';
import { GetCallTool } from './tools/get-call.tool.js';
import { GetTranscriptTool } from './tools/get-transcript.tool.js';
import { ListCallsTool } from './tools/list-calls.tool.js';
import { ListTrackersTool } from './tools/list-trackers.tool.js';
import { SearchCallsTool } from './tools/search-calls.tool.js';
import { WhoamiTool } from './tools/whoami.tool.js';
import { RepScorecardTool } from './tools/rep-scorecard.tool.js';
import { TeamActivityTool } from './tools/team-activity.tool.js';
import { ScorecardsTool } from './tools/scorecards.tool.js';
import { LibraryTool } from './tools/library.tool.js';
import { ListFlowsTool } from './tools/list-flows.tool.js';
import { FlowsForProspectsTool } from './tools/flows-for-prospects.tool.js';
import { ListTasksTool } from './tools/list-tasks.tool.js';
import { AssignFlowTool } from './tools/assign-flow.tool.js';
import { UnassignFlowTool } from './tools/unassign-flow.tool.js';
import { UpdateTaskTool } from './tools/update-task.tool.js';
import { CompetitorTrendsTool } from './tools/competitor-trends.tool.js';
import { DealRiskTool } from './tools/deal-risk.tool.js';
import { ListBriefsTool } from './tools/list-briefs.tool.js';
import { GongBriefTool } from './tools/gong-brief.tool.js';
import { AskGongTool } from './tools/ask-gong.tool.js';
import { MeetingPrepTool } from './tools/meeting-prep.tool.js';
import { UploadCrmObjectsTool } from './tools/upload-crm-objects.tool.js';
import { GetCrmUploadTool } from './tools/get-crm-upload.tool.js';

/** The MCP tools, in the order `tools/list` shows them. A new tool is one file in tools/ and one entry here. */
const TOOLS = [
  SearchCallsTool, ListCallsTool, GetCallTool, CallSummaryTool, GetTranscriptTool, AccountResearchTool, ListTrackersTool, WhoamiTool,
  RepScorecardTool, TeamActivityTool, ScorecardsTool, LibraryTool,
  ListFlowsTool, FlowsForProspectsTool, ListTasksTool, AssignFlowTool, UnassignFlowTool, UpdateTaskTool,
  CompetitorTrendsTool,
  DealRiskTool,
  ListBriefsTool, GongBriefTool, AskGongTool,
  MeetingPrepTool,
  UploadCrmObjectsTool, GetCrmUploadTool,
] as const;

/** The agent API's MCP providers: each tool, their list, and the server builder over it. */
export const AgentMcpProviders: Provider[] = [
  ...TOOLS,
  { provide: AGENT_MCP_TOOLS, useFactory: (...tools: AgentMcpTool[]): AgentMcpTool[] => tools, inject: [...TOOLS] },
  AgentMcpServerBuilder,
];
