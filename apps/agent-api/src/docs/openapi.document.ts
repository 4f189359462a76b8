import { z } from 'zod';
import { CreateTokenBodySchema, ExpireTokenBodySchema, ListTokensQuerySchema } from '../admin/tokens.controller.js';
import { CreateWebhookBodySchema, DeliveriesQuerySchema, RedeliverBodySchema } from '../admin/webhooks.controller.js';
import { ExplainQuerySchema } from '../admin/explain.controller.js';
import { ApiRequestSchemas } from '../api/api-request.schemas.js';
import { ApiResponseSchemas } from '../api/api-response.schemas.js';
import { CompetitorTrendsRequestSchema, CompetitorTrendsResponseSchema } from '../competitors/competitor-trends.schemas.js';
import { GONG_SCOPES } from '../auth/tool-access.js';
import { BriefingRequestSchema, BriefingResponseSchema } from '../briefings/briefing.schemas.js';

type Schema = z.ZodObject;

function params(schema: Schema, where: 'query' | 'path'): unknown[] {
  return Object.entries(schema.shape).map(([name, field]) => {
    const f = field as z.ZodType;
    const json = z.toJSONSchema(f, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
    return { name, in: where, required: where === 'path' || !f.safeParse(undefined).success, description: f.description ?? json.description, schema: json };
  });
}
const queryParams = (schema: Schema): unknown[] => params(schema, 'query');
const pathParams = (schema: Schema): unknown[] => params(schema, 'path');
const jsonBody = (schema: z.ZodType, required = true): Record<string, unknown> => ({
  required,
  content: { 'application/json': { schema: z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) } },
});

/** Where the built-in authorization server (when on) and the company IdP (when configured) are. */
export interface OpenApiOptions {
  /** The API's public base URL (the `servers` entry). */
  serverUrl: string;
  /** The built-in authorization server's issuer (`${public}/oauth`), when it is on. */
  builtinIssuer?: string | undefined;
  /** The company IdP's issuer (resource-server mode), when configured. */
  companyIssuer?: string | undefined;
}

/** A JSON response described by its zod schema from api-response.schemas.ts (the MCP tools' output schemas too). */
function json(description: string, schema: z.ZodType): Record<string, unknown> {
  const { $schema: _dialect, ...jsonSchema } = z.toJSONSchema(schema, { io: 'output', unrepresentable: 'any' }) as Record<string, unknown>;
  return { description, content: { 'application/json': { schema: jsonSchema } } };
}
const error = (description: string): Record<string, unknown> => json(description, ApiResponseSchemas.error);
const errors = {
  '400': error('A parameter is invalid: `details[].path` names each bad field'),
  '401': error('Missing or invalid bearer token; `WWW-Authenticate: Bearer resource_metadata="…"` says where to get one'),
  '403': error('ACCESS_DENIED: no active Gong user for the token, a missing scope (`WWW-Authenticate: Bearer error="insufficient_scope"`), or a token limited to other tools'),
  '429': error('Rate limit of the token reached; see Retry-After, RateLimit and RateLimit-Policy'),
};
const adminErrors = {
  '400': errors['400'],
  '401': error('Missing or wrong admin token (`WWW-Authenticate: Bearer realm="admin"`)'),
  '403': error('The admin API is off (AGENT_API_ADMIN_TOKEN unset)'),
};
const uuidParam = { name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } };

/**
 * The agent API's OpenAPI 3.1 document, built from the same zod schemas that validate requests:
 * an operationId per operation, `servers`, user security (a static bearer token, or OAuth 2.1: the
 * built-in authorization server's authorization-code flow when on, the company IdP's OpenID
 * Connect discovery in resource-server mode) kept apart from the admin token.
 */
export function openApiDocument(options: OpenApiOptions = { serverUrl: 'http://127.0.0.1:8080' }): Record<string, unknown> {
  const scopes = Object.fromEntries(GONG_SCOPES.map((s) => [s, s === 'gong:read' ? 'Read calls, transcripts, search and accounts you may see in Gong' : s === 'gong:ai' ? 'Gong’s own AI (briefs, questions about an entity), paid in Gong credits' : `Write: ${s.split(':')[1]}`]));
  const securitySchemes: Record<string, unknown> = {
    bearer: { type: 'http', scheme: 'bearer', description: 'A user or service token minted by an admin (`gca_…`)' },
    admin: { type: 'http', scheme: 'bearer', description: 'The admin token (AGENT_API_ADMIN_TOKEN); admin routes only' },
  };
  const user: Record<string, string[]>[] = [{ bearer: [] }];
  if (options.builtinIssuer) {
    securitySchemes['oauth2'] = {
      type: 'oauth2',
      description: 'The built-in authorization server (authorization code with PKCE S256; sign-in through the company IdP)',
      flows: { authorizationCode: { authorizationUrl: `${options.builtinIssuer}/auth`, tokenUrl: `${options.builtinIssuer}/token`, refreshUrl: `${options.builtinIssuer}/token`, scopes } },
    };
    user.push({ oauth2: ['gong:read'] });
  }
  if (options.companyIssuer) {
    securitySchemes['companyIdp'] = {
      type: 'openIdConnect',
      description: 'Access tokens of the company identity provider (resource-server mode), audience this API',
      openIdConnectUrl: `${options.companyIssuer}/.well-known/openid-configuration`,
    };
    user.push({ companyIdp: ['gong:read'] });
  }
  const admin = [{ admin: [] }];
  const read = (operationId: string, summary: string, tags: string[], ok: Record<string, unknown>, extra: Record<string, unknown> = {}, responses: Record<string, unknown> = {}) => ({
    operationId,
    summary,
    tags,
    security: user,
    ...extra,
    responses: { '200': ok, ...responses, ...errors },
  });
  const adminOp = (operationId: string, summary: string, extra: Record<string, unknown>, ok: Record<string, unknown>) => ({
    operationId,
    summary,
    tags: ['admin'],
    security: admin,
    ...extra,
    responses: { ...ok, ...adminErrors },
  });
  const notVisible = { '404': error('No such call, or not visible to this user (the same answer)') };
  return {
    openapi: '3.1.0',
    info: {
      title: 'Gong connector agent API',
      version: '1',
      description:
        'Every answer is filtered to what the asking Gong user may see in Gong. A call the user may not see is answered 404, like a missing call. ' +
        'Authenticate with `Authorization: Bearer <token>`: a token an admin minted (service tokens with the actAs right name the user in `X-Gong-User`) ' +
        'or an OAuth 2.1 access token for this API (see `/.well-known/oauth-protected-resource`). Every /v1 route needs the `gong:read` scope.',
    },
    servers: [{ url: options.serverUrl }],
    tags: [
      { name: 'calls', description: 'Calls and transcripts' },
      { name: 'search', description: 'Transcript search' },
      { name: 'accounts', description: 'Account research' },
      { name: 'coaching', description: 'Coaching: rep stats, team activity, scorecards and the Library, each under its own Gong permission (withheld says what was left out)' },
      { name: 'events', description: 'Live events' },
      { name: 'deals', description: 'Deals and their risk' },
      { name: 'mcp', description: 'Model Context Protocol' },
      { name: 'oauth', description: 'OAuth protected-resource metadata' },
      { name: 'admin', description: 'Admin API (admin token)' },
    ],
    components: { securitySchemes },
    security: user,
    paths: {
      '/v1/me': { get: read('getMe', 'Who the token acts for, their calls access level per workspace and the rules in force', ['calls'], json('The user', ApiResponseSchemas.me)) },
      '/v1/calls': { get: read('listCalls', 'List visible calls, newest first', ['calls'], json('A page of calls', ApiResponseSchemas.listCalls), { parameters: queryParams(ApiRequestSchemas.listCalls) }) },
      '/v1/calls/{callId}': {
        get: read('getCall', 'One call: parties, CRM context, topics, trackers, Gong URL and Gong summary (brief, outline, highlights, key points, outcome, next steps; live fallback to Gong when not replicated)', ['calls'], json('The call', ApiResponseSchemas.call), { parameters: pathParams(ApiRequestSchemas.callId) }, notVisible),
      },
      '/v1/calls/{callId}/transcript': {
        get: read('getTranscript', 'Transcript with speakers resolved, paged by monologue', ['calls'], json('A page of the transcript', ApiResponseSchemas.transcript), { parameters: [...pathParams(ApiRequestSchemas.callId), ...queryParams(ApiRequestSchemas.transcript)] }, notVisible),
      },
      '/v1/search': { get: read('searchCalls', 'Search transcript passages (highlights, facets)', ['search'], json('A page of passages, totals and facets', ApiResponseSchemas.search), { parameters: queryParams(ApiRequestSchemas.search) }) },
      '/v1/accounts': { get: read('listAccounts', 'Accounts with visible calls', ['accounts'], json('Accounts', ApiResponseSchemas.listAccounts), { parameters: queryParams(ApiRequestSchemas.listAccounts) }) },
      '/v1/accounts/{id}/research': {
        get: read('researchAccount', 'Account timeline and passages of both sides for a question over from/to (default: the last 90 days); the account by id, bare CRM id, email domain or name (zero Gong requests)', ['accounts'], json('The research view', ApiResponseSchemas.accountResearch), {
          parameters: [...pathParams(ApiRequestSchemas.account), ...queryParams(ApiRequestSchemas.accountResearch)],
        }, { '404': error('No visible calls of this account'), '400': error('Invalid query; an ambiguous account name (the candidates are listed); from not before to') }),
      },
      '/v1/briefings': {
        post: read('createBriefing', 'Meeting prep: a brief on one account (last calls with Gong\'s summary, attendees\' history, open objections, competitors, deal stage and risk) from the replica, then at most one live Gong request for calls not replicated yet (skipped while the quota breaker is open)', ['accounts'], json('The brief', BriefingResponseSchema), {
          requestBody: jsonBody(BriefingRequestSchema),
        }, { '404': error('No visible calls of this account'), '400': error('Invalid body (account, attendee emails, calls, liveHours); an ambiguous account name') }),
      },
      '/v1/trackers': { get: read('listTrackers', 'The company keyword trackers and their phrases (replicated daily)', ['calls'], json('Trackers', ApiResponseSchemas.trackers), { parameters: queryParams(ApiRequestSchemas.listTrackers) }) },
      '/v1/users/{id}/coaching': {
        get: read('getRepCoaching', "One rep over a period: activity, interaction stats and scorecard averages per question beside the team median and the rep's previous period; the two weakest areas with passages (zero Gong requests)", ['coaching'], json("The rep's coaching view", ApiResponseSchemas.repCoaching), {
          parameters: [...pathParams(z.object({ id: ApiRequestSchemas.repCoaching.shape.userId })), ...queryParams(ApiRequestSchemas.repCoaching.omit({ userId: true }))],
        }, { '403': error('ACCESS_DENIED: neither insightsAccess nor coachingAccess of your Gong profile covers this rep'), '404': error('No such user in the replica') }),
      },
      '/v1/teams/{managerId}/activity': {
        get: read('getTeamActivity', "A manager's direct reports you may see, with activity and interaction stats, sorted and paged (zero Gong requests)", ['coaching'], json('A page of reps', ApiResponseSchemas.teamActivity), {
          parameters: [...pathParams(ApiRequestSchemas.teamActivity.pick({ managerId: true })), ...queryParams(ApiRequestSchemas.teamActivity.omit({ managerId: true }))],
        }, { '404': error('No such user in the replica') }),
      },
      '/v1/scorecards': { get: read('listScorecards', 'Answered scorecards with every answer, within your coaching access, newest review first, paged (zero Gong requests)', ['coaching'], json('A page of answered scorecards', ApiResponseSchemas.scorecards), { parameters: queryParams(ApiRequestSchemas.scorecards) }) },
      '/v1/library/folders': { get: read('listLibraryFolders', 'The Library folders you may open (libraryFolderAccess), paged', ['coaching'], json('A page of folders', ApiResponseSchemas.libraryFolders), { parameters: queryParams(ApiRequestSchemas.libraryFolders) }) },
      '/v1/library/folders/{id}/clips': {
        get: read('listLibraryClips', "A folder's clips in order with the transcript excerpt of each moment; a clip whose call you may not see is listed without link or excerpt", ['coaching'], json('A page of clips', ApiResponseSchemas.libraryClips), {
          parameters: [...pathParams(z.object({ id: ApiRequestSchemas.libraryClips.shape.folderId })), ...queryParams(ApiRequestSchemas.libraryClips.omit({ folderId: true }))],
        }, { '404': error('No such folder, or not one you may open (the same answer)') }),
      },
      '/v1/competitors': {
        get: read('competitorTrends', 'Per competitor (a phrase of a competitor tracker, or a tracker): mentions per week, share of calls and deals, win rate with and without a mention, newest and most relevant quotes; over the calls the user may see (zero Gong requests)', ['deals'], json('Competitor trends', CompetitorTrendsResponseSchema), { parameters: queryParams(CompetitorTrendsRequestSchema) }),
      },
      '/v1/deals': {
        get: read('listDeals', 'Deals (CRM opportunities seen in calls) under your dealsAccess level, each with its 0-100 risk score and top factors; risk=high for the riskiest; paged with a cursor (zero Gong requests)', ['deals'], json('A page of deals', ApiResponseSchemas.listDeals), { parameters: queryParams(ApiRequestSchemas.listDeals) }),
      },
      '/v1/deals/{dealId}/risk': {
        get: read('getDealRisk', "One deal's 0-100 risk score with its factors, each explained with evidence (passages, dates) from the calls you may see; evidence of other calls is only counted", ['deals'], json('The deal and its risk', ApiResponseSchemas.dealRisk), { parameters: pathParams(ApiRequestSchemas.dealRisk) }, { '404': error('No such deal, or not visible to this user (the same answer)') }),
      },
      '/v1/gong-ai/briefs': { get: read('listGongBriefs', 'Gong AI: the briefs configured in Gong (needs gong:ai and AGENT_API_GONG_AI=true)', ['accounts'], json('Briefs', ApiResponseSchemas.listBriefs), { parameters: queryParams(ApiRequestSchemas.listBriefs) }) },
      '/v1/gong-ai/brief': { post: read('gongBrief', 'Gong AI: a brief of an account, deal or contact you may see a call of (Gong credits; cached)', ['accounts'], json('The brief', ApiResponseSchemas.gongBrief), { requestBody: jsonBody(ApiRequestSchemas.gongBrief) }) },
      '/v1/gong-ai/ask': { post: read('askGong', 'Gong AI: an answer to a question about an account, deal or contact you may see a call of (Gong credits; cached)', ['accounts'], json('The answer', ApiResponseSchemas.askGong), { requestBody: jsonBody(ApiRequestSchemas.askGong) }) },
      '/v1/events': { get: read('streamEvents', 'Server-Sent Events: `call.indexed` for each newly indexed call the user may see, `tracker.mentioned` (with `events=tracker.mentioned&tracker=`) for those that mention a chosen tracker, and `crm.upload.completed` for each of the user\'s CRM uploads that ends', ['events'], { description: 'One `call.indexed` event per newly indexed call the user may see', content: { 'text/event-stream': { schema: { type: 'string' } } } }) },
      '/v1/crm/uploads': {
        post: read(
          'uploadCrmObjects',
          'Upload CRM objects to Gong (scope gong:crm:write, Gong right crmDataImport): a preview and confirmationId first (200), then with confirm the upload id at once (202); Idempotency-Key makes it safe to send again',
          ['crm'],
          json('The preview (status confirmation_required), or a failed write', ApiResponseSchemas.writeAnswer),
          { requestBody: jsonBody(ApiRequestSchemas.uploadCrmObjects) },
          { '202': json('Sent: result.uploadId names the job GET /v1/crm/uploads/{id} follows', ApiResponseSchemas.writeAnswer) },
        ),
      },
      '/v1/crm/uploads/{id}': {
        get: read('getCrmUpload', 'Where a CRM upload stands: state, Gong status, counts and the lines Gong refused (its uploader only)', ['crm'], json('The upload job', ApiResponseSchemas.crmUpload), { parameters: [uuidParam] }, {
          '404': error('No such upload of this user'),
        }),
      },
      '/admin/crm/uploads/{id}': {
        get: adminOp('getCrmUploadAdmin', 'Any CRM upload job, with its uploader', { parameters: [uuidParam] }, { '200': json('The upload job', ApiResponseSchemas.crmUpload.extend({ uploadedBy: z.object({ userId: z.string(), email: z.string().nullable() }), tokenId: z.string() })) }),
      },
      '/mcp': {
        post: read('mcp', 'MCP over Streamable HTTP (stateless; revisions 2026-07-28, 2025-11-25, 2025-06-18); `tools/list` names the tools', ['mcp'], json('The JSON-RPC answer (or an SSE stream of them)', ApiResponseSchemas.jsonRpc), {
          requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', description: 'A JSON-RPC 2.0 request (or batch) of the Model Context Protocol' } } } },
        }),
      },
      '/.well-known/oauth-protected-resource': {
        get: { operationId: 'getProtectedResourceMetadata', summary: 'RFC 9728 metadata of this API', tags: ['oauth'], security: [], responses: { '200': json('The metadata', ApiResponseSchemas.protectedResourceMetadata) } },
      },
      '/.well-known/oauth-protected-resource/mcp': {
        get: { operationId: 'getMcpProtectedResourceMetadata', summary: 'RFC 9728 metadata of the MCP endpoint', tags: ['oauth'], security: [], responses: { '200': json('The metadata', ApiResponseSchemas.protectedResourceMetadata) } },
      },
      '/admin/tokens': {
        post: adminOp('createToken', 'Create a token, optionally scoped (scopes, tools, tool tags, read-only, expiry); the secret is in this answer only', { requestBody: jsonBody(CreateTokenBodySchema) }, {
          '201': json('The token, with its secret', ApiResponseSchemas.adminTokenCreated),
        }),
        get: adminOp('listTokens', 'List tokens', { parameters: queryParams(ListTokensQuerySchema) }, { '200': json('Tokens', ApiResponseSchemas.adminTokens) }),
      },
      '/admin/tokens/{id}': { delete: adminOp('deleteToken', 'Revoke a token', { parameters: [uuidParam] }, { '200': json('The token', ApiResponseSchemas.adminToken) }) },
      '/admin/tokens/{id}/revoke': { post: adminOp('revokeToken', 'Revoke a token', { parameters: [uuidParam] }, { '200': json('The token', ApiResponseSchemas.adminToken) }) },
      '/admin/tokens/{id}/expire': { post: adminOp('expireToken', 'Expire a token now or at `at`', { parameters: [uuidParam], requestBody: jsonBody(ExpireTokenBodySchema.unwrap(), false) }, { '200': json('The token', ApiResponseSchemas.adminToken) }) },
      '/admin/explain': {
        get: adminOp('explainCallAccess', 'Whether a user may see a call, and which rule decides (owner, participant, private, API grant, profile level and leads)', { parameters: queryParams(ExplainQuerySchema) }, {
          '200': json('The decision and its rule', ApiResponseSchemas.callAccessExplanation),
          '404': error('No such call in the replica'),
        }),
      },
      '/admin/webhooks': {
        post: adminOp('createWebhook', 'Subscribe a URL to call.indexed; the signing secret is in this answer only', { requestBody: jsonBody(CreateWebhookBodySchema) }, { '201': json('The subscription, with its signing secret', ApiResponseSchemas.webhookSubscriptionCreated) }),
        get: adminOp('listWebhooks', 'List subscriptions', {}, { '200': json('Subscriptions', ApiResponseSchemas.webhookSubscriptions) }),
      },
      '/admin/webhooks/{id}': { delete: adminOp('deleteWebhook', 'Delete a subscription', { parameters: [uuidParam] }, { '200': json('Deleted', z.object({ deleted: z.literal(true) })) }) },
      '/admin/webhooks/deliveries': { get: adminOp('listWebhookDeliveries', 'List deliveries, e.g. ?status=dead', { parameters: queryParams(DeliveriesQuerySchema) }, { '200': json('Deliveries', ApiResponseSchemas.webhookDeliveries) }) },
      '/admin/webhooks/deliveries/redeliver': { post: adminOp('redeliverWebhookDeliveries', 'Requeue dead deliveries', { requestBody: jsonBody(RedeliverBodySchema) }, { '200': json('Requeued deliveries', ApiResponseSchemas.webhookRequeued) }) },
      '/admin/webhooks/deliveries/{id}/redeliver': { post: adminOp('redeliverWebhookDelivery', 'Requeue one dead delivery', { parameters: [uuidParam] }, { '200': json('Requeued deliveries', ApiResponseSchemas.webhookRequeued) }) },
    },
  };
}
