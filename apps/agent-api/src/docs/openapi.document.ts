import { z } from 'zod';
import { ApiRequestSchemas } from '../api/api-request.schemas.js';
import { ApiResponseSchemas } from '../api/api-response.schemas.js';

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

/** A JSON response described by its zod schema from api-response.schemas.ts (the MCP tools' output schemas too). */
function json(description: string, schema: z.ZodType): Record<string, unknown> {
  const { $schema: _dialect, ...jsonSchema } = z.toJSONSchema(schema, { io: 'output', unrepresentable: 'any' }) as Record<string, unknown>;
  return { description, content: { 'application/json': { schema: jsonSchema } } };
}
const errors = {
  '400': json('A parameter is invalid: `details[].path` names each bad field', ApiResponseSchemas.error),
  '401': json('Missing or invalid bearer token', ApiResponseSchemas.error),
  '429': json('Rate limit of the token reached; see Retry-After, RateLimit and RateLimit-Policy', ApiResponseSchemas.error),
};
const notFound = json('No such call, or not visible (the same answer)', ApiResponseSchemas.error);
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
      '/v1/me': { get: { summary: 'Who the token acts for', responses: { '200': json('The user', ApiResponseSchemas.me), ...errors } } },
      '/v1/calls': { get: { summary: 'List visible calls, newest first', parameters: queryParams(ApiRequestSchemas.listCalls), responses: { '200': json('A page of calls', ApiResponseSchemas.listCalls), ...errors } } },
      '/v1/calls/{callId}': { get: { summary: 'One call: parties, CRM context, topics, trackers (live fallback to Gong when not replicated)', parameters: pathParams(ApiRequestSchemas.callId), responses: { '200': json('The call', ApiResponseSchemas.call), '404': notFound, ...errors } } },
      '/v1/calls/{callId}/transcript': { get: { summary: 'Transcript with speakers resolved, paged by monologue', parameters: [...pathParams(ApiRequestSchemas.callId), ...queryParams(ApiRequestSchemas.transcript)], responses: { '200': json('A page of the transcript', ApiResponseSchemas.transcript), '404': notFound, ...errors } } },
      '/v1/search': { get: { summary: 'Search transcript passages (highlights, facets)', parameters: queryParams(ApiRequestSchemas.search), responses: { '200': json('A page of passages, totals and facets', ApiResponseSchemas.search), ...errors } } },
      '/v1/accounts': { get: { summary: 'Accounts with visible calls', parameters: queryParams(ApiRequestSchemas.listAccounts), responses: { '200': json('Accounts', ApiResponseSchemas.listAccounts), ...errors } } },
      '/v1/accounts/{id}/research': { get: { summary: 'Account timeline and passages for a question (zero Gong requests)', parameters: [...pathParams(ApiRequestSchemas.account), ...queryParams(ApiRequestSchemas.accountResearch)], responses: { '200': json('The research view', ApiResponseSchemas.accountResearch), '404': json('No visible calls of this account', ApiResponseSchemas.error), ...errors } } },
      '/v1/events': { get: { summary: 'Server-Sent Events: `call.indexed` for each newly indexed call the user may see', responses: { '200': { description: 'One `call.indexed` event per newly indexed call the user may see', content: { 'text/event-stream': { schema: { type: 'string' } } } }, ...errors } } },
      '/mcp': { post: { summary: 'MCP over Streamable HTTP (stateless); tools search_calls, list_calls, get_call, get_transcript, account_research, whoami', responses: { '200': json('The JSON-RPC answer (or an SSE stream of them)', ApiResponseSchemas.jsonRpc), ...errors } } },
      '/admin/tokens': {
        post: { summary: 'Create a token (admin); the secret is in this answer only', security: bearer, responses: { '201': json('The token, with its secret', ApiResponseSchemas.adminTokenCreated) } },
        get: { summary: 'List tokens (admin)', responses: { '200': json('Tokens', ApiResponseSchemas.adminTokens) } },
      },
      '/admin/tokens/{id}/revoke': { post: { summary: 'Revoke a token (admin)', parameters: [{ ...idParam, schema: { type: 'string' } }], responses: { '200': json('The token', ApiResponseSchemas.adminToken) } } },
      '/admin/tokens/{id}/expire': { post: { summary: 'Expire a token now or at `at` (admin)', parameters: [{ ...idParam, schema: { type: 'string' } }], responses: { '200': json('The token', ApiResponseSchemas.adminToken) } } },
      '/admin/webhooks': {
        post: { summary: 'Subscribe a URL to call.indexed (admin); the signing secret is in this answer only', responses: { '201': json('The subscription, with its signing secret', ApiResponseSchemas.webhookSubscriptionCreated) } },
        get: { summary: 'List subscriptions (admin)', responses: { '200': json('Subscriptions', ApiResponseSchemas.webhookSubscriptions) } },
      },
      '/admin/webhooks/deliveries': { get: { summary: 'List deliveries, e.g. ?status=dead (admin)', responses: { '200': json('Deliveries', ApiResponseSchemas.webhookDeliveries) } } },
      '/admin/webhooks/deliveries/redeliver': { post: { summary: 'Requeue dead deliveries `{ids}` (admin)', responses: { '200': json('Requeued deliveries', ApiResponseSchemas.webhookRequeued) } } },
    },
  };
}
