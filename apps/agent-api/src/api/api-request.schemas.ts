import { GongIdSchema, IsoDateTimeSchema, StorableTextSchema } from '@gong-connector/contracts';
import { z } from 'zod';
import { CallListCursor } from '../calls/call-list.cursor.js';
import { ACTIVITY_COUNTERS, INTERACTION_STATS } from '@gong-connector/persistence';

// REST query strings arrive as strings and MCP tool arguments as JSON, so every field accepts both:
// numbers are coerced, lists are an array or a comma-separated string. Free text is `text`: no NUL
// or unpaired surrogate ever reaches the database (a 400 naming the field instead).
const text = StorableTextSchema;
const int = (min: number, max: number, def: number) => z.coerce.number().int().min(min).max(max).default(def);
const nonBlank = text.trim().min(1, 'must not be blank');
/** A CRM opportunity id as the CRM spells it (Salesforce 006..., HubSpot digits): letters, digits, `_ . : -`. */
const dealIdSchema = z.string().regex(/^[A-Za-z0-9_.:-]{1,64}$/, 'must be a CRM opportunity id (letters, digits, _ . : -; up to 64)');
const listOf = <T extends z.ZodType<string, string>>(item: T) =>
  z
    .union([z.array(item), z.string()])
    .transform((v) => (Array.isArray(v) ? v : v.split(',')).map((s) => s.trim()).filter((s) => s !== ''))
    .pipe(z.array(item).min(1, 'must name at least one value').max(100));
const list = listOf(text);
/** `2026-02-30` and `2026-13-01` are not days (Date would roll the first over and refuse the second). */
function isCalendarDay(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/** A day (`2026-11-01`, read in the company's time zone) or a full ISO date-time with offset. */
const dateBound = (meaning: string) =>
  text
    .trim()
    .max(40)
    .refine(
      (s) => isCalendarDay(s) || IsoDateTimeSchema.safeParse(s).success,
      'must be a day like 2026-11-01 (read in the company time zone) or an ISO 8601 date-time with offset like 2026-11-01T09:00:00Z',
    )
    // Published as a short pattern and examples, not the long regex of the strict check.
    .meta({ pattern: '^\\d{4}-\\d{2}-\\d{2}', examples: ['2026-11-01', '2026-11-01T09:00:00Z'] })
    .describe(`${meaning} (a day like 2026-11-01, or an ISO 8601 date-time like 2026-11-01T09:00:00Z)`);
/** A day of the coaching stats (`2026-11-01`; stats are per user per day). */
const coachingDay = (meaning: string) =>
  text.trim().refine(isCalendarDay, 'must be a day like 2026-11-01').meta({ examples: ['2026-11-01'] }).describe(`${meaning} (a day like 2026-11-01)`);
/** What `team_activity` sorts by: the activity counters and the interaction figures of the replica. */
const TEAM_SORT_KEYS = [...ACTIVITY_COUNTERS, ...(Object.keys(INTERACTION_STATS) as Array<keyof typeof INTERACTION_STATS>)] as const;
const from = dateBound('Calls that started at or after this: a day (2026-11-01, from its start in the company time zone) or an ISO date-time');
const to = dateBound('Calls that started before this: a day (2026-11-30, through its end in the company time zone) or an ISO date-time');

const callId = z.strictObject({ callId: GongIdSchema.describe('Gong call id (digits)') });
const transcript = z.strictObject({
  fromMs: z.coerce.number().int().min(0).optional().describe('Only sentences ending after this offset (ms from call start)'),
  toMs: z.coerce.number().int().min(1).optional().describe('Only sentences starting before this offset (ms from call start)'),
  limit: int(1, 500, 100).describe('Monologues per page (1-500, default 100)'),
  cursor: text.min(1).max(20).optional().describe('nextCursor of the previous page'),
});
const ACCOUNT_REFERENCE = 'Account: its id (crm:Salesforce:001..., domain:acme.io), the bare CRM id (001...), an email domain (acme.io) or its name (or part of it)';
const account = z.strictObject({ id: text.trim().min(1).max(300).describe(ACCOUNT_REFERENCE) });
const listAccounts = z.strictObject({
  q: nonBlank.max(200).optional().describe('Case-insensitive text in the account name or domain'),
  limit: int(1, 100, 20).describe('Accounts per page (1-100, default 20)'),
  offset: int(0, 10_000, 0).describe('Accounts to skip'),
});
const accountResearch = z.strictObject({
  q: text.trim().min(1).max(1000).optional().describe('A research question: its most relevant passages from the account’s calls are included'),
  passages: int(0, 50, 8).describe('How many passages to include (0-50, default 8)'),
  from: dateBound('Passages from calls that started at or after this: a day (2026-11-01, in the company time zone) or an ISO date-time; default: 90 days ago').optional(),
  to: dateBound('Passages from calls that started before this: a day (2026-11-30, through its end) or an ISO date-time; default: now').optional(),
  recentCalls: int(0, 100, 10).describe('How many recent calls to list (0-100, default 10)'),
});

/**
 * The agent API's request schemas, one per endpoint (path parameters and query string apart), used
 * by the REST controllers, as the MCP tools' input schemas, and by the OpenAPI document.
 */
// ---- acting on Gong (Engage flows, tasks): one schema per REST body / query and MCP tool ----------
const crmId = text.trim().min(1).max(64).regex(/^[\w.@-]+$/, 'must be a CRM id (letters, digits, . _ @ -)');
const email = text.trim().max(320).email('must be an email address');
/** What every write takes besides its own arguments. */
const writeControls = {
  confirm: text.trim().min(1).max(100).optional().describe('The confirmationId of the preview of exactly these arguments: performs the write (omit for the preview)'),
  idempotencyKey: text
    .trim()
    .min(1)
    .max(200)
    .optional()
    .describe('Any unique string for this write: sent again (after a timeout, by a retrying agent), it answers the first result and makes no second Gong request (REST: the Idempotency-Key header)'),
};
const taskStatus = z.enum(['OPEN', 'DONE', 'DISMISSED']);
const engage = {
  listFlows: z.strictObject({
    ownerEmail: email.optional().describe('Flows usable by this Gong user (default: you; another user needs the Gong permission to assign flows to others)'),
    workspaceId: GongIdSchema.optional().describe('Only flows of this workspace'),
    folderId: GongIdSchema.optional().describe('Only flows in this folder'),
    cursor: text.min(1).max(2000).optional().describe('nextCursor of the previous page'),
  }),
  flowsForProspects: z.strictObject({
    crmProspectIds: listOf(crmId).describe('CRM ids of contacts or leads (comma-separated, up to 100): their open flows'),
  }),
  listTasks: z.strictObject({
    userId: GongIdSchema.optional().describe('Whose to-dos (default: yours; another user needs the Gong permission to manage others\' to-dos)'),
    status: listOf(taskStatus).optional().describe('OPEN, DONE, DISMISSED (default OPEN)'),
    types: listOf(z.enum(['FLOW', 'MANUAL'])).optional().describe('FLOW, MANUAL (default both)'),
  }),
  assignFlow: z.strictObject({
    flowId: GongIdSchema.describe('The Engage flow (list_flows)'),
    crmProspectIds: listOf(crmId).describe('CRM ids of the contacts or leads to put into the flow (up to 100)'),
    ownerEmail: email.optional().describe('Who owns the flow to-dos (default: you; another user needs the Gong permission to assign flows to others)'),
    coolOffOverride: z.boolean().optional().describe('Assign even when a prospect is in a cool-off period or another exclusive flow'),
    description: text.max(500).optional().describe('A note on the flow instance'),
    ...writeControls,
  }),
  unassignFlow: z
    .strictObject({
      crmProspectId: crmId.optional().describe('Take this prospect out of its open flows (with flowId: out of that flow only)'),
      flowId: GongIdSchema.optional().describe('Only this flow (with crmProspectId)'),
      flowInstanceIds: listOf(GongIdSchema).optional().describe('Or: these flow instances (flows_for_prospects names them)'),
      ...writeControls,
    })
    .refine((b) => (b.crmProspectId === undefined) !== (b.flowInstanceIds === undefined), {
      message: 'name either crmProspectId (optionally with flowId) or flowInstanceIds',
      path: ['crmProspectId'],
    }),
  updateTask: z
    .strictObject({
      taskId: GongIdSchema.describe('The to-do (list_tasks)'),
      userId: GongIdSchema.optional().describe('Whose to-do it is (default: yours)'),
      status: taskStatus.optional().describe('OPEN, DONE or DISMISSED'),
      dueDate: IsoDateTimeSchema.optional().describe('New due date, ISO 8601 with offset'),
      priority: text.trim().min(1).max(40).optional().describe('High, Medium or Low'),
      ...writeControls,
    })
    .refine((b) => b.status !== undefined || b.dueDate !== undefined || b.priority !== undefined, { message: 'change at least one of status, dueDate, priority', path: ['status'] }),
  uploadCrmObjects: z
    .strictObject({
      objectType: z.enum(['ACCOUNT', 'CONTACT', 'DEAL', 'LEAD', 'BUSINESS_USER', 'STAGE']).describe('The CRM object type of every object of the upload (Gong: one type per file)'),
      objects: z
        .array(z.record(z.string(), z.unknown()))
        .min(1)
        .max(5_000)
        .optional()
        .describe('The objects, one per line of the LDJSON file Gong receives: each with objectId, modifiedDate (ISO-8601 without milliseconds), optional isDeleted, and its fields'),
      ldjson: text.max(1_000_000).optional().describe('Or: the LDJSON text itself (one JSON object per line)'),
      integrationId: GongIdSchema.optional().describe("Gong's generic CRM integration (default: the one registered; Gong allows one at a time)"),
      ...writeControls,
    })
    .refine((b) => (b.objects === undefined) !== (b.ldjson === undefined), { message: 'give either objects or ldjson', path: ['objects'] }),
  crmUploadId: z.strictObject({ id: z.uuid('must be an upload id (the uploadId a CRM upload answered)') }),
  auditQuery: z.strictObject({
    limit: int(1, 500, 100).describe('Lines per page (newest first)'),
    before: z.string().regex(/^\d{1,19}$/, 'must be a line id').optional().describe('nextBefore of the previous page'),
    user: GongIdSchema.optional().describe('Only writes made for this Gong user'),
    tool: text.trim().min(1).max(60).optional().describe('Only this tool'),
  }),
};

// ---- Gong's own AI (credits): get-brief, ask-entity, the brief names ---------------------------------
const AI_PERIODS = ['LAST_7DAYS', 'LAST_30DAYS', 'LAST_90DAYS', 'LAST_90_DAYS_SINCE_LAST_ACTIVITY', 'LAST_YEAR_SINCE_LAST_ACTIVITY', 'LAST_YEAR', 'THIS_WEEK', 'THIS_MONTH', 'THIS_YEAR', 'THIS_QUARTER', 'CUSTOM_RANGE', 'ALL_CONVERSATIONS'] as const;
const aiEntity = {
  entityType: z.enum(['ACCOUNT', 'DEAL', 'CONTACT']).describe('ACCOUNT, DEAL (a CRM opportunity) or CONTACT'),
  entityId: crmId.describe('The CRM id of the account, opportunity or contact (as in a call\'s CRM context)'),
  period: z.enum(AI_PERIODS).default('LAST_90DAYS').describe(`Calls and emails of this period: ${AI_PERIODS.join(', ')} (default LAST_90DAYS)`),
  from: IsoDateTimeSchema.optional().describe('CUSTOM_RANGE: calls and emails at or after this ISO date-time (required then)'),
  to: IsoDateTimeSchema.optional().describe('CUSTOM_RANGE: before this ISO date-time'),
  workspaceId: GongIdSchema.optional().describe('The Gong workspace (default: that of your newest call of the entity)'),
};
const customRange = (b: { period: string; from?: string | undefined; to?: string | undefined }) => (b.period === 'CUSTOM_RANGE' ? b.from !== undefined : b.from === undefined && b.to === undefined);
const customRangeIssue = { message: 'from is required with period CUSTOM_RANGE, and from/to are allowed only with it', path: ['from'] };
const gongAi = {
  listBriefs: z.strictObject({
    workspaceId: GongIdSchema.optional().describe('Only the briefs of this workspace'),
  }),
  gongBrief: z.strictObject({ ...aiEntity, briefName: nonBlank.max(200).describe('The brief to generate, as list_briefs names it (a published brief)') }).refine(customRange, customRangeIssue),
  askGong: z.strictObject({ ...aiEntity, question: nonBlank.max(1000).describe('The question about the entity') }).refine(customRange, customRangeIssue),
};

export const ApiRequestSchemas = {
  ...engage,
  ...gongAi,
  callId,
  listCalls: z.strictObject({
    from: from.optional(),
    to: to.optional(),
    account: nonBlank.max(300).optional().describe(ACCOUNT_REFERENCE),
    participant: nonBlank.optional().describe('Participant email or Gong user id'),
    text: nonBlank.max(200).optional().describe('Case-insensitive text in the call title'),
    limit: int(1, 100, 20).describe('Calls per page (1-100, default 20)'),
    cursor: CallListCursor.schema.optional().describe('nextCursor of the previous page'),
  }),
  transcript,
  /** `GET /v1/calls/{callId}/transcript` as one object: the MCP `get_transcript` arguments. */
  callTranscript: callId.extend(transcript.shape),
  search: z.strictObject({
    q: text.max(1000).optional().describe('Words to find (websearch syntax: "exact phrase", or, -exclude); omit to list passages by filter'),
    account: list.optional().describe('Accounts (comma-separated), each an id, bare CRM id, email domain or name'),
    call: list.optional().describe('Call ids (comma-separated)'),
    from: from.optional(),
    to: to.optional(),
    speakerAffiliation: listOf(z.enum(['Internal', 'External', 'Unknown'])).optional().describe('Internal, External, Unknown'),
    speakerEmail: list.optional().describe('Speaker emails (comma-separated)'),
    tracker: list.optional().describe('Tracker names (comma-separated)'),
    topic: list.optional().describe('Topic names (comma-separated)'),
    limit: int(1, 100, 10).describe('Passages per page (1-100, default 10)'),
    cursor: text.min(1).max(2000).optional().describe('nextCursor of the previous page (same query)'),
    facets: int(0, 50, 10).describe('Buckets per facet (0 skips facets)'),
  }),
  account,
  listAccounts,
  accountResearch,
  /**
   * The MCP `account_research` arguments: `GET /v1/accounts/{id}/research` with the account named
   * by id or, through `GET /v1/accounts?q=`, by name.
   */
  listTrackers: z.strictObject({
    q: nonBlank.max(200).optional().describe('Case-insensitive text in a tracker name or one of its phrases'),
    workspace: listOf(GongIdSchema).optional().describe('Only trackers of these workspace ids (comma-separated)'),
  }),
  accountLookupResearch: accountResearch.extend({
    accountId: account.shape.id.optional().describe('Account id (crm:Salesforce:001..., domain:acme.io), bare CRM id or email domain'),
    accountName: listAccounts.shape.q.describe('Account name or domain to look up'),
  }),
  repCoaching: z.strictObject({
    userId: GongIdSchema.describe('The rep: a Gong user id'),
    from: coachingDay('First day of the period (inclusive); default: 30 days before to').optional(),
    to: coachingDay('Day after the period (exclusive); default: tomorrow (UTC)').optional(),
    passages: int(0, 5, 2).describe('Passages shown for each of the two weakest areas (0-5, default 2)'),
  }),
  teamActivity: z.strictObject({
    managerId: GongIdSchema.describe("The manager: a Gong user id (their direct reports are listed)"),
    from: coachingDay('First day of the period (inclusive); default: 30 days before to').optional(),
    to: coachingDay('Day after the period (exclusive); default: tomorrow (UTC)').optional(),
    sort: z.enum([...TEAM_SORT_KEYS]).default('callsAsHost').describe('What to sort by: an activity counter or an interaction figure'),
    order: z.enum(['asc', 'desc']).default('desc').describe('desc (default) or asc'),
    limit: int(1, 200, 50).describe('Reps per page (1-200, default 50)'),
    cursor: z.string().regex(/^\d{1,6}$/, 'must be the nextCursor of the previous page').optional().describe('nextCursor of the previous page'),
  }),
  scorecards: z.strictObject({
    rep: listOf(GongIdSchema).optional().describe('Reviewed reps (Gong user ids, comma-separated)'),
    reviewer: listOf(GongIdSchema).optional().describe('Reviewers (Gong user ids, comma-separated)'),
    scorecard: listOf(GongIdSchema).optional().describe('Scorecard ids (comma-separated)'),
    from: coachingDay('Scorecards of calls started on or after this day').optional(),
    to: coachingDay('Scorecards of calls started before this day (exclusive)').optional(),
    limit: int(1, 100, 20).describe('Answered scorecards per page (1-100, default 20)'),
    cursor: text.min(1).max(200).optional().describe('nextCursor of the previous page (same filters)'),
  }),
  libraryFolders: z.strictObject({
    limit: int(1, 200, 100).describe('Folders per page (1-200, default 100)'),
    cursor: z.string().regex(/^\d{1,6}$/, 'must be the nextCursor of the previous page').optional().describe('nextCursor of the previous page'),
  }),
  libraryClips: z.strictObject({
    folderId: GongIdSchema.describe('A Library folder id (GET /v1/library/folders lists them)'),
    limit: int(1, 100, 20).describe('Clips per page (1-100, default 20)'),
    cursor: z.string().regex(/^\d{1,6}$/, 'must be the nextCursor of the previous page').optional().describe('nextCursor of the previous page'),
  }),
  library: z.strictObject({
    folderId: GongIdSchema.optional().describe('A folder to list the clips of; omit to list the folders you may open'),
    limit: int(1, 100, 20).describe('Folders (without folderId) or clips per page (1-100, default 20)'),
    cursor: z.string().regex(/^\d{1,6}$/, 'must be the nextCursor of the previous page').optional().describe('nextCursor of the previous page'),
  }),
  /** `GET /v1/deals/{id}/risk`. */
  dealRisk: z.strictObject({ dealId: dealIdSchema.describe('The deal: its CRM opportunity id (GET /v1/deals lists them)') }),
  /** `GET /v1/deals`. */
  listDeals: z.strictObject({
    risk: z.enum(['high', 'medium', 'low']).optional().describe('Only deals at this risk level (high: score 50 or more, medium: 30-49, low: under 30)'),
    status: z.enum(['open', 'closed', 'all']).default('open').describe('open (default), closed (won or lost) or all'),
    limit: int(1, 50, 20).describe('Deals per page (1-50, default 20)'),
    cursor: z.string().regex(/^[A-Za-z0-9_-]{1,200}$/, 'must be the nextCursor of the previous page').optional().describe('nextCursor of the previous page (same filters)'),
  }),
  /** The MCP `deal_risk` arguments: one deal's risk (`dealId`), or a page of deals with their risk (`GET /v1/deals`). */
  dealRiskTool: z.strictObject({
    dealId: dealIdSchema.optional().describe('One deal (CRM opportunity id): its score, factors and evidence; omit to list deals'),
    risk: z.enum(['high', 'medium', 'low']).optional().describe('When listing: only deals at this risk level'),
    status: z.enum(['open', 'closed', 'all']).default('open').describe('When listing: open (default), closed or all'),
    limit: int(1, 50, 20).describe('When listing: deals per page (1-50, default 20)'),
    cursor: z.string().regex(/^[A-Za-z0-9_-]{1,200}$/, 'must be the nextCursor of the previous page').optional().describe('When listing: nextCursor of the previous page'),
  }),
} as const;

export type RepCoachingRequest = z.infer<typeof ApiRequestSchemas.repCoaching>;
export type ListDealsRequest = z.infer<typeof ApiRequestSchemas.listDeals>;
export type DealRiskToolRequest = z.infer<typeof ApiRequestSchemas.dealRiskTool>;
export type TeamActivityRequest = z.infer<typeof ApiRequestSchemas.teamActivity>;
export type ScorecardsRequest = z.infer<typeof ApiRequestSchemas.scorecards>;
export type LibraryFoldersRequest = z.infer<typeof ApiRequestSchemas.libraryFolders>;
export type LibraryClipsRequest = z.infer<typeof ApiRequestSchemas.libraryClips>;
export type LibraryRequest = z.infer<typeof ApiRequestSchemas.library>;

export type ListCallsRequest = z.infer<typeof ApiRequestSchemas.listCalls>;
export type TranscriptRequest = z.infer<typeof ApiRequestSchemas.transcript>;
export type CallTranscriptRequest = z.infer<typeof ApiRequestSchemas.callTranscript>;
export type SearchRequest = z.infer<typeof ApiRequestSchemas.search>;
export type ListAccountsRequest = z.infer<typeof ApiRequestSchemas.listAccounts>;
export type AccountResearchRequest = z.infer<typeof ApiRequestSchemas.accountResearch>;
export type ListTrackersRequest = z.infer<typeof ApiRequestSchemas.listTrackers>;
export type AccountLookupResearchRequest = z.infer<typeof ApiRequestSchemas.accountLookupResearch>;
export type ListFlowsRequest = z.infer<typeof ApiRequestSchemas.listFlows>;
export type FlowsForProspectsRequest = z.infer<typeof ApiRequestSchemas.flowsForProspects>;
export type ListTasksRequest = z.infer<typeof ApiRequestSchemas.listTasks>;
export type AssignFlowRequest = z.infer<typeof ApiRequestSchemas.assignFlow>;
export type UnassignFlowRequest = z.infer<typeof ApiRequestSchemas.unassignFlow>;
export type UpdateTaskRequest = z.infer<typeof ApiRequestSchemas.updateTask>;
export type WriteAuditQuery = z.infer<typeof ApiRequestSchemas.auditQuery>;
export type ListBriefsRequest = z.infer<typeof ApiRequestSchemas.listBriefs>;
export type GongBriefRequest = z.infer<typeof ApiRequestSchemas.gongBrief>;
export type AskGongRequest = z.infer<typeof ApiRequestSchemas.askGong>;
export type UploadCrmObjectsRequest = z.infer<typeof ApiRequestSchemas.uploadCrmObjects>;
