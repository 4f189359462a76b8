import { z } from 'zod';
import { ApiRequestSchemas } from '../api/api-request.schemas.js';

type Schema = z.ZodObject;

function params(schema: Schema, where: 'query' | 'path'): unknown[] {
  return Object.entries(schema.shape).map(([name, field]) => {
    const f = field as z.ZodType;
    const json = z.toJSONSchema(f, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
    return { name, in: where, required: !f.safeParse(undefined).success, description: f.description ?? json.description, schema: json };
  });
}
const queryParams = (schema: Schema): unknown[] => params(schema, 'query');
const pathParams = (schema: Schema): unknown[] => params(schema, 'path');

const bearer = [{ bearer: [] }];
const errors = {
  '400': { description: 'A parameter is invalid: `{error:{code:"VALIDATION_FAILED",message,details:[{path,message}]}}`' },
  '401': { description: 'Missing or invalid bearer token' },
  '429': { description: 'Rate limit of the token reached; see Retry-After, RateLimit and RateLimit-Policy' },
};
const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'string', pattern: '^\\d+$' } };

/** The agent API's OpenAPI 3.1 document, built from the same zod schemas that validate requests. */
export function openApiDocument(): Record<string, unknown> {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Gong connector agent API',
      version: '1',
      description:
        'Every answer is filtered to what the asking Gong user may see in Gong. A call the user may not see is answered 404, like a missing call. ' +
        'Authenticate with `Authorization: Bearer <token>`; service tokens with the actAs right name the user in `X-Gong-User`.',
    },
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    security: bearer,
    paths: {
      '/v1/me': { get: { summary: 'Who the token acts for', responses: { '200': { description: 'The user' }, ...errors } } },
      '/v1/calls': { get: { summary: 'List visible calls, newest first', parameters: queryParams(ApiRequestSchemas.listCalls), responses: { '200': { description: '`{calls, nextCursor}`' }, ...errors } } },
      '/v1/calls/{callId}': { get: { summary: 'One call: parties, CRM context, topics, trackers, Gong URL and Gong summary (brief, outline, highlights, key points, outcome, next steps; live fallback to Gong when not replicated)', parameters: pathParams(ApiRequestSchemas.callId), responses: { '200': { description: 'The call' }, '404': { description: 'No such call, or not visible' }, ...errors } } },
      '/v1/calls/{callId}/transcript': { get: { summary: 'Transcript with speakers resolved, paged by monologue', parameters: [...pathParams(ApiRequestSchemas.callId), ...queryParams(ApiRequestSchemas.transcript)], responses: { '200': { description: 'The transcript' }, '404': { description: 'No such call, or not visible' }, ...errors } } },
      '/v1/search': { get: { summary: 'Search transcript passages (highlights, facets)', parameters: queryParams(ApiRequestSchemas.search), responses: { '200': { description: '`{passages, total, totalCalls, facets, nextCursor}`' }, ...errors } } },
      '/v1/accounts': { get: { summary: 'Accounts with visible calls', parameters: queryParams(ApiRequestSchemas.listAccounts), responses: { '200': { description: '`{accounts}`' }, ...errors } } },
      '/v1/accounts/{id}/research': { get: { summary: 'Account timeline and passages of both sides for a question over from/to (default: the last 90 days); the account by id, bare CRM id, email domain or name (zero Gong requests)', parameters: [...pathParams(ApiRequestSchemas.account), ...queryParams(ApiRequestSchemas.accountResearch)], responses: { '200': { description: 'The research view' }, '404': { description: 'No visible calls of this account' }, ...errors, '400': { description: 'Invalid query; an ambiguous account name (the candidates are listed); from not before to' } } } },
      '/v1/trackers': { get: { summary: 'The company keyword trackers and their phrases (replicated daily)', parameters: queryParams(ApiRequestSchemas.listTrackers), responses: { '200': { description: '`{trackers}`' }, ...errors } } },
      '/v1/events': { get: { summary: 'Server-Sent Events: `call.indexed` for each newly indexed call the user may see', responses: { '200': { description: 'text/event-stream' }, ...errors } } },
      '/mcp': { post: { summary: 'MCP over Streamable HTTP (stateless); tools search_calls, list_calls, get_call, call_summary, get_transcript, account_research, list_trackers, whoami', responses: { '200': { description: 'JSON-RPC' }, ...errors } } },
      '/admin/tokens': {
        post: { summary: 'Create a token (admin); the secret is in this answer only', security: bearer, responses: { '201': { description: 'The token' } } },
        get: { summary: 'List tokens (admin)', responses: { '200': { description: '`{tokens}`' } } },
      },
      '/admin/tokens/{id}/revoke': { post: { summary: 'Revoke a token (admin)', parameters: [{ ...idParam, schema: { type: 'string' } }], responses: { '200': { description: 'The token' } } } },
      '/admin/tokens/{id}/expire': { post: { summary: 'Expire a token now or at `at` (admin)', parameters: [{ ...idParam, schema: { type: 'string' } }], responses: { '200': { description: 'The token' } } } },
      '/admin/webhooks': {
        post: { summary: 'Subscribe a URL to call.indexed (admin); the signing secret is in this answer only', responses: { '201': { description: 'The subscription' } } },
        get: { summary: 'List subscriptions (admin)', responses: { '200': { description: '`{subscriptions}`' } } },
      },
      '/admin/webhooks/deliveries': { get: { summary: 'List deliveries, e.g. ?status=dead (admin)', responses: { '200': { description: '`{deliveries}`' } } } },
      '/admin/webhooks/deliveries/redeliver': { post: { summary: 'Requeue dead deliveries `{ids}` (admin)', responses: { '200': { description: '`{requeued}`' } } } },
    },
  };
}
