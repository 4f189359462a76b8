import type { ToolAccessTarget } from './tool-access.js';

/** The MCP tools each REST area is equivalent to, for `@RequiresGrant` (same scope and tags). */
export const RestGrants = {
  calls: [
    { name: 'list_calls', tags: ['calls'], requiredScope: 'gong:read' },
    { name: 'get_call', tags: ['calls'], requiredScope: 'gong:read' },
    { name: 'get_transcript', tags: ['calls'], requiredScope: 'gong:read' },
  ],
  search: [{ name: 'search_calls', tags: ['search', 'calls'], requiredScope: 'gong:read' }],
  accounts: [{ name: 'account_research', tags: ['accounts', 'search'], requiredScope: 'gong:read' }],
  me: [{ name: 'whoami', tags: [], requiredScope: 'gong:read' }],
  repCoaching: [{ name: 'rep_scorecard', tags: ['coaching'], requiredScope: 'gong:read' }],
  teamActivity: [{ name: 'team_activity', tags: ['coaching'], requiredScope: 'gong:read' }],
  scorecards: [{ name: 'scorecards', tags: ['coaching'], requiredScope: 'gong:read' }],
  library: [{ name: 'library', tags: ['coaching'], requiredScope: 'gong:read' }],
  /** `call.indexed` events carry call metadata: a calls-tagged read. */
  events: [{ name: 'call_events', tags: ['calls'], requiredScope: 'gong:read' }],
  listFlows: [{ name: 'list_flows', tags: ['engage'], requiredScope: 'gong:read' }],
  flowsForProspects: [{ name: 'flows_for_prospects', tags: ['engage'], requiredScope: 'gong:read' }],
  listTasks: [{ name: 'list_tasks', tags: ['engage'], requiredScope: 'gong:read' }],
  assignFlow: [{ name: 'assign_flow', tags: ['engage'], requiredScope: 'gong:engage:write' }],
  unassignFlow: [{ name: 'unassign_flow', tags: ['engage'], requiredScope: 'gong:engage:write' }],
  updateTask: [{ name: 'update_task', tags: ['engage'], requiredScope: 'gong:tasks:write' }],
  competitors: [{ name: 'competitor_trends', tags: ['deals'], requiredScope: 'gong:read' }],
  deals: [{ name: 'deal_risk', tags: ['deals'], requiredScope: 'gong:read' }],
  listBriefs: [{ name: 'list_briefs', tags: ['ai'], requiredScope: 'gong:ai' }],
  gongBrief: [{ name: 'gong_brief', tags: ['ai', 'accounts', 'deals'], requiredScope: 'gong:ai' }],
  askGong: [{ name: 'ask_gong', tags: ['ai', 'accounts', 'deals'], requiredScope: 'gong:ai' }],
  briefings: [{ name: 'meeting_prep', tags: ['accounts', 'deals'], requiredScope: 'gong:read' }],
  uploadCrmObjects: [{ name: 'upload_crm_objects', tags: ['crm'], requiredScope: 'gong:crm:write' }],
  getCrmUpload: [{ name: 'get_crm_upload', tags: ['crm'], requiredScope: 'gong:crm:write' }],
} as const satisfies Record<string, readonly ToolAccessTarget[]>;
