import { SubscriptionPrincipalSchema } from '@gong-connector/contracts';
import { z } from 'zod';
import { libraryClipsResponse, libraryFoldersResponse, repCoachingResponse, scorecardsResponse, teamActivityResponse } from './coaching-response.schemas.js';
import { dealRiskResponse, dealRiskToolResponse, listDealsResponse } from './deals-response.schemas.js';

// The agent API's response bodies, one zod schema per endpoint: the OpenAPI document's response
// schemas, and (the same objects) the MCP tools' output schemas, so the two never drift apart.
// Gong ids are strings of digits, never numbers; dates are ISO 8601 strings.

const gongId = z.string().describe('Gong id (up to 20 digits, as a string)');
const isoDate = z.string().describe('ISO 8601 date-time');
const links = z.object({ self: z.string(), transcript: z.string() }).describe('API paths to read more');

const user = z
  .object({ id: gongId, email: z.string().nullable(), name: z.string().nullable(), title: z.string().nullable(), active: z.boolean() })
  .describe('A Gong user');

const me = z.object({
  user: user.nullable().describe('The Gong user answers are filtered for; null when the token names nobody the replica knows (nothing is visible)'),
  subject: z.string().describe('What the token names: a Gong user id or email'),
  tokenId: z.string(),
  tokenKind: z.enum(['user', 'service']),
  permissionsAsOf: isoDate.describe('When this user’s Gong permissions were last synced'),
  access: z
    .object({
      workspaces: z.array(
        z.object({
          workspaceId: gongId,
          profile: z.enum(['profile', 'no-profile', 'conflicting-profiles']).describe('Whether one permission profile of the workspace lists the user (none or several: own calls only there)'),
          level: z.enum(['all', 'managers-team', 'report-to-them', 'own', 'none']).nullable().describe('The profile’s calls access level (Gong’s callsAccess.permissionLevel)'),
          teamLeadIds: z.array(gongId).describe('The team leads the level counts (managers-team: their teams; report-to-them: their reports)'),
          sees: z.string().describe('Whose non-private calls the user sees there, beyond their own'),
          domains: z
            .array(z.object({ domain: z.string(), level: z.string().nullable(), sees: z.string() }))
            .optional()
            .describe('The other permission-profile domains (insightsAccess, coachingAccess, ...): level and whose data it covers there'),
          library: z.string().nullable().optional().describe('libraryFolderAccess level there (all, specific-folders, none; none when the library pages are off)'),
          flags: z.record(z.string(), z.boolean()).optional().describe('The enforced booleans of the profile (callsAndSearch, account, library, coaching, ...)'),
        }),
      ),
      grantedCallCount: z.number().int().describe('Calls granted to the user through Gong’s users-access API'),
      rules: z.array(z.string()).describe('The rules in force, in the order they apply'),
    })
    .describe('What the user may see per workspace, and why'),
});

const callAccessExplanation = z.object({
  visible: z.boolean(),
  rule: z
    .enum(['unknown-user', 'inactive-user', 'owner', 'participant', 'private', 'api-grant', 'no-workspace', 'no-profile', 'conflicting-profiles', 'profile-level', 'outside-team', 'calls-and-search-off'])
    .describe('The rule that decides'),
  reason: z.string().describe('The decision in one sentence'),
  workspaceId: gongId.nullable(),
  level: z.enum(['all', 'managers-team', 'report-to-them', 'own', 'none']).nullable(),
  teamLeadIds: z.array(gongId),
  user: user.omit({ title: true }).nullable(),
  call: z.object({ id: gongId, title: z.string(), started: isoDate, workspaceId: gongId.nullable(), primaryUserId: gongId.nullable(), isPrivate: z.boolean() }),
  filterAgrees: z.boolean().describe('The access filter the search index applies gives the same verdict'),
  permissionsAsOf: isoDate.nullable(),
});

const callAccount = z.object({ id: z.string(), name: z.string() });
const callSummary = z.object({
  id: gongId,
  title: z.string(),
  url: z.string().nullable().describe('The call in Gong'),
  internal: z.boolean().describe('Only people of the company took part (e.g. a deal review linked to the account by its title)'),
  started: isoDate,
  durationS: z.number().describe('Duration in seconds'),
  workspaceId: gongId.nullable(),
  hostUserId: gongId.nullable(),
  accounts: z.array(callAccount),
  links,
});

const gongSummary = z.object({
  brief: z.string().nullable(),
  outline: z.array(z.unknown()).describe('Sections of the call with their items, as Gong outlined it'),
  highlights: z.array(z.unknown()).describe('Titled lists of highlights'),
  keyPoints: z.array(z.unknown()),
  callOutcome: z.unknown().describe('Gong’s call outcome, when set'),
  nextSteps: z.array(z.string()),
});

const call = z.object({
  id: gongId,
  title: z.string(),
  url: z.string().nullable().describe('The call in Gong'),
  started: isoDate,
  durationS: z.number(),
  workspaceId: gongId.nullable(),
  hostUserId: gongId.nullable(),
  isPrivate: z.boolean(),
  direction: z.string().nullable(),
  system: z.string().nullable(),
  scope: z.string().nullable(),
  purpose: z.string().nullable(),
  language: z.string().nullable(),
  brief: z.string().nullable().describe('Gong’s brief of the call, when Gong made one'),
  summary: gongSummary.describe('Gong’s own summary of the call, as replicated (no Gong request)'),
  parties: z.array(
    z.object({
      name: z.string().nullable(),
      email: z.string().nullable(),
      title: z.string().nullable(),
      affiliation: z.string().describe('Internal, External or Unknown'),
      userId: gongId.nullable(),
      speakerId: z.string().nullable(),
    }),
  ),
  accounts: z.array(z.object({ id: z.string(), name: z.string(), domain: z.string().nullable(), source: z.string() })),
  crmContext: z.array(
    z.object({
      system: z.string(),
      objectType: z.string(),
      objectId: z.string(),
      name: z.string().nullable(),
      fields: z.array(z.object({ name: z.string(), value: z.unknown() })),
    }),
  ),
  topics: z.array(z.object({ name: z.string(), durationS: z.number() })),
  trackers: z.array(z.object({ name: z.string(), type: z.string().nullable(), count: z.number() })),
  links,
});

const speaker = z.object({
  speakerId: z.string().nullable(),
  name: z.string().nullable(),
  email: z.string().nullable(),
  title: z.string().nullable(),
  affiliation: z.string().describe('Internal, External or Unknown'),
  userId: gongId.nullable(),
});

const transcript = z.object({
  callId: gongId,
  title: z.string(),
  started: isoDate,
  speakers: z.array(speaker),
  monologues: z.array(
    z.object({
      index: z.number().int().describe('Position among the monologues in the requested time range'),
      speaker,
      topic: z.string().nullable(),
      startMs: z.number().describe('Offset from the call start, ms'),
      endMs: z.number(),
      text: z.string(),
    }),
  ),
  totalMonologues: z.number().int(),
  nextCursor: z.string().nullable().describe('Pass as cursor for the next monologues; null on the last page'),
});

const passage = z.object({
  chunkId: z.string(),
  callId: gongId,
  score: z.number(),
  highlight: z.string().nullable().describe('Matched words between « and »; null without query text'),
  text: z.string(),
  speaker: z.object({ name: z.string().nullable(), email: z.string().nullable(), affiliation: z.string(), title: z.string().nullable() }),
  side: z.enum(['customer', 'rep', 'unknown']).describe('customer: an external participant; rep: someone of the company'),
  startMs: z.number(),
  endMs: z.number(),
  topic: z.string().nullable(),
  trackers: z.array(z.string()),
  call: z.object({
    id: gongId,
    title: z.string(),
    started: isoDate,
    url: z.string().nullable().describe('The call in Gong'),
    internal: z.boolean().describe('Only people of the company took part'),
    accounts: z.array(z.object({ id: z.string(), name: z.string().nullable() })),
    transcript: z.string(),
  }),
});

const bucket = z.object({ value: z.string(), label: z.string().nullable(), count: z.number() });
const search = z.object({
  passages: z.array(passage),
  total: z.number().int().describe('Matching passages the user may see'),
  totalRelation: z.enum(['eq', 'gte']).describe('eq: total is exact; gte: at least total (counted within the ranking window of the most recent matches)'),
  totalCalls: z.number().int().describe('Distinct calls among them'),
  facets: z.object({ accounts: z.array(bucket), speakers: z.array(bucket), trackers: z.array(bucket), sections: z.array(bucket).describe('transcript or summary (Gong’s call summaries)') }),
  nextCursor: z.string().nullable().describe('Pass back as cursor with the same query for more; null on the last page'),
  range: z.object({ from: z.string().nullable(), to: z.string().nullable(), timeZone: z.string() }).describe('The range searched; bare days read in timeZone'),
  emptyReason: z.string().nullable().describe('Why nothing was found, in one sentence; null when passages were found'),
});

const accountRow = z.object({
  id: z.string(),
  name: z.string(),
  domain: z.string().nullable(),
  domains: z.array(z.string()).describe('Every domain of the account and of the domain accounts merged into it'),
  callCount: z.number().int(),
  lastCallAt: isoDate,
});

const participant = z.object({
  affiliation: z.string(),
  userId: gongId.nullable(),
  email: z.string().nullable(),
  name: z.string().nullable(),
  title: z.string().nullable(),
  calls: z.number().int(),
  lastCallAt: isoDate,
});

const accountResearch = z.object({
  account: z.object({
    id: z.string(),
    name: z.string(),
    domain: z.string().nullable(),
    system: z.string().nullable(),
    crmObjectId: z.string().nullable(),
    memberIds: z.array(z.string()).describe('The account ids merged into this account (the CRM account and its contacts’ domain accounts)'),
    domains: z.array(z.string()),
    matchedBy: z.string().describe('How the reference named the account (id, crm id, domain, name)'),
  }),
  callCount: z.number().int(),
  firstCallAt: isoDate.nullable(),
  lastActivityAt: isoDate.nullable(),
  callsByMonth: z.array(z.object({ month: z.string(), calls: z.number().int() })),
  recentCalls: z.array(callSummary),
  participants: z.object({ internal: z.array(participant), external: z.array(participant) }),
  topicsByMonth: z.array(z.object({ month: z.string(), name: z.string(), calls: z.number().int(), durationS: z.number() })),
  trackersByMonth: z.array(z.object({ month: z.string(), name: z.string(), calls: z.number().int(), mentions: z.number() })),
  question: z.string().nullable(),
  passages: z.array(passage),
  range: z
    .object({ from: z.string().nullable(), to: z.string().nullable(), timeZone: z.string(), defaulted: z.boolean(), note: z.string() })
    .describe('The range the passages come from; defaulted when the request named none (the last 90 days)'),
  emptyReason: z.string().nullable().describe('Why no passage was found, in one sentence; null otherwise'),
});

// Admin API answers. Loose objects: the admin records may carry more fields (scopes, tool limits)
// than listed here, and a client must ignore what it does not know.
const adminToken = z.looseObject({
  id: z.string(),
  kind: z.enum(['user', 'service']),
  name: z.string(),
  userId: gongId.nullable(),
  userEmail: z.string().nullable(),
  actAs: z.boolean().describe('Service tokens: may act for the user named in X-Gong-User'),
  createdAt: isoDate,
  expiresAt: isoDate.nullable(),
  revokedAt: isoDate.nullable(),
  lastUsedAt: isoDate.nullable(),
});
const webhookSubscription = z.looseObject({
  id: z.string(),
  url: z.string(),
  events: z.array(z.string()),
  description: z.string().nullable(),
  enabled: z.boolean(),
  createdAt: isoDate,
  principal: SubscriptionPrincipalSchema.describe('Whose view the events carry: a Gong user, or a service identity with its scope'),
  trackers: z.array(z.string()).nullable().optional().describe('tracker.mentioned only for these trackers or phrases; null: every tracker'),
});
const delivery = z.looseObject({
  id: z.string(),
  subscriptionId: z.string(),
  event: z.string(),
  eventKey: z.string(),
  payload: z.unknown().describe('The signed body (CallIndexedWebhookV1)'),
  status: z.enum(['pending', 'delivered', 'dead']),
  attempts: z.number().int(),
  nextAttemptAt: isoDate,
  giveUpAt: isoDate,
  lastError: z.string().nullable(),
  lastStatus: z.number().int().nullable(),
  sourceTime: isoDate.nullable(),
  createdAt: isoDate,
  deliveredAt: isoDate.nullable(),
});

/** A JSON-RPC answer of `/mcp` (its `result` is the MCP method's; see the MCP specification). */
const jsonRpc = z.object({
  jsonrpc: z.literal('2.0'),
  id: z.union([z.string(), z.number(), z.null()]),
  result: z.record(z.string(), z.unknown()).optional(),
  error: z.object({ code: z.number().int(), message: z.string(), data: z.unknown().optional() }).optional(),
});

/**
 * The agent API's response schemas, one per endpoint, used by the OpenAPI document and as the MCP
 * tools' output schemas (objects at the root, as MCP requires of an output schema).
 */
// ---- acting on Gong -------------------------------------------------------------------------------
const engageFlow = z.looseObject({
  id: z.string(),
  name: z.string().optional(),
  folderId: z.string().optional(),
  folderName: z.string().optional(),
  visibility: z.string().optional().describe('Company, Personal or Shared'),
  creationDate: z.string().optional(),
  exclusive: z.boolean().optional().describe('A prospect in this flow cannot be in another at the same time'),
});
const assignedFlow = z.looseObject({
  flowId: z.string(),
  flowName: z.string().optional(),
  crmProspectId: z.string(),
  flowInstanceId: z.string(),
  flowInstanceOwnerEmail: z.string().optional(),
  flowInstanceStatus: z.string().optional(),
  flowInstanceCreateDate: z.string().optional(),
});
const engageTask = z.looseObject({
  id: z.string(),
  userId: z.string(),
  status: z.string(),
  type: z.string().optional(),
  title: z.string().optional(),
  dueDate: z.string().optional(),
  priority: z.looseObject({ name: z.string().optional() }).optional(),
});
const writeAnswer = z.object({
  status: z.enum(['confirmation_required', 'done', 'failed']).describe('confirmation_required: nothing changed yet, call again with confirm; done; failed (error says why)'),
  tool: z.string(),
  preview: z.object({ summary: z.string(), actingFor: z.string(), changes: z.array(z.string()) }).describe('What the write changes, for whom'),
  confirmationId: z.string().optional().describe('Pass as confirm, with the same arguments, to perform the write'),
  expiresAt: z.string().optional().describe('When the confirmationId stops working'),
  result: z.record(z.string(), z.unknown()).optional().describe('What Gong answered'),
  error: z.object({ code: z.string(), message: z.string() }).optional(),
  gongRequestIds: z.array(z.string()).describe('Gong request ids of the write (for support)'),
  replayed: z.boolean().describe('The first answer under this idempotency key, given again; no new Gong request'),
  reconciled: z.boolean().describe('Gong did not answer in time; the outcome was read back from Gong'),
});
const crmUpload = z.object({
  uploadId: z.string(),
  state: z.enum(['submitting', 'polling', 'done', 'failed']).describe('polling: Gong is processing the file; done: Gong finished (gongStatus DONE, or FAILED with the lines it refused); failed: the upload never reached Gong or was never finished'),
  objectType: z.string(),
  integrationId: z.string(),
  lineCount: z.number().int().describe('Objects (LDJSON lines) sent'),
  gongStatus: z.string().nullable().describe("Gong's request status: PENDING, IN_PROGRESS, DONE or FAILED"),
  successCount: z.number().int().nullable().describe('Objects Gong took'),
  errorCount: z.number().int().nullable().describe('Objects Gong refused'),
  lineErrors: z.array(z.object({ line: z.number().int().nullable(), description: z.string() })).describe('The lines Gong refused (at most 20; line 0: the whole file)'),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
  gongRequestId: z.string().nullable().describe("Gong's requestId of the upload (for support)"),
  polls: z.number().int().describe('Status requests made to Gong so far'),
  createdAt: isoDate,
  updatedAt: isoDate,
  finishedAt: isoDate.nullable(),
});
const writeAuditLine = z.object({
  id: z.string(),
  at: isoDate,
  tokenId: z.string(),
  tokenKind: z.string(),
  actingFor: z.string().describe('The Gong user the write was made for'),
  tool: z.string(),
  argsDigest: z.string().describe('sha256 of the tool and its exact arguments'),
  outcome: z.string().describe('done, reconciled, failed or replayed'),
  gongRequestIds: z.array(z.string()),
  idempotencyKey: z.string().nullable(),
  detail: z.record(z.string(), z.unknown()).nullable(),
});

// ---- Gong's own AI (credits) -----------------------------------------------------------------------
const aiCall = z.object({ id: gongId, title: z.string().nullable(), started: isoDate.nullable(), url: z.string().nullable() }).describe('A call Gong cites (only calls you may see)');
const aiEvidence = {
  calls: z.array(aiCall),
  hiddenCalls: z.number().int().describe('Cited calls you may not see in Gong: counted, never named'),
  emailsCited: z.number().int().describe('Emails Gong cites: counted, never named (which emails you may see in Gong is not replicated)'),
};
const aiAnswerMeta = {
  entity: z.object({ type: z.string(), id: z.string(), name: z.string().nullable() }),
  workspaceId: gongId,
  period: z.string(),
  numOfCallsSearched: z.number().int().nullable(),
  numOfEmailsSearched: z.number().int().nullable(),
  cached: z.boolean().describe('Answered from the cache (no Gong request, no credits)'),
  generatedAt: isoDate.describe('When Gong generated it'),
  gongRequestId: z.string().nullable(),
  creditsEstimate: z.number().int().describe('Gong credits this generation is estimated to have cost (1 + 1 per started 10 calls and emails used; Gong does not report it); 0 from the cache'),
};
const gongAi = {
  listBriefs: z.object({
    briefs: z.array(z.object({ briefId: z.string().nullable(), briefName: z.string().nullable(), workspaceId: z.string().nullable(), description: z.string().nullable(), published: z.boolean(), updated: isoDate.nullable() })),
  }),
  gongBrief: z.object({
    ...aiAnswerMeta,
    briefName: z.string(),
    sections: z.array(z.object({ title: z.string().nullable(), type: z.string().nullable(), summary: z.array(z.string()), ...aiEvidence, web: z.array(z.object({ title: z.string().nullable(), url: z.string().nullable() })) })),
  }),
  askGong: z.object({
    ...aiAnswerMeta,
    question: z.string(),
    answer: z.array(z.object({ items: z.array(z.string()), ...aiEvidence })),
  }),
};

export const ApiResponseSchemas = {
  ...gongAi,
  listFlows: z.object({ flows: z.array(engageFlow), ownerEmail: z.string(), nextCursor: z.string().nullable() }),
  flowsForProspects: z.object({
    assignments: z.array(assignedFlow),
    hiddenCount: z.number().int().describe('Assignments owned by other users, not shown (your Gong permissions do not cover others\' flows)'),
  }),
  listTasks: z.object({ tasks: z.array(engageTask), userId: z.string() }),
  writeAnswer,
  writeAudit: z.object({ lines: z.array(writeAuditLine), nextBefore: z.string().nullable() }),
  crmUpload,
  me,
  callAccessExplanation,
  call,
  listCalls: z.object({
    calls: z.array(callSummary),
    nextCursor: z.string().nullable().describe('Pass as cursor for the next page; null on the last page'),
    range: z.object({ from: z.string().nullable(), to: z.string().nullable(), timeZone: z.string() }).describe('The range listed; bare days read in timeZone'),
  }),
  transcript,
  search,
  listAccounts: z.object({ accounts: z.array(accountRow) }),
  accountResearch,
  adminToken,
  adminTokenCreated: adminToken.extend({ token: z.string().describe('The secret: shown in this answer only') }),
  adminTokens: z.object({ tokens: z.array(adminToken) }),
  webhookSubscription,
  webhookSubscriptionCreated: webhookSubscription.extend({ secret: z.string().describe('The signing secret: shown in this answer only') }),
  webhookSubscriptions: z.object({ subscriptions: z.array(webhookSubscription) }),
  webhookDeliveries: z.object({ deliveries: z.array(delivery) }),
  webhookRequeued: z.object({ requeued: z.array(z.string()).describe('Ids of the deliveries queued again') }),
  jsonRpc,
  /** `GET /v1/trackers` and `list_trackers`. */
  trackers: z.object({
  trackers: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      workspaceId: z.string().nullable(),
      affiliation: z.string().nullable(),
      keywords: z.array(z.object({ language: z.string().nullable(), phrases: z.array(z.string()) })),
      saidAt: z.string().nullable(),
      saidInTopics: z.array(z.string()),
      partOfQuestion: z.boolean(),
      updated: z.string().nullable(),
    }),
  ),
}),
  /** RFC 9728 protected-resource metadata (`/.well-known/oauth-protected-resource[/mcp]`). */
  protectedResourceMetadata: z
    .object({
      resource: z.string().describe('This API (or its /mcp endpoint)'),
      authorization_servers: z.array(z.string()).optional().describe('Issuers whose access tokens this API accepts'),
      scopes_supported: z.array(z.string()).optional(),
      bearer_methods_supported: z.array(z.string()).optional(),
      resource_name: z.string().optional(),
      resource_documentation: z.string().optional(),
    })
    .loose(),
  /** `GET /v1/users/{id}/coaching` and `rep_scorecard`. */
  repCoaching: repCoachingResponse,
  /** `GET /v1/teams/{managerId}/activity` and `team_activity`. */
  teamActivity: teamActivityResponse,
  /** `GET /v1/scorecards` and `scorecards`. */
  scorecards: scorecardsResponse,
  /** `GET /v1/library/folders`. */
  libraryFolders: libraryFoldersResponse,
  /** `GET /v1/library/folders/{id}/clips`. */
  libraryClips: libraryClipsResponse,
  /** `GET /v1/deals/{id}/risk`. */
  dealRisk: dealRiskResponse,
  /** `GET /v1/deals`. */
  listDeals: listDealsResponse,
  /** The `deal_risk` tool: one deal's risk or a page of deals. */
  dealRiskTool: dealRiskToolResponse,
  /** `error` of every 4xx/5xx answer. */
  error: z.object({
    error: z.object({
      code: z.string().describe('Stable error code, e.g. VALIDATION_FAILED, NOT_FOUND, UNAUTHENTICATED'),
      message: z.string().describe('What went wrong and what to fix'),
      details: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    }),
  }),
} as const;

export type MeResponse = z.infer<typeof ApiResponseSchemas.me>;
